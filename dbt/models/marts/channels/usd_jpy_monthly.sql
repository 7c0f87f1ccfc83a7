-- USD/JPY by month at its two fixings side by side: the BoJ's monthly average of the 17:00 Tokyo rate
-- (FM08/FXERM07) and the mean of FRED's noon New York buying rate (DEXJPUS) over the month's readings.
-- The two are different fixings hours apart, so they differ; the column difference_yen shows by how much.
with boj as (
    select
        period_date as month,
        value       as boj_tokyo_17h_avg
    from {{ ref('stg_boj_rates') }}
    where series_id = 'FM08/FXERM07'
),

fred as (
    select
        date_trunc('month', date)::date as month,
        avg(usd_jpy)                    as fred_noon_new_york_avg,
        count(*)                        as fred_readings
    from {{ ref('usd_jpy_daily') }}
    group by 1
)

select
    month,
    boj.boj_tokyo_17h_avg,
    fred.fred_readings,
    round(fred.fred_noon_new_york_avg, 4)                         as fred_noon_new_york_avg,
    round(fred.fred_noon_new_york_avg - boj.boj_tokyo_17h_avg, 4) as difference_yen
from boj
full join fred using (month)
