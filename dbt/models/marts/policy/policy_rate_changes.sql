-- One row per policy decision: the target before and after, and the change in basis points.
select
    decided,
    effective,
    instrument,
    target_pct                                                               as new_target_pct,
    lower_pct,
    upper_pct,
    point_pct,
    guidance,
    source_citation,
    lag(target_pct) over (order by effective)                                as old_target_pct,
    round((target_pct - lag(target_pct) over (order by effective)) * 100, 1) as change_bp
from {{ ref('stg_boj_policy_decisions') }}
