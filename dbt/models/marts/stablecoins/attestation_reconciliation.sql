-- Each issuer attestation next to two independent readings of the same supply:
-- 1. the on-chain reading nearest in time (within the window): chain-scoped figures (USDD's
--    per-chain data) against that chain's supply and reserve holders, issuer-wide figures against
--    the sum over the chains this warehouse reads;
-- 2. for issuer-wide figures, DefiLlama's total circulating supply on the attestation's (UTC) date,
--    or its latest day before it within the window (e.g. Tether's Q4 2025 report vs 2025-12-31).
with att as (
    select * from {{ ref('stg_issuer_attestations') }}
),

defillama_matched as (
    select
        a.issuer,
        a.token,
        a.scope,
        a.as_of,
        d.date   as defillama_date,
        d.supply as defillama_supply
    from att as a
    inner join {{ ref('stablecoin_supply_daily') }} as d
        on a.token = d.token
            and d.source = 'defillama'
            and a.scope = 'all_chains'
            and d.date <= (a.as_of at time zone 'UTC')::date
            and d.date > (a.as_of at time zone 'UTC')::date - {{ var('attestation_match_window_days') }}
    qualify row_number() over (partition by a.issuer, a.token, a.scope, a.as_of order by d.date desc) = 1
),

chain_reserves as (
    select
        chain,
        backs_token      as token,
        block_number,
        sum(balance_usd) as reserves_usd
    from {{ ref('reserve_balances') }}
    group by chain, backs_token, block_number
),

candidates as (
    select
        s.token,
        s.chain as scope,
        s.ts,
        s.block_number,
        s.supply,
        r.reserves_usd,
        1       as chains_covered
    from {{ ref('stablecoin_supply') }} as s
    left join chain_reserves as r on s.chain = r.chain and s.token = r.token and s.block_number = r.block_number
    where s.role = 'stablecoin'
    union all
    select
        token,
        'all_chains'         as scope,
        ts,
        null                 as block_number,
        onchain_supply       as supply,
        onchain_reserves_usd as reserves_usd,
        chains_covered
    from {{ ref('stablecoin_backing') }}
),

matched as (
    select
        a.*,
        c.ts           as onchain_ts,
        c.block_number as onchain_block,
        c.supply       as onchain_supply,
        c.reserves_usd as onchain_reserves_usd,
        c.chains_covered,
        row_number() over (
            partition by a.issuer, a.token, a.scope, a.as_of
            order by abs(epoch(c.ts) - epoch(a.as_of)), c.ts desc
        )              as rn
    from att as a
    left join candidates as c
        on a.token = c.token and a.scope = c.scope
            and abs(epoch(c.ts) - epoch(a.as_of)) <= {{ var('attestation_match_window_days') }} * 86400
)

select
    m.issuer,
    m.token,
    m.scope,
    m.as_of,
    m.report,
    m.tokens_outstanding                                                                as attested_supply,
    m.onchain_supply,
    m.onchain_supply - m.tokens_outstanding                                             as supply_delta,
    100 * (m.onchain_supply - m.tokens_outstanding) / nullif(m.tokens_outstanding, 0)   as supply_delta_pct,
    m.reserves_usd                                                                      as attested_reserves_usd,
    m.onchain_reserves_usd,
    m.onchain_reserves_usd - m.reserves_usd                                             as reserves_delta_usd,
    m.onchain_ts,
    m.onchain_block,
    (epoch(m.onchain_ts) - epoch(m.as_of)) / 3600.0                                     as match_gap_hours,
    m.chains_covered,
    m.precision_usd,
    case
        when m.onchain_ts is null then 'no_onchain_snapshot'
        when m.tokens_outstanding is null then 'no_attested_supply'
        when {{ beyond_attestation_tolerance('m.onchain_supply', 'm.tokens_outstanding', 'm.precision_usd') }}
            then 'mismatch'
        else 'ok'
    end                                                                                 as status,
    d.defillama_date,
    d.defillama_supply,
    d.defillama_supply - m.tokens_outstanding                                           as defillama_delta,
    100 * (d.defillama_supply - m.tokens_outstanding) / nullif(m.tokens_outstanding, 0) as defillama_delta_pct,
    case
        when d.defillama_supply is null then 'no_defillama_figure'
        when m.tokens_outstanding is null then 'no_attested_supply'
        when {{ beyond_attestation_tolerance('d.defillama_supply', 'm.tokens_outstanding', 'm.precision_usd') }}
            then 'mismatch'
        else 'ok'
    end                                                                                 as defillama_status,
    m.source
from matched as m
left join defillama_matched as d
    on m.issuer = d.issuer and m.token = d.token and m.scope = d.scope and m.as_of = d.as_of
where m.rn = 1
