-- The raw table is already typed by its declaration (ingest/sources/defillama_stablecoins): nothing to re-cast.
select
    token,
    date,
    supply,
    defillama_id,
    representation,
    source_sha256,
    loaded_at
from {{ source('defillama_stablecoins', 'defillama_stablecoins') }}
