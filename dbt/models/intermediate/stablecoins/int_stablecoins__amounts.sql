-- Numeric reads scaled to token units: decimals() read on chain at the same block wins over the
-- registry's value (a registry typo cannot silently scale a supply by 10^12).
with reads as (
    select * from {{ ref('stg_onchain_reads') }}
),

onchain_decimals as (
    select
        chain,
        block_number,
        contract,
        value::integer as decimals
    from reads
    where function = 'decimals'
),

joined as (
    select
        r.*,
        r.value::hugeint                                            as raw_amount,
        coalesce(d.decimals, r.registry_decimals)                   as used_decimals,
        d.decimals is not null                                      as decimals_from_chain,
        pow(10, coalesce(d.decimals, r.registry_decimals))::hugeint as scale
    from reads as r
    left join onchain_decimals as d
        on r.chain = d.chain and r.block_number = d.block_number and r.contract = d.contract
    where r.function in ('totalSupply', 'balanceOf', 'latestRoundData.answer')
)

select
    chain,
    block_number,
    block_hash,
    block_ts,
    contract,
    function,
    argument,
    entry_id,
    symbol,
    role,
    backs,
    unit,
    heartbeat_s,
    used_decimals                                                                as decimals,
    decimals_from_chain,
    raw_amount,
    -- integer and fractional parts apart, so 707000 * 10^18 scales to exactly 707000.0
    (raw_amount // scale)::double + (raw_amount % scale)::double / scale::double as amount
from joined
