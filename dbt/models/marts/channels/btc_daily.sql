-- Bitcoin in US dollars per day from two sources side by side: CoinGecko's aggregate daily price and
-- Coinbase's daily close (FRED CBBTCUSD). For each: the return on the previous reading (%) and the
-- drawdown from the running peak (%, 0 at a new high). The sources differ (an aggregate over exchanges
-- vs one exchange's close), so neither is mixed into the other.
with coingecko as (
    select
        date,
        price_usd,
        round(100 * (price_usd / lag(price_usd) over w - 1), 4)      as return_pct,
        round(100 * (price_usd / max(price_usd) over w_peak - 1), 4) as drawdown_pct
    from {{ ref('stg_coingecko_btc') }}
    where price_usd > 0
    window
        w as (order by date),
        w_peak as (order by date rows between unbounded preceding and current row)
),

coinbase as (
    select
        date,
        value                                                as coinbase_close_usd,
        round(100 * (value / lag(value) over w - 1), 4)      as coinbase_return_pct,
        round(100 * (value / max(value) over w_peak - 1), 4) as coinbase_drawdown_pct
    from {{ ref('stg_fred_series') }}
    where series_id = 'CBBTCUSD' and value > 0
    window
        w as (order by date),
        w_peak as (order by date rows between unbounded preceding and current row)
)

select
    date,
    coingecko.price_usd,
    coingecko.return_pct,
    coingecko.drawdown_pct,
    coinbase.coinbase_close_usd,
    coinbase.coinbase_return_pct,
    coinbase.coinbase_drawdown_pct
from coingecko
full join coinbase using (date)
