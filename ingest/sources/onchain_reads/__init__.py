"""Stablecoin supply, reserve balances and PoR feeds read from chain at a confirmed block (see README.md)."""

from __future__ import annotations

from datetime import timedelta

from ingest.source import Cadence, Column, SourceSpec, TableSpec, source_name
from ingest.sources.onchain_reads import expectations, fetch, parse
from ingest.sources.onchain_reads.chains import HOLDER_ROLES, TOKEN_ROLES

TABLE = TableSpec(
    name=source_name(__package__),
    key={
        "chain": Column("VARCHAR", "Registry chain id (tron, ethereum, or a test devnet)."),
        "block_number": Column(
            "BIGINT",
            "Block the value was read at (EVM: head minus the chain's confirmations; "
            "TRON: the latest block seen at read time).",
        ),
        "contract": Column("VARCHAR", "Contract called (TRON base58 T…, EVM lower-case 0x hex)."),
        "function": Column("VARCHAR", "View called; latestRoundData outputs are split as latestRoundData.<output>."),
        "argument": Column("VARCHAR", "Holder address for balanceOf, '' otherwise."),
    },
    values={
        "block_hash": Column(
            "VARCHAR", "Hash of the block read (32-byte hex); a reorg changes it and supersedes the row.", not_null=True
        ),
        "block_timestamp": Column("TIMESTAMPTZ", "Block timestamp (UTC).", not_null=True),
        "value": Column(
            "VARCHAR", "Decoded result as text (exact integer for numbers; text for description()).", not_null=True
        ),
    },
    extra={
        "entry_id": Column("VARCHAR", "Registry entry (token, holder or PoR feed id) the read answers."),
        "symbol": Column(
            "VARCHAR", "Token symbol of the contract read (for balanceOf, the collateral token's symbol)."
        ),
        "role": Column(
            "VARCHAR",
            "Registry role: stablecoin, legacy_stablecoin, collateral, psm_reserve, psm_module, reserve or por_feed.",
            accepted=(*TOKEN_ROLES, *HOLDER_ROLES, "por_feed"),
        ),
        "backs": Column("VARCHAR", "Stablecoin the entry backs (holders, feeds) or is (tokens)."),
        "registry_decimals": Column(
            "INTEGER", "Decimals the registry records (used when no on-chain decimals() read exists at that block)."
        ),
        "unit": Column("VARCHAR", "Unit of a PoR feed answer (e.g. USD, BTC); null for tokens."),
        "heartbeat_s": Column("INTEGER", "PoR feed heartbeat in seconds (registry); null for tokens."),
        "read_tag": Column("VARCHAR", "Block tag sent with eth_call (hex number, or 'latest' on TRON)."),
    },
    description=(
        "One row per eth_call result (totalSupply, decimals, balanceOf, PoR latestRoundData): chain, block "
        "(number, hash, timestamp), contract, function and argument, with the registry entry it answers "
        "(ingest/sources/onchain_reads/chain.yaml). A reorg (same block number, new hash) moves the old row to "
        "raw.onchain_reads__history."
    ),
)

CADENCE = Cadence(
    cron="5 * * * *",
    schedule_description="Every hour at :05 (TRON keeps no history: each snapshot is the record).",
    date_column="block_timestamp",
    # One missed hourly run is tolerable; two in a row plus slack is not.
    max_lag=timedelta(hours=3),
    lag_description="a snapshot every hour; stale when the newest block read is more than 3 hours old",
)

SOURCE = SourceSpec(
    table=TABLE,
    cadence=CADENCE,
    description=(
        "On-chain reads by JSON-RPC eth_call at a confirmed block: stablecoin supply, reserve and PSM balances, "
        "Proof-of-Reserve feeds."
    ),
    fetch=fetch.fetch,
    parse=parse.parse,
    suite=expectations.suite,
    to_load=expectations.to_load,
    evidence_kinds=frozenset({"head", "block"}),
)
