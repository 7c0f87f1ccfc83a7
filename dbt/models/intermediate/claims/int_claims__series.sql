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
        false                                                        as issuer_reported,
        null::double                                                 as band_low,
        null::double                                                 as band_high
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
        false                                                   as issuer_reported,
        null::double                                            as band_low,
        null::double                                            as band_high
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
        false                                                   as issuer_reported,
        null::double                                            as band_low,
        null::double                                            as band_high
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
        false                                                    as issuer_reported,
        null::double                                             as band_low,
        null::double                                             as band_high
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
        false                                                  as issuer_reported,
        null::double                                           as band_low,
        null::double                                           as band_high
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
        true                                                          as issuer_reported,
        null::double                                                  as band_low,
        null::double                                                  as band_high
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
        false              as issuer_reported,
        null::double       as band_low,
        null::double       as band_high
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
        false                                                 as issuer_reported,
        null::double                                          as band_low,
        null::double                                          as band_high
    from {{ ref('debt_to_gdp') }}
),

thesis_events as (
    -- the event study's mean response at the horizon that decides the thesis claims, with its placebo
    -- band; dated by the last event counted
    select
        'event_mean_' || event_family || '_' || response || '_'
        || horizon_days || 'd'                      as series,
        'main.event_study'                          as metric_relation,
        last_event_date                             as series_date,
        last_event_date::varchar                    as reading_order,
        mean_response                               as value,
        'mean ' || horizon_days || '-business-day response of ' || response || ' (' || unit || ') after '
        || n_events || ' ' || event_family || ' stress events ' || strftime(first_event_date, '%Y-%m-%d')
        || ' … ' || strftime(last_event_date, '%Y-%m-%d') || ', placebo band ['
        || {{ number_text('band_low') }} || ', ' || {{ number_text('band_high') }} || '] ('
        || placebo_draws || ' draws of non-event days; mean over all of them '
        || {{ number_text('placebo_mean') }} || ')' as reading_label,
        false                                       as issuer_reported,
        band_low,
        band_high
    from {{ ref('event_study') }}
    where horizon_days = {{ var('thesis_claim_horizon_days') }}
),

auctions as (
    -- per month: the mean, over the super-long auctions held that month, of each auction's share of the
    -- same maturity's earlier auctions with a lower bid-to-cover (0 = below every earlier one)
    select
        'superlong_auction_bid_to_cover_pctile_vs_earlier'           as series,
        'main.jgb_auction_demand'                                    as metric_relation,
        date_trunc('month', auction_date)::date                      as series_date,
        date_trunc('month', auction_date)::varchar                   as reading_order,
        -- ordered: a float mean summed in thread order differs in its last bit from build to build
        avg(pctile_vs_earlier order by auction_date, maturity_years) as value,
        'mean share of earlier same-maturity auctions with a lower bid-to-cover, over '
        || string_agg(
            maturity_years || 'Y ' || strftime(auction_date, '%Y-%m-%d') || ' (bid-to-cover '
            || round(bid_to_cover, 2) || ', above ' || round(100 * pctile_vs_earlier) || ' % of '
            || earlier_auctions || ' earlier)', '; ' order by auction_date
        )                                                            as reading_label,
        false                                                        as issuer_reported,
        null::double                                                 as band_low,
        null::double                                                 as band_high
    from {{ ref('jgb_auction_demand') }}
    where pctile_vs_earlier is not null
    group by date_trunc('month', auction_date)
),

budget_rise as (
    -- a fiscal year's budget request against the previous year's initial budget
    select
        r.fiscal_year,
        (r.interest_jpy - i.interest_jpy) / 1e12                        as interest_rise_trn,
        100 * (r.debt_service_total_jpy / i.debt_service_total_jpy - 1) as total_rise_pct,
        r.debt_service_total_jpy / 1e12                                 as request_trn,
        i.debt_service_total_jpy / 1e12                                 as previous_initial_trn
    from {{ ref('debt_service_budget') }} as r
    inner join {{ ref('debt_service_budget') }} as i
        on r.fiscal_year - 1 = i.fiscal_year and i.stage = 'initial'
    where r.stage = 'request'
),

debt_service_rise as (
    select
        'debt_service_interest_rise_trn'             as series,
        'main.debt_service_budget'                   as metric_relation,
        make_date(fiscal_year, 4, 1)                 as series_date,
        make_date(fiscal_year, 4, 1)::varchar        as reading_order,
        interest_rise_trn                            as value,
        'interest (利払費) in MoF''s FY' || fiscal_year || ' budget request less the FY'
        || (fiscal_year - 1) || ' initial budget''s' as reading_label,
        false                                        as issuer_reported,
        null::double                                 as band_low,
        null::double                                 as band_high
    from budget_rise
    where interest_rise_trn is not null
),

request_rise as (
    select
        'debt_service_request_rise_pct'                as series,
        'main.debt_service_budget'                     as metric_relation,
        make_date(fiscal_year, 4, 1)                   as series_date,
        make_date(fiscal_year, 4, 1)::varchar          as reading_order,
        total_rise_pct                                 as value,
        'MoF''s FY' || fiscal_year || ' budget request for debt service (¥' || round(request_trn, 2)
        || ' tn) over the FY' || (fiscal_year - 1) || ' initial budget (¥'
        || round(previous_initial_trn, 2) || ' tn), %' as reading_label,
        false                                          as issuer_reported,
        null::double                                   as band_low,
        null::double                                   as band_high
    from budget_rise
),

debt_in_dollars as (
    -- MoF's newest quarter-end debt total on or before each day, at that day's USD/JPY
    select
        'government_debt_total_usd_trn'                                      as series,
        'main.government_debt_total'                                         as metric_relation,
        fx.date                                                              as series_date,
        fx.date::varchar                                                     as reading_order,
        d.total_jpy / fx.usd_jpy / 1e12                                      as value,
        'MoF central government debt at ' || strftime(d.as_of, '%Y-%m-%d') || ' (¥'
        || round(d.total_jpy / 1e12, 2) || ' tn) at ' || fx.usd_jpy
        || ' yen per dollar (FRED DEXJPUS, noon New York), trillion dollars' as reading_label,
        false                                                                as issuer_reported,
        null::double                                                         as band_low,
        null::double                                                         as band_high
    from {{ ref('usd_jpy_daily') }} as fx
    asof inner join {{ ref('government_debt_total') }} as d on fx.date >= d.as_of
),

creditor_rank as (
    select
        'net_external_assets_rank_japan' as series,
        'main.net_external_assets'       as metric_relation,
        j.year_end                       as series_date,
        j.year_end::varchar              as reading_order,
        j.rank::double                   as value,
        'Japan''s rank in MoF''s ranking of net external assets at ' || strftime(j.year_end, '%Y-%m-%d')
        || ': ' || string_agg(
            n.rank || ' ' || n.country || ' ¥' || round(n.net_external_assets_jpy / 1e12, 2) || ' tn', ', '
            order by n.rank
        )                                as reading_label,
        false                            as issuer_reported,
        null::double                     as band_low,
        null::double                     as band_high
    from {{ ref('net_external_assets') }} as j
    inner join {{ ref('net_external_assets') }} as n on j.year_end = n.year_end
    where j.country = 'Japan'
    group by j.year_end, j.rank
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
union all
select * from thesis_events
union all
select * from auctions
union all
select * from debt_service_rise
union all
select * from request_rise
union all
select * from debt_in_dollars
union all
select * from creditor_rank
