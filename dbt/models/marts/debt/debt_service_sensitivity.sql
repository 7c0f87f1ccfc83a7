-- Added annual interest cost after a parallel yield shock of +var('yield_shock_pp') percentage points,
-- 1, 3, 5 and 10 years on, from the newest debt stock and its rollover profile
-- (int_debt__rollover_profile). Method: only debt that matures and is refinanced pays the new rate;
-- the stock is held constant (no new deficit financing); a bucket rolling over evenly in
-- `rollover_years` has repriced min(1, t / rollover_years) of itself after t years; debt refinanced
-- during year t pays the higher rate for half of that year on average, so the cost in year t is
-- shock × Σ amount × (share(t-1) + share(t)) / 2. The run rate is the annual cost at the end of
-- year t (shock × Σ amount × share(t)).
{% set shock = var('yield_shock_pp') %}

with profile as (
    select * from {{ ref('int_debt__rollover_profile') }}
),

horizons as (
    select unnest([1, 3, 5, 10]) as years_after
),

scopes as (
    select 'general_bonds' as scope
    union all
    select 'central_government_debt'
),

shares as (
    select
        p.*,
        s.scope,
        h.years_after,
        least(1.0, (h.years_after - 1) / p.rollover_years) as share_start,
        least(1.0, h.years_after / p.rollover_years)       as share_end
    from profile as p
    cross join horizons as h
    inner join scopes as s on s.scope = 'central_government_debt' or p.in_general_bonds
),

model as (
    select
        scope,
        years_after,
        max(as_of)                                                                           as stock_as_of,
        {{ shock }}::double                                                                  as shock_pp,
        sum(amount_jpy)                                                                      as repriceable_stock_jpy,
        sum(amount_jpy * share_end) / sum(amount_jpy)                                        as repriced_share,
        round({{ shock }} / 100.0 * sum(amount_jpy * (share_start + share_end) / 2))::bigint as added_interest_jpy,
        round({{ shock }} / 100.0 * sum(amount_jpy * share_end))::bigint
            as added_interest_run_rate_jpy,
        max(rollover_years) filter (where bucket = 'long')                                   as long_rollover_years
    from shares
    group by scope, years_after
),

mof as (
    -- MoF's own estimate (後年度影響試算) for the same shock, year t after its basis budget year;
    -- newest edition only. It covers 国債費 of the general account, i.e. general bonds.
    select
        fiscal_year,
        basis_fiscal_year,
        amount_jpy,
        source_url,
        fiscal_year - basis_fiscal_year as years_after,
        rounded_to * 100000000          as rounded_to_jpy
    from {{ ref('stg_mof_debt_service') }}
    where stage = 'rate_shock_estimate'
        and item = 'debt_service_increase'
        and shock_pp = {{ shock }}
    qualify basis_fiscal_year = max(basis_fiscal_year) over ()
)

select
    m.scope,
    m.years_after,
    m.stock_as_of,
    m.shock_pp,
    m.repriceable_stock_jpy,
    m.added_interest_jpy,
    m.added_interest_run_rate_jpy,
    mof.amount_jpy                                  as mof_estimate_jpy,
    mof.rounded_to_jpy                              as mof_estimate_rounded_to_jpy,
    mof.fiscal_year                                 as mof_estimate_fiscal_year,
    mof.basis_fiscal_year                           as mof_estimate_basis_fiscal_year,
    mof.source_url                                  as mof_estimate_source_url,
    round(m.repriced_share, 4)                      as repriced_share,
    round(m.long_rollover_years, 2)                 as long_rollover_years,
    round(m.added_interest_jpy / mof.amount_jpy, 3) as model_to_mof_ratio
from model as m
left join mof on m.scope = 'general_bonds' and m.years_after = mof.years_after
order by m.scope, m.years_after
