-- The curve: one row a day, one column a tenor (null where MoF published '-').
select
    date,
    {% for t in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40] -%}
    max(yield_pct) filter (where tenor_years = {{ t }}) as yield_{{ t }}y{{ "," if not loop.last }}
    {% endfor %}
from {{ ref('jgb_yields') }}
group by date
