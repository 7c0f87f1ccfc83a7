-- US Treasury over JGB yields, one row a day on which both are published: UST 10Y − JGB 10Y and
-- UST 30Y − JGB 30Y in basis points, with USD/JPY that day. The yields are each market's own close
-- (MoF's constant-maturity JGB yields at the Tokyo close, FRED's DGS10/DGS30 at the New York close),
-- so a spread pairs two closes about 14 hours apart.
with ust as (
    select
        date,
        max(value) filter (where series_id = 'DGS10') as ust_10y,
        max(value) filter (where series_id = 'DGS30') as ust_30y
    from {{ ref('stg_fred_series') }}
    where series_id in ('DGS10', 'DGS30')
    group by date
)

select
    date,
    ust.ust_10y,
    jgb.yield_10y                                 as jgb_10y,
    ust.ust_30y,
    jgb.yield_30y                                 as jgb_30y,
    fx.usd_jpy,
    round((ust.ust_10y - jgb.yield_10y) * 100, 3) as spread_10y_bp,
    round((ust.ust_30y - jgb.yield_30y) * 100, 3) as spread_30y_bp
from {{ ref('jgb_curve_daily') }} as jgb
inner join ust using (date)
left join {{ ref('usd_jpy_daily') }} as fx using (date)
where ust.ust_10y is not null or ust.ust_30y is not null
