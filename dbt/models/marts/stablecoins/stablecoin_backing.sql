-- One row per stablecoin and snapshot time: for every timestamp at which any chain's supply of
-- the token was read, each chain contributes its latest read at or before that time (carry
-- forward), and so does every reserve holder and every USD-denominated PoR feed that backs it.
with supply as (
    select token, chain, ts, supply
    from {{ ref('stablecoin_supply') }}
    where role = 'stablecoin'
    qualify row_number() over (partition by token, chain, ts order by block_number desc) = 1
),

grid as (select distinct token, ts from supply),

supply_at as (
    select g.token, g.ts, sum(s.supply) as onchain_supply, count(s.chain) as chains_covered
    from grid g
    join (select distinct token, chain from supply) c on c.token = g.token
    asof join supply s on s.token = c.token and s.chain = c.chain and s.ts <= g.ts
    group by g.token, g.ts
),

balances as (
    select backs_token as token, holder_id, collateral_contract, holder_role, ts, balance_usd
    from {{ ref('reserve_balances') }}
    qualify row_number() over (partition by holder_id, collateral_contract, ts order by block_number desc) = 1
),

reserves_at as (
    select g.token, g.ts,
           sum(b.balance_usd)                                                    as holder_reserves_usd,
           sum(case when b.holder_role = 'psm_reserve' then b.balance_usd end)   as psm_depth_usd
    from grid g
    join (select distinct token, holder_id, collateral_contract from balances) h on h.token = g.token
    asof join balances b on b.holder_id = h.holder_id and b.collateral_contract = h.collateral_contract and b.ts <= g.ts
    group by g.token, g.ts
),

feeds as (
    select backs_token as token, feed_id, ts, answer
    from {{ ref('por_feeds') }}
    where unit = 'USD'
    qualify row_number() over (partition by feed_id, ts order by block_number desc) = 1
),

feeds_at as (
    select g.token, g.ts, sum(f.answer) as por_reserves_usd
    from grid g
    join (select distinct token, feed_id from feeds) k on k.token = g.token
    asof join feeds f on f.feed_id = k.feed_id and f.ts <= g.ts
    group by g.token, g.ts
)

select
    s.token,
    s.ts,
    s.onchain_supply,
    s.chains_covered,
    r.holder_reserves_usd,
    f.por_reserves_usd,
    case when r.holder_reserves_usd is null and f.por_reserves_usd is null then null
         else coalesce(r.holder_reserves_usd, 0) + coalesce(f.por_reserves_usd, 0) end  as onchain_reserves_usd,
    case when s.onchain_supply > 0 and (r.holder_reserves_usd is not null or f.por_reserves_usd is not null)
         then (coalesce(r.holder_reserves_usd, 0) + coalesce(f.por_reserves_usd, 0)) / s.onchain_supply end
                                                                                          as collateral_ratio,
    r.psm_depth_usd
from supply_at s
left join reserves_at r on r.token = s.token and r.ts = s.ts
left join feeds_at f on f.token = s.token and f.ts = s.ts
