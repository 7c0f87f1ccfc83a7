select
    date::date            as date,
    tenor_years::smallint as tenor_years,
    yield_pct::double     as yield_pct,
    source_sha256,
    loaded_at
from {{ source('raw_mof', 'mof_jgb_yields') }}
