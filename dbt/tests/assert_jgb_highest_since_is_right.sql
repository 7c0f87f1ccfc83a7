-- Checks jgb_tenor_records against a brute-force answer on a deterministic sample of rows
-- (every row would be a quadratic range join): the sampled rows' "highest since" date must be
-- the last earlier date with a yield at least as high, and all-time highs must have none.
with sample as (
    select * from {{ ref('jgb_tenor_records') }}
    where hash(date, tenor_years) % 97 = 0 or is_all_time_high and date >= date '2020-01-01'
),

brute as (
    select
        s.date,
        s.tenor_years,
        max(f.date) as expected_since
    from sample as s
    left join {{ ref('jgb_yields') }} as f
        on s.tenor_years = f.tenor_years and s.date > f.date and s.yield_pct <= f.yield_pct
    group by s.date, s.tenor_years
)

select
    s.date,
    s.tenor_years,
    s.yield_pct,
    s.highest_since,
    b.expected_since,
    s.is_all_time_high
from sample as s inner join brute as b using (date, tenor_years)
where s.highest_since is distinct from b.expected_since
    or s.is_all_time_high <> (b.expected_since is null)
