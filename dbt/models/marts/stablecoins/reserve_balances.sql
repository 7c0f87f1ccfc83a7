-- Collateral held by reserve / PSM addresses; USD value at par because every collateral the
-- registry lists for a holder is a USD stablecoin (USDT, USDC).
select
    chain,
    entry_id as holder_id,
    argument as holder_address,
    role     as holder_role,
    backs    as backs_token,
    symbol   as collateral_token,
    contract as collateral_contract,
    block_number,
    block_hash,
    block_ts as ts,
    amount   as balance,
    amount   as balance_usd,
    decimals
from {{ ref('int_stablecoins__amounts') }}
where function = 'balanceOf'
