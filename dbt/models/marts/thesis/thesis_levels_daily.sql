-- The series the thesis is tested on, long, on one calendar: every MoF business day (the JGB market's
-- days), numbered day_index 1, 2, … so that "h business days later" is day_index + h for every series.
-- Drivers are the JGB 30- and 10-year yields; responses are Bitcoin (Coinbase's close, FRED CBBTCUSD),
-- USD/JPY (FRED DEXJPUS), the US 10-year yield (FRED DGS10), USDT + USDC supply and the stress score
-- of liquidity_pressure_daily. Each series' series_level on a day is its latest reading on or before it, null
-- when that reading is more than var('response_max_staleness_days') days old. Levels of prices and
-- supply are 100 × ln(x), so a difference of levels is a change in log points (≈ %).
{%- set stale = var('response_max_staleness_days') | int %}

with days as (
    select
        date,
        row_number() over (order by date) as day_index
    from {{ ref('jgb_curve_daily') }}
),

readings as (
    -- (series, role, unit, the level and where it comes from), one branch a series
    select
        'jgb_30y'       as series,
        'driver'        as series_role,
        'bp'            as unit,
        date,
        yield_30y * 100 as series_level
    from {{ ref('jgb_curve_daily') }}
    where yield_30y is not null
    union all
    select
        'jgb_10y'       as series,
        'driver'        as series_role,
        'bp'            as unit,
        date,
        yield_10y * 100 as series_level
    from {{ ref('jgb_curve_daily') }}
    where yield_10y is not null
    union all
    select
        'btc'                        as series,
        'response'                   as series_role,
        'log points (%)'             as unit,
        date,
        100 * ln(coinbase_close_usd) as series_level
    from {{ ref('btc_daily') }}
    where coinbase_close_usd > 0
    union all
    select
        'usd_jpy'        as series,
        'response'       as series_role,
        'yen per dollar' as unit,
        date,
        usd_jpy          as series_level
    from {{ ref('usd_jpy_daily') }}
    where usd_jpy is not null
    union all
    select
        'ust_10y'   as series,
        'response'  as series_role,
        'bp'        as unit,
        date,
        value * 100 as series_level
    from {{ ref('stg_fred_series') }}
    where series_id = 'DGS10'
    union all
    select
        'usd_stablecoin_supply'         as series,
        'response'                      as series_role,
        'log points (%)'                as unit,
        date,
        100 * ln(usd_stablecoin_supply) as series_level
    from {{ ref('liquidity_pressure_daily') }}
    where usd_stablecoin_supply > 0
    union all
    select
        'stress_score'  as series,
        'response'      as series_role,
        'z-score units' as unit,
        date,
        stress_score    as series_level
    from {{ ref('liquidity_pressure_daily') }}
    where stress_score is not null
),

series as (
    select distinct
        series,
        series_role,
        unit
    from readings
),

grid as (
    select
        d.date,
        d.day_index,
        s.series,
        s.series_role,
        s.unit
    from days as d
    cross join series as s
)

select
    g.date,
    g.day_index,
    g.series,
    g.series_role,
    g.unit,
    case when r.date >= g.date - {{ stale }} then r.series_level end as series_level,
    case when r.date >= g.date - {{ stale }} then r.date end         as reading_date
from grid as g
asof left join readings as r
    on g.series = r.series and g.date >= r.date
