-- One row per CPI series and month: the published index and its year-on-year change.
-- yoy_pct is computed from the published (rounded, one-decimal) index; the Statistics Bureau's own
-- rate uses unrounded indices, so the two can differ by ±0.1 pt. yoy_basis says so on every row.
with cpi as (
    select * from {{ ref('stg_cpi') }}
)

select
    cur.month,
    cur.series_code,
    cur.series_name,
    cur.series_name_en,
    cur.index_2020,
    'computed from the rounded index (official rate uses unrounded indices; may differ by ±0.1 pt)' as yoy_basis,
    round(100.0 * (cur.index_2020 / prev.index_2020 - 1), 1)                                        as yoy_pct,
    cur.series_code = '0001'                                                                        as is_headline,
    cur.series_code = '0161'                                                                        as is_boj_core
from cpi as cur
left join cpi as prev
    on cur.series_code = prev.series_code
        and prev.month = cur.month - interval 12 month
