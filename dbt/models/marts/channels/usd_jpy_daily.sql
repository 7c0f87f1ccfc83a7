-- USD/JPY per day from FRED's DEXJPUS (the noon New York buying rate, yen per dollar), with the day's
-- change and the change over the last var('fx_change_window_days') readings. A change spans the
-- days FRED has no reading for (holidays): it is reading to reading.
{%- set window = var('fx_change_window_days') | int %}

with fx as (
    select
        date,
        value as usd_jpy
    from {{ ref('stg_fred_series') }}
    where series_id = 'DEXJPUS'
)

select
    date,
    usd_jpy,
    round(usd_jpy - lag(usd_jpy) over w, 4)                           as change_1d_yen,
    round(usd_jpy - lag(usd_jpy, {{ window }}) over w, 4)             as change_window_yen,
    round(100 * (usd_jpy / lag(usd_jpy, {{ window }}) over w - 1), 4) as change_window_pct,
    {{ window }}                                                      as change_window_readings,
    'FRED DEXJPUS, noon New York buying rate'                         as fixing
from fx
window w as (order by date)
