-- Policy rates, daily and long: the target in force on every calendar day (from the reviewed decisions
-- table; no BoJ series holds it) next to the BoJ's daily observed rates (the overnight call rate it
-- steers, and the basic loan rate that caps it). Target rows run from the first decision to today.
-- The overnight call rate comes from the BoJ's own answer (FM01 STRDCLUCON in stg_boj_rates, live mode)
-- and, on every day that answer did not load, from the third party's export of the same series
-- (stg_boj_call_rate_daily, 1998-01-05 … 2026-07-09), labelled by its origin.
with decisions as (
    select * from {{ ref('stg_boj_policy_decisions') }}
),

api_daily as (
    select
        period_date as date,
        series_id,
        value,
        unit,
        series_id   as origin
    from {{ ref('stg_boj_rates') }}
    where frequency = 'DAILY'
),

exported_call_rate as (
    select
        e.date,
        e.series_id,
        e.call_rate_pct       as value,
        'percent per annum'   as unit,
        'boj_call_rate_daily' as origin
    from {{ ref('stg_boj_call_rate_daily') }} as e
    where
        not exists (
            select 1 from api_daily as a
            where a.series_id = e.series_id and a.date = e.date
        )
),

daily_observed as (
    select * from api_daily
    union all
    select * from exported_call_rate
),

calendar as (
    select unnest(generate_series(
        (select min(effective) from decisions),
        greatest(
            (select max(effective) from decisions),
            coalesce((select max(date) from daily_observed), current_date),
            current_date
        ),
        interval 1 day
    ))::date as date
),

target as (
    select
        c.date,
        'policy_target'        as series,
        d.target_pct           as value,
        'percent per annum'    as unit,
        true                   as is_target,
        d.instrument,
        d.lower_pct,
        d.upper_pct,
        d.effective            as decision_effective,
        'boj_policy_decisions' as origin
    from calendar as c
    asof join decisions as d on c.date >= d.effective
),

observed as (
    select
        date,
        case series_id
            when 'FM01/STRDCLUCON' then 'call_rate_overnight'
            when 'IR01/MADR1Z@D' then 'basic_loan_rate'
            else series_id
        end           as series,
        value,
        unit,
        false         as is_target,
        null::varchar as instrument,
        null::double  as lower_pct,
        null::double  as upper_pct,
        null::date    as decision_effective,
        origin
    from daily_observed
)

select * from target
union all
select * from observed
