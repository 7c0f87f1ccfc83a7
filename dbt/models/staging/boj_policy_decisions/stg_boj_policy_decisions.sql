-- Policy decisions with the single target each implies (the point, or the middle of a range) and the day it
-- stopped applying. The raw table is already typed by its declaration (ingest/sources/boj_policy_decisions).
select
    decided,
    effective,
    instrument,
    lower_pct,
    upper_pct,
    point_pct,
    guidance,
    source_citation,
    source_sha256,
    loaded_at,
    (lead(effective) over (order by effective) - interval 1 day)::date as superseded_after,
    coalesce(point_pct, (lower_pct + upper_pct) / 2)                   as target_pct
from {{ source('boj_policy_decisions', 'boj_policy_decisions') }}
