select
    chain,
    symbol     as token,
    contract,
    role,
    block_number,
    block_hash,
    block_ts   as ts,
    amount     as supply,
    raw_amount as supply_raw,
    decimals,
    decimals_from_chain
from {{ ref('int_stablecoins__amounts') }}
where function = 'totalSupply'
    and role in ('stablecoin', 'legacy_stablecoin')
