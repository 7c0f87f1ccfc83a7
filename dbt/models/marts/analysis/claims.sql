-- The claims ledger: every claim of dbt/claims.yml checked against the marts, one row a claim.
-- Each claim names a series (metric.relation/date/value/where), the date it is about (on_date) and
-- a comparison; the verdict comes from the series as built now. A mart that is missing, or has no
-- row for that date, gives 'not yet checkable' instead of a guess.
--
-- dbt orders this model after the marts below. A mart named in claims.yml but not listed here is
-- reported as not yet checkable (with a warning), never read stale.
-- depends_on: {{ ref('jgb_yields') }}
-- depends_on: {{ ref('government_debt_total') }}
-- depends_on: {{ ref('debt_service_budget') }}
-- depends_on: {{ ref('policy_rate_changes') }}
-- depends_on: {{ ref('stablecoin_backing') }}
{{ config(materialized='table') }}


{% if not execute %}
select null as id
{% else %}
{% set claims = lw_load_claims() %}
{% for c in claims %}
{% set m = c['metric'] %}
{% set kind = c['comparison'] %}
{% set why_not = lw_mart_unavailable(m['relation']) %}
{% set on_date = "date '" ~ c['on_date'] ~ "'" %}
(
with head as (
    select
        {{ lw_sql_str(c['id']) }}                         as id,
        {{ lw_sql_str(c['claim'] | trim) }}               as claim,
        {{ lw_sql_str(c['source']['publication']) }}      as source_publication,
        {{ lw_sql_str(c['source']['date']) }}             as source_date,
        {{ lw_sql_str('main.' ~ m['relation']) }}         as metric_relation,
        {{ lw_sql_str(kind) }}                            as comparison,
        {{ on_date }}                                      as on_date,
        {{ lw_sql_str(c['claimed']) }}                    as claimed,
        {{ c.get('tolerance') if c.get('tolerance') is not none else 'null' }}::double as tolerance,
        {{ lw_sql_str(c['unit']) }}                       as unit,
        {{ lw_sql_str((c.get('note') or '') | trim) }}    as note
),
{% if why_not is not none %}
decided as (
    select
        null::varchar as found, null::double as found_value, {{ lw_sql_str(why_not) }} as evidence,
        null::date as evidence_date, 0::bigint as rows_on_date, 'not yet checkable' as verdict
)
{% else %}
rows_ as (
    select ({{ m['date'] }})::date as d, ({{ m['value'] }})::double as v,
           {{ m.get('at') or m['date'] }} as at_
    from {{ this.database }}.main.{{ m['relation'] }}
    where ({{ m.get('where') or 'true' }}) and ({{ m['value'] }}) is not null
),
series as (
    {% if m.get('at') -%}
    -- several readings a day: the day's last reading (by metric.at) stands for the day
    select d, arg_max(v, at_) as v, 1 as n from rows_ group by d
    {%- else -%}
    select d, v, 1 as n from rows_
    {%- endif %}
),
on_day as (
    select coalesce(sum(n), 0) as n, any_value(v) as v from series where d = {{ on_date }}
),
before as (
    select
        max(v)                                                 as prev_max,
        max(d) filter (where v = (select max(v) from series where d < {{ on_date }})) as prev_max_date,
        max(d) filter (where v >= (select v from on_day))      as last_as_high_date
    from series where d < {{ on_date }}
),
nearest as (
    -- where the series comes closest to the claimed figure (tells an outdated figure from a wrong one)
    {% if kind == 'equals-within-tolerance' -%}
    select arg_min(v, abs(v - {{ c['claimed'] }}) order by d desc) as v,
           arg_min(d, abs(v - {{ c['claimed'] }}) order by d desc) as d
    from series
    {%- else -%}
    select null::double as v, null::date as d
    {%- endif %}
),
decided as (
    select
        {% if kind == 'is-highest-since-a-date' -%} {{ lw_ymd('b.last_as_high_date') }}
        {%- else -%} {{ lw_fmt('o.v') }} {%- endif %}                                      as found,
        o.v                                                                               as found_value,
        case
            when o.n = 0 then 'no row in main.{{ m['relation'] }} for {{ c['on_date'] }}'
            else {{ lw_fmt('o.v') }} || ' on {{ c['on_date'] }}'
            {%- if kind == 'is-record-high' %}
                 || '; previous high: ' || coalesce({{ lw_fmt('b.prev_max') }} || ' on ' || {{ lw_ymd('b.prev_max_date') }}, 'none (first value)')
            {%- elif kind == 'is-highest-since-a-date' %}
                 || '; last day as high: ' || coalesce({{ lw_fmt('(select v from series where d = b.last_as_high_date)') }}
                                                       || ' on ' || {{ lw_ymd('b.last_as_high_date') }}, 'never (a record)')
            {%- elif kind == 'equals-within-tolerance' %}
                 || '; closest to the claim: ' || {{ lw_fmt('nr.v') }} || ' on ' || {{ lw_ymd('nr.d') }}
            {%- endif %}
        end                                                                               as evidence,
        case
            when o.n = 0 then null
            {% if kind == 'is-record-high' -%}
            when b.prev_max is not null and o.v <= b.prev_max then b.prev_max_date
            {%- elif kind == 'is-highest-since-a-date' -%}
            when b.last_as_high_date is not null then b.last_as_high_date
            {%- endif %}
            else {{ on_date }}
        end                                                                               as evidence_date,
        o.n                                                                               as rows_on_date,
        case
            when o.n = 0 then 'not yet checkable'
            when {% if kind == 'equals-within-tolerance' -%}
                     abs(o.v - {{ c['claimed'] }}) <= {{ c['tolerance'] }} + 1e-9
                 {%- elif kind == 'above' -%}
                     o.v > {{ c['claimed'] }}
                 {%- elif kind == 'below' -%}
                     o.v < {{ c['claimed'] }}
                 {%- elif kind == 'is-record-high' -%}
                     b.prev_max is null or o.v > b.prev_max
                 {%- else -%}
                     b.last_as_high_date between date '{{ c['claimed'] }}' and date '{{ c['claimed'] }}' + {{ c['tolerance'] | int }}
                 {%- endif %}
                 then 'supported'
            else 'contradicted'
        end                                                                               as verdict
    from on_day o cross join before b cross join nearest nr
)
{% endif %}
select
    h.id, h.claim, h.source_publication, h.source_date, h.metric_relation, h.comparison, h.on_date,
    h.claimed, h.tolerance, h.unit, d.found, d.found_value, d.evidence, d.evidence_date, d.rows_on_date,
    d.verdict, '{{ run_started_at.isoformat() }}'::timestamptz as checked_at, h.note
from head h cross join decided d
)
{% if not loop.last %}union all{% endif %}
{% endfor %}
{% endif %}
