-- One row per stablecoin and snapshot time: for every timestamp at which any chain's supply of
-- the token was read, each chain contributes its latest read at or before that time (carry
-- forward), and so does every reserve holder and every USD-denominated PoR feed that backs it.
with supply as (
    select
        token,
        chain,
        ts,
        supply
    from {{ ref('stablecoin_supply') }}
    where role = 'stablecoin'
    qualify row_number() over (partition by token, chain, ts order by block_number desc) = 1
),

grid as (
    select distinct
        token,
        ts
    from supply
),

supply_chains as (
    select distinct
        token,
        chain
    from supply
),

supply_at as (
    select
        g.token,
        g.ts,
        sum(s.supply)  as onchain_supply,
        count(s.chain) as chains_covered
    from grid as g
    inner join supply_chains as c on g.token = c.token
    asof join supply as s on c.token = s.token and c.chain = s.chain and g.ts >= s.ts
    group by g.token, g.ts
),

balances as (
    select
        backs_token as token,
        holder_id,
        collateral_contract,
        holder_role,
        ts,
        balance_usd
    from {{ ref('reserve_balances') }}
    qualify row_number() over (partition by holder_id, collateral_contract, ts order by block_number desc) = 1
),

holders as (
    select distinct
        token,
        holder_id,
        collateral_contract
    from balances
),

reserves_at as (
    select
        g.token,
        g.ts,
        sum(b.balance_usd)                                                  as holder_reserves_usd,
        sum(case when b.holder_role = 'psm_reserve' then b.balance_usd end) as psm_depth_usd
    from grid as g
    inner join holders as h on g.token = h.token
    asof join balances as b
        on h.holder_id = b.holder_id and h.collateral_contract = b.collateral_contract and g.ts >= b.ts
    group by g.token, g.ts
),

feeds as (
    select
        backs_token as token,
        feed_id,
        ts,
        answer
    from {{ ref('por_feeds') }}
    where unit = 'USD'
    qualify row_number() over (partition by feed_id, ts order by block_number desc) = 1
),

feed_ids as (
    select distinct
        token,
        feed_id
    from feeds
),

feeds_at as (
    select
        g.token,
        g.ts,
        sum(f.answer) as por_reserves_usd
    from grid as g
    inner join feed_ids as k on g.token = k.token
    asof join feeds as f on k.feed_id = f.feed_id and g.ts >= f.ts
    group by g.token, g.ts
)

select
    s.token,
    s.ts,
    s.onchain_supply,
    s.chains_covered,
    r.holder_reserves_usd,
    f.por_reserves_usd,
    r.psm_depth_usd,
    case when r.holder_reserves_usd is null and f.por_reserves_usd is null then null
        else coalesce(r.holder_reserves_usd, 0) + coalesce(f.por_reserves_usd, 0)
    end as onchain_reserves_usd,
    case when s.onchain_supply > 0 and (r.holder_reserves_usd is not null or f.por_reserves_usd is not null)
            then (coalesce(r.holder_reserves_usd, 0) + coalesce(f.por_reserves_usd, 0)) / s.onchain_supply
    end
        as collateral_ratio
from supply_at as s
left join reserves_at as r on s.token = r.token and s.ts = r.ts
left join feeds_at as f on s.token = f.token and s.ts = f.ts
