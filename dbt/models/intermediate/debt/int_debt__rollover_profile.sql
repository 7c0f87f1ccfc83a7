-- The debt that reprices when rates move, at the newest quarter, bucketed by how fast it rolls over.
--
-- MoF's quarterly table splits JGBs by ORIGINAL maturity (long ≥10y, medium 2–5y, short ≤1y), not
-- by remaining maturity, and no remaining-maturity table was available, so each bucket is assumed
-- to mature evenly over `rollover_years`:
--   short (≤1y bills/bonds, short borrowings, Financing Bills): 1 year;
--   medium (2–5y bonds) and long-term borrowings: var rollover_years_medium (default 5);
--   long (≥10y bonds): calibrated so that general bonds' average remaining maturity equals MoF's
--   published figure (stock_profile / avg_remaining_maturity, 9y0m at end-FY2021) on the quarter it
--   refers to: with an even spread a bucket's mean remaining life is rollover_years / 2, so
--   long_years = 2 * (avg * G - 0.5 * short - (medium_years / 2) * medium) / long.
-- Left out: memo rows, and non-marketable bonds delivered to institutions (subsidy, subscription,
-- DBJ crisis-response, NDF bonds), which are not refinanced in the market.
{% set medium_years = var('rollover_years_medium', 5) %}

with debt as (
    select * from {{ ref('stg_mof_debt') }}
    where amount_jpy is not null
),

latest as (
    select max(as_of) as as_of from debt
    where category_code = 'total'
),

calibration as (
    select
        s.fiscal_year                                                                as calibration_fiscal_year,
        s.value                                                                      as avg_remaining_years,
        d.as_of                                                                      as calibration_as_of,
        sum(d.amount_100m_yen) filter (where d.category_code = 'jgb.general')        as general,
        sum(d.amount_100m_yen) filter (where d.category_code = 'jgb.general.short')  as short,
        sum(d.amount_100m_yen) filter (where d.category_code = 'jgb.general.medium') as medium,
        sum(d.amount_100m_yen) filter (where d.category_code = 'jgb.general.long')   as long
    from {{ ref('stg_mof_debt_service') }} as s
    inner join debt as d on d.as_of = make_date(s.fiscal_year + 1, 3, 31)
    where s.stage = 'stock_profile' and s.item = 'avg_remaining_maturity'
    group by s.fiscal_year, s.value, d.as_of
    order by s.fiscal_year desc
    limit 1
),

long_span as (
    select
        *,
        2 * (avg_remaining_years * general - 0.5 * short - ({{ medium_years }} / 2.0) * medium) / long as long_years
    from calibration
)

select
    d.as_of,
    d.category_code,
    d.category_path_en,
    d.amount_jpy,
    case
        when d.category_code in ('jgb.general.short', 'jgb.filp.short', 'borrowings.short', 'fb') then 'short'
        when d.category_code in ('jgb.general.medium', 'jgb.filp.medium', 'borrowings.long') then 'medium'
        else 'long'
    end                                  as bucket,
    case
        when d.category_code in ('jgb.general.short', 'jgb.filp.short', 'borrowings.short', 'fb') then 1.0
        when
            d.category_code in ('jgb.general.medium', 'jgb.filp.medium', 'borrowings.long')
            then {{ medium_years }}::double
        else l.long_years
    end                                  as rollover_years,
    d.category_code like 'jgb.general.%' as in_general_bonds,
    l.avg_remaining_years                as calibration_avg_remaining_years,
    l.calibration_as_of
from debt as d
inner join latest using (as_of)
cross join long_span as l
where d.category_code in (
        'jgb.general.long', 'jgb.general.medium', 'jgb.general.short',
        'jgb.filp.long', 'jgb.filp.medium', 'jgb.filp.short',
        'borrowings.long', 'borrowings.short', 'fb'
    )
