-- The raw table is already typed by its declaration (ingest/sources/onchain_reads): nothing to re-cast.
select
    chain,
    block_number,
    block_hash,
    block_timestamp as block_ts,
    contract,
    function,
    argument,
    value,
    entry_id,
    symbol,
    role,
    backs,
    registry_decimals,
    unit,
    heartbeat_s,
    read_tag,
    source_sha256,
    loaded_at
from {{ source('onchain_reads', 'onchain_reads') }}
