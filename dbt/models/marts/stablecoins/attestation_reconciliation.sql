-- Each issuer attestation next to the on-chain reading nearest in time (within the window):
-- chain-scoped figures (USDD's per-chain data) against that chain's supply and reserve holders,
-- issuer-wide figures against the sum over the chains this warehouse reads.
with att as (
    select * from {{ ref('stg_issuer_attestations') }}
),

chain_reserves as (
    select chain, backs_token as token, block_number, sum(balance_usd) as reserves_usd
    from {{ ref('reserve_balances') }}
    group by chain, backs_token, block_number
),

candidates as (
    select s.token, s.chain as scope, s.ts, s.block_number, s.supply, r.reserves_usd, 1 as chains_covered
    from {{ ref('stablecoin_supply') }} s
    left join chain_reserves r on r.chain = s.chain and r.token = s.token and r.block_number = s.block_number
    where s.role = 'stablecoin'
    union all
    select token, 'all_chains', ts, null, onchain_supply, onchain_reserves_usd, chains_covered
    from {{ ref('stablecoin_backing') }}
),

matched as (
    select
        a.*,
        c.ts               as onchain_ts,
        c.block_number     as onchain_block,
        c.supply           as onchain_supply,
        c.reserves_usd     as onchain_reserves_usd,
        c.chains_covered,
        row_number() over (
            partition by a.issuer, a.token, a.scope, a.as_of
            order by abs(epoch(c.ts) - epoch(a.as_of)), c.ts desc
        ) as rn
    from att a
    left join candidates c
      on c.token = a.token and c.scope = a.scope
     and abs(epoch(c.ts) - epoch(a.as_of)) <= {{ var('attestation_match_window_days') }} * 86400
)

select
    issuer,
    token,
    scope,
    as_of,
    report,
    tokens_outstanding                                        as attested_supply,
    onchain_supply,
    onchain_supply - tokens_outstanding                       as supply_delta,
    100 * (onchain_supply - tokens_outstanding) / nullif(tokens_outstanding, 0) as supply_delta_pct,
    reserves_usd                                              as attested_reserves_usd,
    onchain_reserves_usd,
    onchain_reserves_usd - reserves_usd                       as reserves_delta_usd,
    onchain_ts,
    onchain_block,
    (epoch(onchain_ts) - epoch(as_of)) / 3600.0               as match_gap_hours,
    chains_covered,
    precision_usd,
    case
        when onchain_ts is null then 'no_onchain_snapshot'
        when tokens_outstanding is null then 'no_attested_supply'
        when abs(onchain_supply - tokens_outstanding)
             > greatest({{ var('attestation_tolerance_pct') }} / 100.0 * tokens_outstanding, coalesce(precision_usd, 0))
            then 'mismatch'
        else 'ok'
    end                                                       as status,
    source
from matched
where rn = 1
