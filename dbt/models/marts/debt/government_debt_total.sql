-- Quarterly total central government debt, its change, and the share of each main category.
with wide as (
    select
        as_of,
        max(amount_jpy) filter (where category_code = 'total')       as total_jpy,
        max(amount_jpy) filter (where category_code = 'jgb')         as jgb_jpy,
        max(amount_jpy) filter (where category_code = 'jgb.general') as general_bonds_jpy,
        max(amount_jpy) filter (where category_code = 'jgb.filp')    as filp_bonds_jpy,
        max(amount_jpy) filter (where category_code = 'borrowings')  as borrowings_jpy,
        max(amount_jpy) filter (where category_code = 'fb')          as financing_bills_jpy,
        max(amount_jpy) filter (where category_code = 'guaranteed')  as guaranteed_jpy
    from {{ ref('government_debt') }}
    group by as_of
),

changes as (
    select
        *,
        lag(total_jpy) over (order by as_of)    as prev_total_jpy,
        lag(as_of) over (order by as_of)        as prev_as_of,
        lag(total_jpy, 4) over (order by as_of) as year_ago_total_jpy,
        lag(as_of, 4) over (order by as_of)     as year_ago_as_of
    from wide
)

select
    as_of,
    total_jpy,
    jgb_jpy,
    general_bonds_jpy,
    filp_bonds_jpy,
    borrowings_jpy,
    financing_bills_jpy,
    guaranteed_jpy,
    case when prev_as_of = last_day(as_of - interval 3 month) then total_jpy - prev_total_jpy end
        as change_qoq_jpy,
    case when prev_as_of = last_day(as_of - interval 3 month)
            then round(100.0 * (total_jpy - prev_total_jpy) / prev_total_jpy, 3)
    end                                                as change_qoq_pct,
    case when year_ago_as_of = last_day(as_of - interval 12 month) then total_jpy - year_ago_total_jpy end
        as change_yoy_jpy,
    round(100.0 * jgb_jpy / total_jpy, 3)
        as share_jgb_pct,
    round(100.0 * general_bonds_jpy / total_jpy, 3)
        as share_general_bonds_pct,
    round(100.0 * filp_bonds_jpy / total_jpy, 3)
        as share_filp_bonds_pct,
    round(100.0 * borrowings_jpy / total_jpy, 3)
        as share_borrowings_pct,
    round(100.0 * financing_bills_jpy / total_jpy, 3)
        as share_financing_bills_pct,
    total_jpy
    - (jgb_jpy + borrowings_jpy + financing_bills_jpy) as rounding_gap_jpy
from changes
