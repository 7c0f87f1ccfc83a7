-- The daily overnight call rate in policy_rates (BoJ FM01 STRDCLUCON, partly from a third party's export)
-- must agree with the BoJ's own monthly average (FM02 STRACLUCON): in every month both cover, the mean of
-- the daily values equals the monthly figure within 0.005 pp (1998–2000 daily values carry two decimals,
-- so their means may be off by up to 0.005). The newest daily month is left out: it may be partial.
-- A run where the two series share no month fails too, since the check would then prove nothing.
with daily as (
    select
        date_trunc('month', date)::date as month,
        avg(value)                      as daily_mean,
        count(*)                        as days_observed
    from {{ ref('policy_rates') }}
    where series = 'call_rate_overnight'
    group by 1
),

monthly as (
    select
        period_date as month,
        value       as monthly_value
    from {{ ref('stg_boj_rates') }}
    where series_id = 'FM02/STRACLUCON'
),

compared as (
    select
        d.month,
        d.daily_mean,
        d.days_observed,
        m.monthly_value,
        abs(d.daily_mean - m.monthly_value) as diff_pp
    from daily as d
    inner join monthly as m using (month)
    where d.month < (select max(daily.month) from daily)
)

select
    month,
    daily_mean,
    days_observed,
    monthly_value,
    diff_pp,
    'monthly means differ by more than 0.005 pp' as failure
from compared
where diff_pp > 0.005

union all

select
    null                                          as month,
    null                                          as daily_mean,
    null                                          as days_observed,
    null                                          as monthly_value,
    null                                          as diff_pp,
    'daily and monthly call rates share no month' as failure
where not exists (select 1 from compared)
