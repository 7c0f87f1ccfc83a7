{#- The claims ledger and the liquidity-pressure mart read marts that other parts of the project
    may not have built yet. These macros let a model look a mart up at run time (so it compiles
    and runs whether or not the mart exists) while dbt still orders it after the marts it names
    in `-- depends_on:` comments. -#}

{#- dbt does not expose the project's absolute root to Jinja; the --project-dir argument (or the
    working directory dbt runs in, which is the project's when none is given) locates the file. -#}
{% macro lw_claims_file() -%}
    {{- return((invocation_args_dict.get('project_dir') or '.') ~ '/claims.yml') -}}
{%- endmacro %}

{#- Read dbt/claims.yml at run time (DuckDB's read_text, then dbt's fromyaml): the reviewed file
    stays the one source of truth, with no generated copy to fall out of step. -#}
{% macro lw_load_claims() %}
    {% set path = lw_claims_file() %}
    {% set result = run_query("select content from read_text('" ~ path ~ "')") %}
    {% if result.rows | length != 1 %}
        {{ exceptions.raise_compiler_error("claims ledger: " ~ path ~ " not found (looked for it relative to dbt's project dir)") }}
    {% endif %}
    {% set doc = fromyaml(result.rows[0][0]) %}
    {% if doc is not mapping or doc.get('claims') is none %}
        {{ exceptions.raise_compiler_error(path ~ ": expected a mapping with a 'claims' list at the top level") }}
    {% endif %}
    {% if doc['claims'] | length == 0 %}
        {{ exceptions.raise_compiler_error(path ~ ": the 'claims' list is empty") }}
    {% endif %}
    {% set required = ['id', 'claim', 'source', 'metric', 'on_date', 'comparison', 'claimed', 'unit'] %}
    {% set comparisons = ['equals-within-tolerance', 'is-record-high', 'is-highest-since-a-date', 'above', 'below'] %}
    {% set seen = [] %}
    {% for c in doc['claims'] %}
        {% set where_ = path ~ ": claim #" ~ loop.index ~ " (id " ~ c.get('id', '?') ~ ")" %}
        {% for field in required %}
            {% if c.get(field) is none %}
                {{ exceptions.raise_compiler_error(where_ ~ ": field '" ~ field ~ "' is missing") }}
            {% endif %}
        {% endfor %}
        {% if c['comparison'] not in comparisons %}
            {{ exceptions.raise_compiler_error(where_ ~ ": field 'comparison' is '" ~ c['comparison'] ~ "', expected one of " ~ comparisons | join(', ')) }}
        {% endif %}
        {% for field in ['relation', 'date', 'value'] %}
            {% if c['metric'].get(field) is none %}
                {{ exceptions.raise_compiler_error(where_ ~ ": field 'metric." ~ field ~ "' is missing") }}
            {% endif %}
        {% endfor %}
        {% if c['comparison'] in ['equals-within-tolerance', 'is-highest-since-a-date'] and c.get('tolerance') is none %}
            {{ exceptions.raise_compiler_error(where_ ~ ": field 'tolerance' is required for comparison " ~ c['comparison']) }}
        {% endif %}
        {% if c['id'] in seen %}
            {{ exceptions.raise_compiler_error(where_ ~ ": id '" ~ c['id'] ~ "' is used twice") }}
        {% endif %}
        {% do seen.append(c['id']) %}
    {% endfor %}
    {{ return(doc['claims']) }}
{% endmacro %}

{#- Why a mart cannot be read yet, or none when it can. A mart this model does not depend on could
    be read before it is rebuilt, so that counts as unreadable too (and warns: add the ref). -#}
{% macro lw_mart_unavailable(name) %}
    {% set node_id = 'model.' ~ project_name ~ '.' ~ name %}
    {% if node_id not in graph.nodes %}
        {{ return('mart main.' ~ name ~ ' is not part of this project yet') }}
    {% endif %}
    {% if node_id not in model.depends_on.nodes %}
        {% do exceptions.warn(model.name ~ " reads main." ~ name ~ " but does not depend on it: add `-- depends_on: {{ ref('" ~ name ~ "') }}` to " ~ model.original_file_path) %}
        {{ return(model.name ~ ' does not depend on main.' ~ name ~ ' yet (it could read a stale copy)') }}
    {% endif %}
    {% if adapter.get_relation(database=this.database, schema='main', identifier=name) is none %}
        {{ return('mart main.' ~ name ~ ' is not built') }}
    {% endif %}
    {{ return(none) }}
{% endmacro %}

{% macro lw_sql_str(s) -%}
    '{{ (s ~ '') | replace("'", "''") }}'
{%- endmacro %}

{#- A number as evidence text: rounded so float noise (32.386500000000005) never shows. -#}
{% macro lw_fmt(x) -%}cast(round({{ x }}, 6) as varchar){%- endmacro %}

{% macro lw_ymd(x) -%}strftime({{ x }}, '%Y-%m-%d'){%- endmacro %}
