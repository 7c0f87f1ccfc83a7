-- Japan's debt-to-GDP ratio per year, two different ratios side by side, each row saying which it is:
--   imf_general_government_gross_debt: the IMF's WEO figure (central + local government + social security
--     funds, gross), one row per year and WEO vintage, as published (its numerator and denominator are not).
--   mof_central_government_debt_over_nominal_gdp: MoF's central government debt at the end of the calendar
--     year (国債及び借入金現在高, the 合計 of suii.xls) over that year's nominal GDP = the mean of its four
--     quarters at seasonally adjusted annual rates (ESRI), one row per year with a December debt figure and
--     four GDP quarters; the vintage is the ESRI release of the GDP figures.
with imf as (
    select
        cast(year as integer)               as year,
        'imf_general_government_gross_debt' as ratio_kind,
        vintage,
        debt_pct                            as ratio_pct,
        cast(null as double)                as numerator_jpy,
        cast(null as double)                as denominator_jpy,
        'IMF World Economic Outlook (DataMapper GGXWDG_NGDP), general government gross debt, % of GDP'
            as source
    from {{ ref('stg_imf_debt_to_gdp') }}
    where country = 'JPN'
),

gdp_year as (
    select
        cast(year(quarter) as integer) as year,
        avg(value_bn_jpy) * 1e9        as nominal_gdp_jpy,
        count(*)                       as quarters,
        max(release)                   as gdp_release
    from {{ ref('stg_esri_gdp') }}
    where item_code = 'gdp'
    group by 1
),

debt_year_end as (
    select
        cast(year(as_of) as integer) as year,
        total_jpy
    from {{ ref('government_debt_total') }}
    where month(as_of) = 12
),

mof as (
    select
        d.year,
        'mof_central_government_debt_over_nominal_gdp'    as ratio_kind,
        g.gdp_release                                     as vintage,
        round(100.0 * d.total_jpy / g.nominal_gdp_jpy, 1) as ratio_pct,
        d.total_jpy                                       as numerator_jpy,
        g.nominal_gdp_jpy                                 as denominator_jpy,
        'MoF central government debt (year-end total) / ESRI nominal GDP (mean of the 4 quarters, SAAR)'
            as source
    from debt_year_end as d
    inner join gdp_year as g on d.year = g.year and g.quarters = 4
)

select * from imf
union all
select * from mof
