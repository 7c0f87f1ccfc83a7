-- JGB stress events, defined in the open: for each event_family (the 30-year and the 10-year yield), every day
-- whose rise qualifies, with why, and whether it counts as an event after de-clustering.
-- A day qualifies when its rise (change_bp > 0, on the previous business day) is
--   * above the var('event_rise_quantile') quantile of the tenor's daily changes over the previous
--     var('event_trailing_days') business days (in the top percentile of its trailing history), or
--   * a record: larger than every earlier daily change of the tenor,
-- and at least var('event_min_history_days') earlier changes exist. A qualifying day is an event when
-- no other qualifying day lies in the var('event_min_gap_days') - 1 business days before it: each
-- cluster of qualifying days counts once, at its first day, so events are at least that many business
-- days apart.
{%- set quantile = var('event_rise_quantile') %}
{%- set trailing = var('event_trailing_days') | int %}
{%- set min_history = var('event_min_history_days') | int %}
{%- set min_gap = var('event_min_gap_days') | int %}

with changes as (
    select
        tenor_years,
        date,
        change_bp,
        row_number() over (partition by tenor_years order by date) as day_number
    from {{ ref('jgb_yields') }}
    where tenor_years in (10, 30) and change_bp is not null
),

scored as (
    select
        *,
        quantile_cont(change_bp, {{ quantile }}) over w_trailing as threshold_bp,
        count(change_bp) over w_trailing                         as trailing_days,
        max(change_bp) over earlier                              as previous_record_bp
    from changes
    window
        w_trailing as (partition by tenor_years order by date rows between {{ trailing }} preceding and 1 preceding),
        earlier as (partition by tenor_years order by date rows between unbounded preceding and 1 preceding)
),

qualifying as (
    select
        *,
        change_bp > threshold_bp       as in_top_quantile,
        change_bp > previous_record_bp as is_record
    from scored
    where
        day_number > {{ min_history }}
        and change_bp > 0
        and (change_bp > threshold_bp or change_bp > previous_record_bp)
),

clustered as (
    select
        *,
        day_number - lag(day_number) over (partition by tenor_years order by date) as days_since_previous,
        lag(date) over (partition by tenor_years order by date)                    as previous_qualifying_date
    from qualifying
)

select
    'jgb_' || tenor_years || 'y'                         as event_family,
    date,
    tenor_years,
    change_bp,
    round(threshold_bp, 4)                               as threshold_bp,
    trailing_days,
    previous_record_bp,
    in_top_quantile,
    is_record,
    previous_qualifying_date,
    days_since_previous,
    coalesce(days_since_previous >= {{ min_gap }}, true) as is_event,
    concat_ws(
        '; ',
        case when in_top_quantile then
                'rise of ' || change_bp || ' bp above the ' || {{ quantile * 100 }} || ' % quantile of the previous '
                || trailing_days || ' daily changes (' || round(threshold_bp, 2) || ' bp)'
        end,
        case when is_record then 'a record rise (previous record ' || previous_record_bp || ' bp)' end,
        case when days_since_previous < {{ min_gap }} then
                'not an event: ' || days_since_previous || ' business days after the qualifying day '
                || strftime(previous_qualifying_date, '%Y-%m-%d') || ' (fewer than {{ min_gap }})'
        end
    )                                                    as why,
    {{ quantile }}::double                               as rise_quantile,
    {{ min_gap }}                                        as min_gap_days
from clustered
