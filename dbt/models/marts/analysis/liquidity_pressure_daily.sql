-- JGB stress next to stablecoin supply, flows and backing, one row a day (MoF business days, plus days
-- with an on-chain reading), with a composite stress score: the mean of the z-scores of the components
-- below that have a value that day, each signed so that higher means more stress, each taken over the
-- last var('stress_window_days') rows, and only once the window holds 20 values of that component.
{%- set window = var('stress_window_days') | int %}
{%- set min_obs = 20 %}
{%- set flow_days = 30 %}

with curve as (
    select
        c.date,
        c.yield_2y,
        c.yield_10y,
        c.yield_30y,
        s.spread_10y_2y_bp,
        s.spread_30y_10y_bp,
        round((c.yield_10y - lag(c.yield_10y) over (order by c.date)) * 100, 3) as change_10y_bp,
        round((c.yield_30y - lag(c.yield_30y) over (order by c.date)) * 100, 3) as change_30y_bp
    from {{ ref('jgb_curve_daily') }} as c
    left join {{ ref('jgb_spreads') }} as s using (date)
),

policy as (
    select
        date,
        policy_rate_pct,
        spread_10y_bp as policy_spread_10y_bp
    from {{ ref('jgb_vs_policy') }}
),

coins_day as (
    -- each token's last reading of the day, then all tokens together
    select
        date,
        sum(onchain_supply)                                                 as stablecoin_supply,
        sum(onchain_reserves_usd)                                           as stablecoin_reserves_usd,
        sum(onchain_supply) filter (where onchain_reserves_usd is not null) as supply_with_reserves,
        sum(psm_depth_usd)                                                  as psm_depth_usd
    from (
        select
            token,
            ts::date                          as date,
            arg_max(onchain_supply, ts)       as onchain_supply,
            arg_max(onchain_reserves_usd, ts) as onchain_reserves_usd,
            arg_max(psm_depth_usd, ts)        as psm_depth_usd
        from {{ ref('stablecoin_backing') }}
        group by token, ts::date
    )
    group by date
),

coins as (
    -- changes only against a reading at most 7 days earlier: a change across a long gap is no daily move
    select
        date,
        stablecoin_supply,
        psm_depth_usd,
        round(100.0 * (stablecoin_supply / lag(stablecoin_supply) over w - 1), 4)
            as stablecoin_supply_change_pct,
        case when supply_with_reserves > 0 then stablecoin_reserves_usd / supply_with_reserves end as backing_ratio,
        round(100.0 * (psm_depth_usd / nullif(lag(psm_depth_usd) over w, 0) - 1), 4)
            as psm_depth_change_pct,
        lag(date) over w                                                                           as previous_reading
    from coins_day
    window w as (order by date)
),

days as (
    -- MoF business days, plus days with an on-chain reading but no yield (weekends, after MoF's last file)
    select date from curve
    union
    select date from coins
),

flow_tokens as (
    select unnest(['USDT', 'USDC']) as token
),

usd_supply as (
    select
        token,
        date,
        supply
    from {{ ref('stablecoin_supply_daily') }}
    where token in (select flow_tokens.token from flow_tokens)
),

first_reading as (
    select
        token,
        min(date) as first_date
    from usd_supply
    group by token
),

flow_by_token as (
    -- each token's supply as of the day and {{ flow_days }} days earlier: its latest reading on or
    -- before each date, ignored when more than 7 days old; 0 before the token's first reading (it was
    -- not issued yet: USDC started in September 2018)
    select
        d.date,
        t.token,
        case
            when d.date < f.first_date then 0
            when s_now.date >= d.date - 7 then s_now.supply
        end as supply_now,
        case
            when d.date - {{ flow_days }} < f.first_date then 0
            when s_then.date >= d.date - {{ flow_days + 7 }} then s_then.supply
        end as supply_then
    from days as d
    cross join flow_tokens as t
    inner join first_reading as f on t.token = f.token
    asof left join usd_supply as s_now on t.token = s_now.token and d.date >= s_now.date
    asof left join usd_supply as s_then on t.token = s_then.token and d.date - {{ flow_days }} >= s_then.date
),

flow as (
    -- all of the tokens, or nothing: a total missing one token is no total
    select
        date,
        case
            when count(supply_now) = (select count(*) from flow_tokens) and sum(supply_now) > 0 then sum(supply_now)
        end
            as usd_stablecoin_supply,
        case when count(supply_now) = (select count(*) from flow_tokens)
                and count(supply_then) = (select count(*) from flow_tokens)
                then round(100.0 * (sum(supply_now) / nullif(sum(supply_then), 0) - 1), 4)
        end as usd_stablecoin_flow_30d_pct
    from flow_by_token
    group by date
),

joined as (
    select
        c.* exclude (date),
        d.date,
        p.policy_rate_pct,
        p.policy_spread_10y_bp,
        k.stablecoin_supply,
        k.backing_ratio,
        k.psm_depth_usd,
        f.usd_stablecoin_supply,
        f.usd_stablecoin_flow_30d_pct,
        case when k.previous_reading >= d.date - 7 then k.stablecoin_supply_change_pct end
            as stablecoin_supply_change_pct,
        case when k.previous_reading >= d.date - 7 then k.psm_depth_change_pct end as psm_depth_change_pct
    from days as d
    left join curve as c using (date)
    left join policy as p using (date)
    left join coins as k using (date)
    left join flow as f using (date)
),

{%- set components = [
    ('z_change_10y', 'change_10y_bp', 1),
    ('z_change_30y', 'change_30y_bp', 1),
    ('z_spread_30y_10y', 'spread_30y_10y_bp', 1),
    ('z_policy_spread', 'policy_spread_10y_bp', 1),
    ('z_supply_change', 'stablecoin_supply_change_pct', -1),
    ('z_backing', 'backing_ratio', -1),
    ('z_psm_depth_change', 'psm_depth_change_pct', -1),
    ('z_usd_stablecoin_flow', 'usd_stablecoin_flow_30d_pct', -1),
] %}

scored as (
    select
        *,
    {% for name, col, sign in components -%}
    case when count({{ col }}) over w >= {{ min_obs }} and stddev_samp({{ col }}) over w > 0
            then {{ sign }} * round(({{ col }} - avg({{ col }}) over w) / stddev_samp({{ col }}) over w, 4)
    end as {{ name }}{{ "," if not loop.last }}
    {% endfor %}
    from joined
    window w as (order by date rows between {{ window - 1 }} preceding and current row)
)

select
    date,
    yield_10y,
    yield_30y,
    change_10y_bp,
    change_30y_bp,
    spread_10y_2y_bp,
    spread_30y_10y_bp,
    policy_rate_pct,
    policy_spread_10y_bp,
    stablecoin_supply,
    stablecoin_supply_change_pct,
    backing_ratio,
    psm_depth_usd,
    psm_depth_change_pct,
    usd_stablecoin_supply,
    usd_stablecoin_flow_30d_pct,
    {% for name, col, sign in components -%}
    {{ name }},
    {% endfor -%}
    {%- set zs = components | map(attribute=0) | list %}
    round(
        (
            {% for z in zs %}coalesce(
                {{ z }}, 0
            ){{ ' + ' if not loop.last }}{% endfor %}
        )
        / nullif(
            {% for z in zs %}(
                {{ z }} is not null
            )::int{{ ' + ' if not loop.last }}{% endfor %},
            0
        ),
        4
    ) as stress_score,
    {% for z in zs %}(
        {{ z }} is not null
    )::int{{ ' + ' if not loop.last }}{% endfor %}
        as stress_components,
    {{ window }}
        as stress_window_days
from scored
order by date
