"""For each date and tenor: is the yield an all-time high of its series, and since when is it the highest.

"Highest since D" means D is the last earlier date whose yield was at least as high. SQL would need a
range-maximum self-join (quadratic over 50 years of dailies); a monotonic stack answers it in one
pass per tenor.
"""

import polars as pl


def _previous_at_least(dates: list, yields: list[float]) -> list:
    """For each point, the date of the latest earlier point with a yield >= its own (None if none)."""
    stack_y: list[float] = []
    stack_d: list = []
    out = []
    for d, y in zip(dates, yields, strict=True):
        while stack_y and stack_y[-1] < y:
            stack_y.pop()
            stack_d.pop()
        out.append(stack_d[-1] if stack_d else None)
        stack_y.append(y)
        stack_d.append(d)
    return out


def model(dbt, session):
    dbt.config(materialized="table")
    yields = dbt.ref("jgb_yields").pl().select("date", "tenor_years", "yield_pct").sort("tenor_years", "date")
    parts = []
    for _tenor, g in yields.group_by(["tenor_years"], maintain_order=True):
        since = _previous_at_least(g["date"].to_list(), g["yield_pct"].to_list())
        parts.append(g.with_columns(highest_since=pl.Series("highest_since", since, dtype=pl.Date)))
    frame = pl.concat(parts)
    return (
        frame.with_columns(
            previous_high_pct=pl.col("yield_pct").cum_max().shift(1).over("tenor_years"),
        )
        .with_columns(
            is_all_time_high=pl.col("previous_high_pct").is_null()
            | (pl.col("yield_pct") > pl.col("previous_high_pct")),
            is_first_observation=pl.col("previous_high_pct").is_null(),
        )
        .select(
            "date",
            "tenor_years",
            "yield_pct",
            "is_all_time_high",
            "is_first_observation",
            "previous_high_pct",
            "highest_since",
        )
    )
