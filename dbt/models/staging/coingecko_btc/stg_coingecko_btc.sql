-- CoinGecko's daily Bitcoin snapshot in US dollars. The raw table is already typed by its declaration
-- (ingest/sources/coingecko_btc): nothing to re-cast.
select
    date,
    price_usd,
    market_cap_usd,
    total_volume_usd,
    snapped_at,
    source_sha256,
    loaded_at
from {{ source('coingecko_btc', 'coingecko_btc') }}
