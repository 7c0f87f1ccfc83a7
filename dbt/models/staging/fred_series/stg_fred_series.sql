-- FRED daily series, one row per series and day with a value. The raw table is already typed by its
-- declaration (ingest/sources/fred_series): nothing to re-cast.
select
    series_id,
    date,
    value,
    source_sha256,
    loaded_at
from {{ source('fred_series', 'fred_series') }}
