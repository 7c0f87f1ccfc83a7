-- Curve spreads in basis points: steepness (10Y−2Y), the long end (30Y−10Y) and the super-long end (40Y−30Y).
select
    date,
    round((yield_10y - yield_2y) * 100, 3)  as spread_10y_2y_bp,
    round((yield_30y - yield_10y) * 100, 3) as spread_30y_10y_bp,
    round((yield_40y - yield_30y) * 100, 3) as spread_40y_30y_bp
from {{ ref('jgb_curve_daily') }}
