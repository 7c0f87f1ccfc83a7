-- The curve: one row a day, one column a tenor (null where MoF published '-'). The tenors are
-- var('jgb_tenors') (dbt_project.yml), the list the ingest side reads too; the model's contract lists
-- the columns, so a tenor added there without a column here (or the reverse) fails the build.
select
    date,
{% for t in var('jgb_tenors') -%}
max(yield_pct) filter (where tenor_years = {{ t }}) as yield_{{ t }}y{{ "," if not loop.last }}
{% endfor %}
from {{ ref('jgb_yields') }}
group by date
