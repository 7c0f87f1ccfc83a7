with reads as (
    select * from {{ ref('stg_onchain_reads') }}
    where role = 'por_feed'
),

pivoted as (
    select
        chain,
        entry_id,
        contract,
        block_number,
        any_value(block_hash)                                                        as block_hash,
        any_value(block_ts)                                                          as block_ts,
        any_value(backs)                                                             as backs,
        any_value(unit)                                                              as unit,
        any_value(heartbeat_s)                                                       as heartbeat_s,
        max(case when function = 'latestRoundData.roundId' then value end)::hugeint  as round_id,
        max(case when function = 'latestRoundData.answer' then value end)::hugeint   as answer_raw,
        max(case when function = 'latestRoundData.updatedAt' then value end)::bigint as updated_at_unix,
        max(case when function = 'decimals' then value end)::integer                 as feed_decimals,
        max(case when function = 'description' then value end)                       as description,
        any_value(registry_decimals)                                                 as registry_decimals
    from reads
    group by chain, entry_id, contract, block_number
)

select
    chain,
    entry_id                                                                 as feed_id,
    contract                                                                 as feed_address,
    description,
    backs                                                                    as backs_token,
    unit,
    block_number,
    block_hash,
    block_ts                                                                 as ts,
    round_id,
    heartbeat_s,
    coalesce(feed_decimals, registry_decimals)                               as decimals,
    answer_raw::double / pow(10, coalesce(feed_decimals, registry_decimals)) as answer,
    to_timestamp(updated_at_unix)                                            as updated_at,
    epoch(block_ts) - updated_at_unix                                        as age_s,
    epoch(block_ts) - updated_at_unix > heartbeat_s                          as is_stale
from pivoted
