-- The raw table is already typed by its declaration (ingest/sources/mof_jgb_yields): nothing to re-cast.
select
    date,
    tenor_years,
    yield_pct,
    source_sha256,
    loaded_at
from {{ source('mof_jgb_yields', 'mof_jgb_yields') }}
