-- One row per business day and tenor, with the day-on-day change in basis points.
select
    date,
    tenor_years,
    yield_pct,
    round((yield_pct - lag(yield_pct) over (partition by tenor_years order by date)) * 100, 3) as change_bp,
    lag(date) over (partition by tenor_years order by date)                                    as previous_date
from {{ ref('stg_mof_jgb_yields') }}
