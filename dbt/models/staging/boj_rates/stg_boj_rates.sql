-- BoJ observations with a readable series id ("FM02/STRACLUCON"). The raw table is already typed by its
-- declaration (ingest/sources/boj_rates): nothing to re-cast.
select
    db,
    series_code,
    period_code,
    period_date,
    frequency,
    value,
    series_name,
    unit,
    source_sha256,
    loaded_at,
    db || '/' || series_code as series_id
from {{ source('boj_rates', 'boj_rates') }}
