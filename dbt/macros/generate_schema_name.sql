{#- Schemas are named as configured (staging, intermediate, main), not prefixed with the
    target schema, so BI users find marts at main.<model> in serving.duckdb. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
{%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
