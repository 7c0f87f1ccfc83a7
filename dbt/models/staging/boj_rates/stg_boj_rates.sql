-- BoJ observations, typed, with a readable series id ("FM01/STRDCLUCON").
select
    db,
    series_code,
    db || '/' || series_code  as series_id,
    period_code::bigint       as period_code,
    period_date::date         as period_date,
    frequency,
    value::double             as value,
    series_name,
    unit,
    source_sha256,
    loaded_at
from {{ source('raw_boj', 'boj_rates') }}
