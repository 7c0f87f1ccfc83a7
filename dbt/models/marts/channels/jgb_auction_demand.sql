-- Demand at MoF's super-long JGB auctions (20, 30 and 40 years), one row an auction: bid-to-cover
-- (competitive bids / amount accepted), the tail of a price auction (average − lowest accepted price,
-- yen per 100 yen of face value; a 40-year auction is a yield-based Dutch auction, where the tail is not
-- defined), and where the auction's bid-to-cover ranks among the same maturity's auctions: among all
-- of them in the data (bid_to_cover_pctile) and among the earlier ones only (pctile_vs_earlier).
with auctions as (
    select
        auction_date,
        maturity_years,
        issue_number,
        method,
        bid_100m_yen,
        accepted_100m_yen,
        low_price,
        avg_price,
        high_yield_pct,
        avg_yield_pct,
        result_url,
        bid_100m_yen / nullif(accepted_100m_yen, 0) as bid_to_cover
    from {{ ref('stg_jgb_auctions') }}
),

earlier as (
    select
        a.auction_date,
        a.maturity_years,
        count(e.auction_date)                                                as earlier_auctions,
        count(e.auction_date) filter (where e.bid_to_cover < a.bid_to_cover) as earlier_lower
    from auctions as a
    left join auctions as e
        on a.maturity_years = e.maturity_years and a.auction_date > e.auction_date
    group by a.auction_date, a.maturity_years
)

select
    a.auction_date,
    a.maturity_years,
    a.issue_number,
    a.method,
    a.bid_100m_yen,
    a.accepted_100m_yen,
    a.low_price,
    a.avg_price,
    a.high_yield_pct,
    a.avg_yield_pct,
    e.earlier_auctions,
    a.result_url,
    round(a.bid_to_cover, 4)                                                  as bid_to_cover,
    case when a.method = 'price' then round(a.avg_price - a.low_price, 4) end as tail_yen,
    round(percent_rank() over (partition by a.maturity_years order by a.bid_to_cover), 4)
        as bid_to_cover_pctile,
    count(*) over (partition by a.maturity_years)                             as auctions_of_maturity,
    case when e.earlier_auctions > 0 then round(e.earlier_lower / e.earlier_auctions, 4) end
        as pctile_vs_earlier
from auctions as a
inner join earlier as e using (auction_date, maturity_years)
