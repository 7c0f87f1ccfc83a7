{#- A number as evidence text: rounded so float noise (32.386500000000005) never shows. -#}
{% macro number_text(x) -%}
cast(round({{ x }}, 6) as varchar)
{%- endmacro %}
