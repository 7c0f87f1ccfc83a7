-- The raw table is already typed by its declaration (ingest/sources/esri_gdp): nothing to re-cast.
select
    quarter,
    item_code,
    value_bn_jpy,
    item_name_ja,
    item_name_en,
    release,
    source_sha256,
    loaded_at
from {{ source('esri_gdp', 'esri_gdp') }}
