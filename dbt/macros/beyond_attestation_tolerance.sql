{#- A supply figure disagrees with the attested tokens outstanding: it is off by more than var
    attestation_tolerance_pct of them and by more than the attestation's own rounding (precision). -#}
{% macro beyond_attestation_tolerance(figure, attested, precision) -%}
abs({{ figure }} - {{ attested }}) > greatest(
    {{ var('attestation_tolerance_pct') }} / 100.0 * {{ attested }}, coalesce({{ precision }}, 0)
)
{%- endmacro %}
