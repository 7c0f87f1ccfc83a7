"""Rates tab: the JGB curve now and before, each tenor's history and records, curve spreads (MoF yields)."""

from __future__ import annotations

from bi.dashboard.spec import Chart, Dataset, Markdown, Tab, metric

# The curve on the latest date, and on the last trading day at or before one month and one year earlier.
CURVE_SQL = """\
WITH latest AS (SELECT max(date) AS d FROM main.jgb_yields),
targets AS (
    SELECT 'latest' AS curve, 1 AS curve_order, d AS target FROM latest
    UNION ALL SELECT '1 month earlier', 2, CAST(d - INTERVAL 1 MONTH AS DATE) FROM latest
    UNION ALL SELECT '1 year earlier', 3, CAST(d - INTERVAL 1 YEAR AS DATE) FROM latest
),
picked AS (
    SELECT t.curve, t.curve_order, max(y.date) AS curve_date
    FROM targets t JOIN main.jgb_yields y ON y.date <= t.target
    GROUP BY t.curve, t.curve_order
)
SELECT p.curve || ' (' || strftime(p.curve_date, '%Y-%m-%d') || ')' AS curve, p.curve_order, p.curve_date,
       y.tenor_years, y.yield_pct
FROM picked p JOIN main.jgb_yields y ON y.date = p.curve_date
"""

JGB_YIELDS = Dataset("jgb_yields", description="JGB yield per date and tenor (MoF constant maturity), % per annum.")
CURVES = Dataset(
    "jgb_curve_snapshots",
    time_column="curve_date",
    sql=CURVE_SQL,
    description="The JGB curve on the latest date, one month and one year earlier.",
)
RECORDS = Dataset("jgb_tenor_records", description="Each tenor's yield with all-time-high flags.")
SPREADS = Dataset("jgb_spreads", description="Curve spreads in basis points.")

TAB = Tab(
    "Rates",
    [
        [
            Markdown(
                "**JGB yields** are the Ministry of Finance's constant-maturity yields (% per annum, one row per "
                "business day since 1974). Monthly charts show the month's mean of the daily yields."
            )
        ],
        [
            Chart(
                "JGB curve: latest vs 1 month vs 1 year earlier (MoF, %)",
                "echarts_timeseries_line",
                CURVES,
                x="tenor_years",
                groupby=["curve"],
                metrics=[metric("MAX(yield_pct)", "yield %")],
                extra={"markerEnabled": True, "x_axis_title": "tenor (years)", "x_axis_title_margin": 15},
            ),
            Chart(
                "JGB yields by tenor (monthly mean of daily yields, %)",
                "echarts_timeseries_line",
                JGB_YIELDS,
                x="date",
                grain="P1M",
                groupby=["tenor_years"],
                metrics=[metric("AVG(yield_pct)", "yield %")],
            ),
        ],
        [
            Chart(
                "All-time highs by tenor",
                "table",
                RECORDS,
                groupby=["tenor_years"],
                metrics=[
                    metric("MAX(yield_pct)", "record yield %"),
                    metric("MAX(date)", "last record on"),
                    metric("COUNT(*)", "record days"),
                ],
                filters=["is_all_time_high"],
                width=4,
            ),
            Chart(
                "Record-setting yields by tenor (monthly max, since 1990, %)",
                "echarts_timeseries_scatter",
                RECORDS,
                x="date",
                grain="P1M",
                groupby=["tenor_years"],
                metrics=[metric("MAX(yield_pct)", "record yield %")],
                filters=["is_all_time_high", "date >= DATE '1990-01-01'"],
                width=8,
                extra={"markerSize": 4},
            ),
        ],
        [
            Chart(
                "JGB curve spreads (weekly mean, bp)",
                "echarts_timeseries_line",
                SPREADS,
                x="date",
                grain="P1W",
                metrics=[
                    metric("AVG(spread_10y_2y_bp)", "10Y − 2Y"),
                    metric("AVG(spread_30y_10y_bp)", "30Y − 10Y"),
                    metric("AVG(spread_40y_30y_bp)", "40Y − 30Y"),
                ],
                width=12,
            ),
        ],
    ],
)
