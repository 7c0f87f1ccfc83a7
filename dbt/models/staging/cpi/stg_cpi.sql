-- The raw table is already typed by its declaration (ingest/sources/cpi): nothing to re-cast.
select
    month,
    series_code,
    series_name,
    series_name_en,
    index_2020,
    source_sha256,
    loaded_at
from {{ source('cpi', 'cpi') }}
