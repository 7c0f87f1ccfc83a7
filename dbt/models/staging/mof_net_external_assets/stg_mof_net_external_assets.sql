-- The raw table is already typed by its declaration (ingest/sources/mof_net_external_assets); citation is
-- the cited page in one line: who published it, when, and where.
select
    country,
    year_end,
    net_external_assets_100m_yen,
    rank,
    note,
    source_sha256,
    loaded_at,
    source || ', ' || strftime(published, '%Y-%m-%d') || ': ' || source_url as citation
from {{ source('mof_net_external_assets', 'mof_net_external_assets') }}
