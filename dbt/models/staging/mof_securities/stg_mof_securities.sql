-- The raw table is already typed by its declaration (ingest/sources/mof_securities): nothing to re-cast.
select
    month,
    direction,
    instrument,
    measure,
    value_100m_yen,
    source_sha256,
    loaded_at
from {{ source('mof_securities', 'mof_securities') }}
