-- The claims ledger: every reviewed claim (seed reviewed_claims) checked against the series it names
-- (int_claims__series), one row a claim. The reading that decides a claim is the series' reading on
-- on_date, or with match_window_days the reading nearest to on_date within that many days (the
-- later one on a tie). A date with several readings counts its last (by reading_order). Verdicts
-- come from the data only: supported / contradicted, issuer_reported when the comparison holds but
-- the figure is the issuer's own statement about itself, not yet checkable when no reading decides,
-- and for the event study's claims (below-/above-placebo-band) inconclusive when the events' mean
-- response lies within the placebo band of non-event days.
with claims as (
    select * from {{ ref('reviewed_claims') }}
),

readings as (
    select * from {{ ref('int_claims__series') }}
    where value is not null
),

series as (
    -- one reading a date: the date's last
    select
        series,
        series_date,
        any_value(metric_relation)              as metric_relation,
        arg_max(value, reading_order)           as value,
        arg_max(reading_label, reading_order)   as reading_label,
        arg_max(issuer_reported, reading_order) as issuer_reported,
        arg_max(band_low, reading_order)        as band_low,
        arg_max(band_high, reading_order)       as band_high
    from readings
    group by series, series_date
),

relations as (
    select
        series,
        any_value(metric_relation) as metric_relation
    from {{ ref('int_claims__series') }}
    group by series
),

deciding as (
    -- the reading that decides each claim (none when the series has no reading close enough)
    select
        c.id,
        s.series_date as found_date,
        s.value       as found_value,
        s.reading_label,
        s.issuer_reported,
        s.band_low,
        s.band_high
    from claims as c
    inner join series as s
        on c.series = s.series
            and abs(s.series_date - c.on_date) <= coalesce(c.match_window_days, 0)
    qualify row_number() over (partition by c.id order by abs(s.series_date - c.on_date), s.series_date desc) = 1
),

history as (
    -- what came before the deciding reading: the previous high, the last reading at least as high,
    -- and the last reading below the threshold (where a streak starts)
    select
        d.id,
        max(s.value)                                                            as prev_max,
        arg_max(s.series_date, (s.value, s.series_date))                        as prev_max_date,
        max(s.series_date) filter (where s.value >= d.found_value)              as last_as_high_date,
        arg_max(s.value, s.series_date) filter (where s.value >= d.found_value) as last_as_high_value,
        max(s.series_date) filter (where s.value < c.threshold)                 as last_below_date
    from deciding as d
    inner join claims as c using (id)
    inner join series as s on c.series = s.series and d.found_date > s.series_date
    group by d.id
),

streaks as (
    -- the run of readings at or above the threshold that ends at the deciding reading
    select
        d.id,
        count(*) filter (where s.value >= c.threshold)           as streak_length,
        min(s.series_date) filter (where s.value >= c.threshold) as streak_start
    from deciding as d
    inner join claims as c using (id)
    left join history as h using (id)
    inner join series as s
        on c.series = s.series
            and d.found_date >= s.series_date
            and s.series_date > coalesce(h.last_below_date, date '0001-01-01')
    where c.comparison = 'streak-at-or-above'
    group by d.id
),

closest as (
    -- where the series comes closest to the claimed figure over every reading (all vintages; the
    -- latest on a tie): tells an outdated figure from a wrong one, and decides claims naming no date
    select
        c.id,
        arg_min(r.value, (abs(r.value - try_cast(c.claimed as double)), date '9999-12-31' - r.series_date))
            as closest_value,
        arg_min(r.series_date, (abs(r.value - try_cast(c.claimed as double)), date '9999-12-31' - r.series_date))
            as closest_date,
        arg_min(r.reading_label, (abs(r.value - try_cast(c.claimed as double)), date '9999-12-31' - r.series_date))
            as closest_label
    from claims as c
    inner join readings as r on c.series = r.series
    where c.comparison in ('equals-within-tolerance', 'equals-any-within-tolerance')
    group by c.id
),

checked as (
    select
        c.*,
        rel.metric_relation,
        d.found_date,
        d.reading_label,
        d.band_low,
        d.band_high,
        h.prev_max,
        h.prev_max_date,
        h.last_as_high_date,
        h.last_as_high_value,
        st.streak_length,
        st.streak_start,
        cl.closest_value,
        cl.closest_date,
        cl.closest_label,
        od.value                           as on_date_value,
        od.reading_label                   as on_date_label,
        coalesce(d.issuer_reported, false) as issuer_reported,
        try_cast(c.claimed as double)      as claimed_number,
        case c.comparison
            when 'streak-at-or-above' then st.streak_length
            when 'equals-any-within-tolerance' then cl.closest_value
            else d.found_value
        end                                as found_value
    from claims as c
    left join relations as rel using (series)
    left join deciding as d using (id)
    left join history as h using (id)
    left join streaks as st using (id)
    left join closest as cl using (id)
    left join series as od on c.series = od.series and c.on_date = od.series_date
),

decided as (
    select
        *,
        case comparison
            when 'equals-within-tolerance' then abs(found_value - claimed_number) <= tolerance + 1e-9
            when 'equals-any-within-tolerance' then abs(found_value - claimed_number) <= tolerance + 1e-9
            when 'above' then found_value > claimed_number
            when 'below' then found_value < claimed_number
            when 'is-record-high' then prev_max is null or found_value > prev_max
            when 'is-highest-since-a-date'
                then last_as_high_date between claimed::date and claimed::date + tolerance::integer
            when 'streak-at-or-above' then abs(found_value - claimed_number) <= coalesce(tolerance, 0)
            -- null (inconclusive) while the mean lies within the band
            when 'below-placebo-band'
                then case when found_value < band_low then true when found_value > band_high then false end
            when 'above-placebo-band'
                then case when found_value > band_high then true when found_value < band_low then false end
        end as holds,
        case
            when found_value is null then null
            when comparison = 'is-highest-since-a-date' then strftime(last_as_high_date, '%Y-%m-%d')
            when comparison = 'streak-at-or-above' then found_value::bigint::varchar
            else {{ number_text('found_value') }}
        end as found,
        case
            when found_value is null and comparison = 'equals-any-within-tolerance'
                then 'no reading in ' || metric_relation || ' (series ' || series || ')'
            when found_value is null
                then 'no reading in ' || coalesce(metric_relation, 'any mart') || ' (series ' || series || ') for '
                    || strftime(on_date, '%Y-%m-%d')
                    || case
                        when match_window_days > 0 then ' or within ' || match_window_days || ' days of it' else ''
                    end
            when comparison = 'equals-any-within-tolerance'
                then 'closest to the claim: ' || {{ number_text('closest_value') }} || ' (' || closest_label || ')'
                    || coalesce(
                        '; for ' || strftime(on_date, '%Y-%m-%d') || ': ' || {{ number_text('on_date_value') }}
                        || ' (' || on_date_label || ')', ''
                    )
            when comparison in ('below-placebo-band', 'above-placebo-band')
                then {{ number_text('found_value') }} || ': ' || reading_label || '; '
                    || case
                        when found_value < band_low then 'below'
                        when found_value > band_high then 'above'
                        else 'within'
                    end || ' the placebo band'
            when comparison = 'streak-at-or-above' and found_value = 0
                then reading_label || ': ' || {{ number_text('(found_value)') }} || ' consecutive readings at or above '
                    || {{ number_text('threshold') }} || ' up to ' || strftime(found_date, '%Y-%m-%d')
            when comparison = 'streak-at-or-above'
                then reading_label || ': at or above ' || {{ number_text('threshold') }} || ' for ' || streak_length
                    || ' consecutive readings, ' || strftime(streak_start, '%Y-%m-%d') || ' to '
                    || strftime(found_date, '%Y-%m-%d')
            else {{ number_text('found_value') }} || ' on ' || strftime(found_date, '%Y-%m-%d')
                || case
                    when found_date <> on_date then ' (the reading nearest to ' || strftime(on_date, '%Y-%m-%d') || ')'
                    else ''
                end
                || case when issuer_reported then '' else ' — ' || reading_label end
                || case
                    when issuer_reported then '; reported by the issuer: ' || reading_label
                    when comparison = 'is-record-high'
                        then '; previous high: ' || coalesce(
                                {{ number_text('prev_max') }} || ' on ' || strftime(prev_max_date, '%Y-%m-%d'),
                                'none (first value)'
                            )
                    when comparison = 'is-highest-since-a-date'
                        then '; last day as high: ' || coalesce(
                                {{ number_text('last_as_high_value') }}
                                || ' on '
                                || strftime(last_as_high_date, '%Y-%m-%d'),
                                'never (a record)'
                            )
                    when comparison = 'equals-within-tolerance'
                        then '; closest to the claim: ' || {{ number_text('closest_value') }}
                            || ' on ' || strftime(closest_date, '%Y-%m-%d')
                    else ''
                end
        end as evidence,
        case
            when found_value is null then null
            when comparison = 'equals-any-within-tolerance' then closest_date
            when comparison = 'is-record-high' and prev_max is not null and found_value <= prev_max then prev_max_date
            when comparison = 'is-highest-since-a-date' and last_as_high_date is not null then last_as_high_date
            else found_date
        end as evidence_date
    from checked
)

select
    id,
    claim,
    source_publication,
    source_date,
    metric_relation,
    comparison,
    on_date,
    claimed,
    tolerance,
    unit,
    found,
    found_value,
    evidence,
    evidence_date,
    (found_date is not null)::bigint            as rows_on_date,
    case
        when found_value is null then 'not yet checkable'
        when holds is null and comparison in ('below-placebo-band', 'above-placebo-band') then 'inconclusive'
        when not holds then 'contradicted'
        when issuer_reported then 'issuer_reported'
        else 'supported'
    end                                         as verdict,
    cast('{{ run_started_at }}' as timestamptz) as checked_at,
    note,
    series,
    threshold,
    match_window_days,
    found_date
from decided
order by id
