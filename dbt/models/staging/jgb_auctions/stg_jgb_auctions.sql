-- The raw table is already typed by its declaration (ingest/sources/jgb_auctions): nothing to re-cast.
-- Its rows are a third party's parse of MoF's result pages (parsed_by says so on every row).
select
    auction_date,
    maturity_years,
    issue_number,
    bid_100m_yen,
    accepted_100m_yen,
    low_price,
    avg_price,
    high_yield_pct,
    avg_yield_pct,
    method,
    result_url,
    parsed_by,
    source_sha256,
    loaded_at
from {{ source('jgb_auctions', 'jgb_auctions') }}
