-- Debt service (国債費) per fiscal year and budget stage, from MoF figures as published (transcription).
with b as (
    select * from {{ ref('stg_mof_debt_service') }}
    where stage in ('request', 'initial')
),

wide as (
    select
        fiscal_year,
        stage,
        max(amount_jpy) filter (where item = 'debt_service_total')             as debt_service_total_jpy,
        max(amount_jpy) filter (where item = 'redemption')                     as redemption_jpy,
        max(amount_jpy) filter (where item = 'interest')                       as interest_jpy,
        max(value) filter (where item = 'assumed_rate')                        as assumed_rate_pct,
        max(rounded_to) filter (where item = 'debt_service_total') * 100000000 as total_rounded_to_jpy,
        max(rounded_to) filter (where item = 'interest') * 100000000           as interest_rounded_to_jpy,
        max(rounded_to) filter (where item = 'redemption') * 100000000         as redemption_rounded_to_jpy,
        string_agg(distinct source_url, ' ' order by source_url)               as source_urls
    from b
    group by fiscal_year, stage
)

select
    fiscal_year,
    stage,
    debt_service_total_jpy,
    redemption_jpy,
    interest_jpy,
    assumed_rate_pct,
    total_rounded_to_jpy,
    interest_rounded_to_jpy,
    redemption_rounded_to_jpy,
    source_urls,
    case stage when 'request' then '概算要求' when 'initial' then '当初予算' end as stage_ja,
    case when total_rounded_to_jpy = 100000000 and interest_rounded_to_jpy = 100000000
            and redemption_rounded_to_jpy = 100000000
            then debt_service_total_jpy - redemption_jpy - interest_jpy
    end                                                                  as other_jpy
from wide
