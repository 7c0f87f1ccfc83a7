-- Every series a claim can be checked against, long: one row per reading (columns and grain in
-- _claims__intermediate.yml). A new kind of claim adds a branch here, with a ref() to its mart.
with jgb as (
    select
        'jgb_yield_' || tenor_years || 'y'                           as series,
        'main.jgb_yields'                                            as metric_relation,
        date                                                         as series_date,
        date::varchar                                                as reading_order,
        yield_pct                                                    as value,
        'MoF constant-maturity ' || tenor_years || '-year JGB yield' as reading_label,
        false                                                        as issuer_reported
    from {{ ref('jgb_yields') }}
    where tenor_years in (10, 30, 40)
),

policy as (
    select
        'policy_rate_change_bp'                                 as series,
        'main.policy_rate_changes'                              as metric_relation,
        decided                                                 as series_date,
        decided::varchar                                        as reading_order,
        change_bp                                               as value,
        'change of the BoJ policy-rate target decided that day' as reading_label,
        false                                                   as issuer_reported
    from {{ ref('policy_rate_changes') }}
),

debt_total as (
    select
        'government_debt_total_trn'                             as series,
        'main.government_debt_total'                            as metric_relation,
        as_of                                                   as series_date,
        as_of::varchar                                          as reading_order,
        total_jpy / 1e12                                        as value,
        'MoF central government debt outstanding (quarter end)' as reading_label,
        false                                                   as issuer_reported
    from {{ ref('government_debt_total') }}
),

debt_service as (
    select
        'debt_service_request_trn'                               as series,
        'main.debt_service_budget'                               as metric_relation,
        make_date(fiscal_year, 4, 1)                             as series_date,
        make_date(fiscal_year, 4, 1)::varchar                    as reading_order,
        debt_service_total_jpy / 1e12                            as value,
        'MoF budget request for debt service, FY' || fiscal_year as reading_label,
        false                                                    as issuer_reported
    from {{ ref('debt_service_budget') }}
    where stage = 'request'
),

usdd_onchain as (
    select
        'usdd_psm_depth_usd'                                   as series,
        'main.stablecoin_backing'                              as metric_relation,
        ts::date                                               as series_date,
        strftime(timezone('UTC', ts), '%Y-%m-%dT%H:%M:%S')     as reading_order,
        psm_depth_usd                                          as value,
        'collateral in USDD''s PSM read on chain at '
        || strftime(timezone('UTC', ts), '%Y-%m-%d %H:%M UTC') as reading_label,
        false                                                  as issuer_reported
    from {{ ref('stablecoin_backing') }}
    where token = 'USDD'
),

usdd_issuer as (
    select
        'usdd_issuer_collateral_ratio'                                as series,
        'main.attestation_reconciliation'                             as metric_relation,
        as_of::date                                                   as series_date,
        strftime(timezone('UTC', as_of), '%Y-%m-%dT%H:%M:%S')         as reading_order,
        attested_reserves_usd / attested_supply                       as value,
        'USDD''s own collateral figure (' || scope || '): ' || report as reading_label,
        true                                                          as issuer_reported
    from {{ ref('attestation_reconciliation') }}
    where issuer = 'USDD' and token = 'USDD' and attested_supply > 0
),

cpi as (
    select
        case series_code
            when '0001' then 'cpi_headline_yoy_pct'
            else 'cpi_core_yoy_pct'
        end                as series,
        'main.cpi_monthly' as metric_relation,
        month              as series_date,
        month::varchar     as reading_order,
        yoy_pct            as value,
        series_name_en || ' (' || series_name || ', series ' || series_code || '), year-on-year '
        || yoy_basis       as reading_label,
        false              as issuer_reported
    from {{ ref('cpi_monthly') }}
    where series_code in ('0001', '0161')
),

debt_to_gdp as (
    select
        case ratio_kind
            when 'imf_general_government_gross_debt' then 'imf_general_government_debt_to_gdp_pct'
            else 'mof_central_government_debt_to_gdp_pct'
        end                                                   as series,
        'main.debt_to_gdp'                                    as metric_relation,
        make_date(year, 1, 1)                                 as series_date,
        -- a later vintage revises an earlier one: the newest stands for the year
        vintage::varchar                                      as reading_order,
        ratio_pct                                             as value,
        ratio_kind || ', ' || year || ', vintage ' || vintage as reading_label,
        false                                                 as issuer_reported
    from {{ ref('debt_to_gdp') }}
)

select * from jgb
union all
select * from policy
union all
select * from debt_total
union all
select * from debt_service
union all
select * from usdd_onchain
union all
select * from usdd_issuer
union all
select * from cpi
union all
select * from debt_to_gdp
