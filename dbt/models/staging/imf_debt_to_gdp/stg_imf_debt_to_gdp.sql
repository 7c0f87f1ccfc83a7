-- The raw table is already typed by its declaration (ingest/sources/imf_debt_to_gdp): nothing to re-cast.
select
    country,
    year,
    vintage,
    debt_pct,
    fetched_on,
    source_sha256,
    loaded_at
from {{ source('imf_debt_to_gdp', 'imf_debt_to_gdp') }}
