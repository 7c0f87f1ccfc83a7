-- Lead and lag: the correlation_coefficient of the drivers' daily changes (JGB 30- and 10-year yield, bp) with
-- each response's daily daily_change lag_days business days later (thesis_levels_daily's calendar), for lags
-- −var('lead_lag_max_days') … +var('lead_lag_max_days'). A positive lag means the response follows the
-- JGB move; a negative lag means it came first. n is the number of day pairs with both changes, and
-- bound = 1.96 / √n is the two-sided 5 % bound a correlation_coefficient of independent series stays within.
{%- set max_lag = var('lead_lag_max_days') | int %}

with changes as (
    -- thesis_levels_daily holds every series on every day_index, so a shift by rows is a shift in days
    select
        series,
        series_role,
        day_index,
        series_level - lag(series_level) over (partition by series order by day_index) as daily_change
    from {{ ref('thesis_levels_daily') }}
),

pairs as (
    -- each driver's change beside each response's change lag_days later, {{ -max_lag }} … {{ max_lag }}
    -- (lead by a negative lag looks back)
    select
        x.series                                as driver,
        y.series                                as response,
        x.daily_change                          as driver_change,
    {%- for lag_days in range(-max_lag, max_lag + 1) %}
    lead(y.daily_change, {{ lag_days }}) over w as response_change_{{ loop.index }}{{ "," if not loop.last }}
    {%- endfor %}
    from changes as x
    inner join changes as y on x.day_index = y.day_index
    where x.series_role = 'driver' and y.series_role = 'response'
    window w as (partition by x.series, y.series order by x.day_index)
),

paired as (
    {%- for lag_days in range(-max_lag, max_lag + 1) %}
    select
        driver,
        response,
        {{ lag_days }}                                          as lag_days,
        count(driver_change * response_change_{{ loop.index }}) as n_pairs,
        corr(driver_change, response_change_{{ loop.index }})   as correlation_coefficient
    from pairs
    group by driver, response
    {{ "union all" if not loop.last }}
    {%- endfor %}
)

select
    driver,
    response,
    lag_days,
    n_pairs,
    round(correlation_coefficient, 6)                                    as correlation_coefficient,
    round(1.96 / sqrt(n_pairs), 6)                                       as bound,
    coalesce(abs(correlation_coefficient) > 1.96 / sqrt(n_pairs), false) as beyond_bound
from paired
where n_pairs > 0
