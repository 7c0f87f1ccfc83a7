-- Total circulating supply per stablecoin and day, across every chain the source covers. Today that
-- is DefiLlama alone (USDT since 2017-11-29, USDC since 2018-09-11); `source` says whose figure each
-- row is, so another source can be added beside it without changing the readers.
select
    token,
    date,
    supply,
    'defillama' as source
from {{ ref('stg_defillama_stablecoins') }}
