-- JGB yields against the policy rate, one row per MoF business day on which a target was in force:
-- how far the 2-year and 10-year yields sit above (or below) the BoJ's target, in basis points.
with curve as (
    select
        date,
        yield_2y,
        yield_10y
    from {{ ref('jgb_curve_daily') }}
),

policy as (
    select
        date,
        value as policy_rate_pct,
        instrument
    from {{ ref('policy_rates') }}
    where series = 'policy_target'
),

call_rate as (
    select
        date,
        value as call_rate_pct
    from {{ ref('policy_rates') }}
    where series = 'call_rate_overnight'
)

select
    c.date,
    c.yield_2y,
    c.yield_10y,
    p.policy_rate_pct,
    p.instrument                                      as policy_instrument,
    r.call_rate_pct,
    round((c.yield_2y - p.policy_rate_pct) * 100, 3)  as spread_2y_bp,
    round((c.yield_10y - p.policy_rate_pct) * 100, 3) as spread_10y_bp
from curve as c
inner join policy as p using (date)
left join call_rate as r using (date)
