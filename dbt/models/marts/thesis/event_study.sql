-- The event study: how each response moved after JGB stress events, against a placebo of non-event days.
-- For an event (or any day) t and horizon h (var('event_horizons'), business days), the cumulative
-- response is series_level(t + h) − series_level(t − 1): from the close before the event to h business days after
-- it, so the event day's own move is included (thesis_levels_daily: log points for prices and supply,
-- bp for yields, yen for USD/JPY, score units for the stress score). Per event_family, response and horizon:
-- the mean and median over the events with a value, their number, and the placebo: the same mean over
-- every non-event day (placebo_mean), and the band between the var('placebo_band_low') and
-- var('placebo_band_high') quantiles of var('placebo_draws') means, each over as many non-event days as
-- there are events, drawn with replacement by hash(draw, slot, var('placebo_seed')), so the band is
-- reproducible. mean_vs_band says whether the events' mean lies below, within or above the band.
{%- set horizons = var('event_horizons') %}
{%- set draws = var('placebo_draws') | int %}
{%- set seed = var('placebo_seed') | int %}

with levels as (
    select
        series,
        unit,
        date,
        day_index,
        series_level
    from {{ ref('thesis_levels_daily') }}
    where series_role = 'response'
),

events as (
    select
        event_family,
        date
    from {{ ref('jgb_stress_events') }}
    where is_event
),

shifted as (
    select
        series,
        date,
        lag(series_level) over w       as level_before,
    {%- for h in horizons %}
    lead(series_level, {{ h }}) over w as level_after_{{ h }}{{ "," if not loop.last }}
    {%- endfor %}
    from levels
    window w as (partition by series order by day_index)
),

windows as (
    -- every day's cumulative response at every horizon (thesis_levels_daily holds every series on every
    -- day_index, so a shift by rows is a shift in business days)
    {%- for h in horizons %}
    select
        series,
        date,
        {{ h }}                            as horizon_days,
        level_after_{{ h }} - level_before as response
    from shifted
    where level_after_{{ h }} is not null and level_before is not null
    {{ "union all" if not loop.last }}
    {%- endfor %}
),

families as (
    select distinct event_family from events
),

event_windows as (
    select
        w.*,
        e.event_family
    from events as e
    inner join windows as w using (date)
),

stats as (
    select
        event_family,
        series,
        horizon_days,
        count(*)         as n_events,
        avg(response)    as mean_response,
        median(response) as median_response,
        min(date)        as first_event_date,
        max(date)        as last_event_date
    from event_windows
    group by event_family, series, horizon_days
),

pool as (
    -- the non-event windows of each event_family, numbered for the draws
    select
        f.event_family,
        w.series,
        w.horizon_days,
        w.response,
        row_number() over (partition by f.event_family, w.series, w.horizon_days order by w.date) as pool_index
    from families as f
    cross join windows as w
    where not exists (
            select 1 from events as e
            where e.event_family = f.event_family and e.date = w.date
        )
),

pool_stats as (
    select
        event_family,
        series,
        horizon_days,
        count(*)      as placebo_windows,
        avg(response) as placebo_mean
    from pool
    group by event_family, series, horizon_days
),

slots as (
    select
        s.event_family,
        s.series,
        s.horizon_days,
        p.placebo_windows,
        unnest(range(1, s.n_events + 1)) as slot
    from stats as s
    inner join pool_stats as p using (event_family, series, horizon_days)
),

draw_numbers as (
    select unnest(range(1, {{ draws }} + 1)) as draw
),

picks as (
    select
        s.event_family,
        s.series,
        s.horizon_days,
        d.draw,
        -- unsigned modulo: hash() is a ubigint, and mixing it with a bigint would go through int128 (slow)
        (1 + hash(d.draw, s.slot, {{ seed }}) % s.placebo_windows::ubigint)::bigint as pool_index
    from slots as s
    cross join draw_numbers as d
),

draw_means as (
    select
        k.event_family,
        k.series,
        k.horizon_days,
        k.draw,
        avg(p.response) as draw_mean
    from picks as k
    inner join pool as p using (event_family, series, horizon_days, pool_index)
    group by k.event_family, k.series, k.horizon_days, k.draw
),

bands as (
    select
        event_family,
        series,
        horizon_days,
        quantile_cont(draw_mean, {{ var('placebo_band_low') }})  as band_low,
        quantile_cont(draw_mean, {{ var('placebo_band_high') }}) as band_high,
        count(*)                                                 as placebo_draws
    from draw_means
    group by event_family, series, horizon_days
),

units as (
    select distinct
        series,
        unit
    from levels
)

select
    s.event_family,
    s.series                    as response,
    s.horizon_days,
    s.n_events,
    p.placebo_windows,
    b.placebo_draws,
    u.unit,
    s.first_event_date,
    s.last_event_date,
    round(s.mean_response, 6)   as mean_response,
    round(s.median_response, 6) as median_response,
    round(p.placebo_mean, 6)    as placebo_mean,
    round(b.band_low, 6)        as band_low,
    round(b.band_high, 6)       as band_high,
    case
        when s.mean_response < b.band_low then 'below band'
        when s.mean_response > b.band_high then 'above band'
        else 'within band'
    end                         as mean_vs_band
from stats as s
inner join pool_stats as p using (event_family, series, horizon_days)
inner join bands as b using (event_family, series, horizon_days)
inner join units as u using (series)
