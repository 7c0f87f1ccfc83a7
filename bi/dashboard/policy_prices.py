"""Policy & prices tab: the call rate against the BoJ's target, JGBs over the target, CPI against 2 %."""

from __future__ import annotations

from bi.dashboard.spec import Chart, Dataset, Markdown, Tab, metric

# Each series' current run of months with year-on-year at or above 2 %, up to its latest month.
CPI_STREAK_SQL = """\
WITH s AS (
    SELECT series_code, series_name, series_name_en, month, yoy_pct FROM main.cpi_monthly
    WHERE (is_headline OR is_boj_core) AND yoy_pct IS NOT NULL
),
last_below AS (SELECT series_code, max(month) FILTER (WHERE yoy_pct < 2.0) AS below FROM s GROUP BY series_code)
SELECT s.series_name_en || ' (' || s.series_name || ')' AS series, count(*) AS months_at_or_above_2pct,
       min(s.month) AS since, max(s.month) AS through
FROM s JOIN last_below b USING (series_code)
WHERE b.below IS NULL OR s.month > b.below
GROUP BY ALL
"""

POLICY_RATES = Dataset(
    "policy_rates",
    description="BoJ policy rates, long format: the target every calendar day from 2016, the call rate every "
    "business day since 1998.",
)
JGB_VS_POLICY = Dataset("jgb_vs_policy", description="2Y/10Y yields against the BoJ policy target, bp.")
CPI = Dataset("cpi_monthly", time_column="month", description="CPI (2020 = 100) and year-on-year %, per series.")
CPI_STREAK = Dataset(
    "cpi_streak_at_or_above_2pct",
    time_column=None,
    sql=CPI_STREAK_SQL,
    description="Months in a row, to the latest month, with year-on-year CPI at or above 2 %.",
)

TAB = Tab(
    "Policy & prices",
    [
        [
            Markdown(
                "**Call rate**: the BoJ's uncollateralized overnight call rate, business days since 1998. "
                "**Target**: the policy-rate target in force, from the reviewed table of BoJ decisions (from "
                "2016-02-16). **CPI**: Statistics Bureau, all Japan, 2020 = 100; year on year computed from the "
                "published one-decimal index (the official rate can differ by ±0.1 pt)."
            )
        ],
        [
            Chart(
                "Overnight call rate vs the BoJ target (weekly mean, % per annum)",
                "echarts_timeseries_line",
                POLICY_RATES,
                x="date",
                grain="P1W",
                metrics=[
                    metric("AVG(CASE WHEN series = 'call_rate_overnight' THEN value END)", "call rate (business days)"),
                    metric("AVG(CASE WHEN is_target THEN value END)", "BoJ target (in force)"),
                ],
                filters=["date >= DATE '1998-01-01'", "(series = 'call_rate_overnight' OR is_target)"],
                width=8,
            ),
            Chart(
                "10Y and 2Y JGB minus the BoJ target (bp, daily)",
                "echarts_timeseries_line",
                JGB_VS_POLICY,
                x="date",
                grain="P1D",
                metrics=[
                    metric("MAX(spread_10y_bp)", "10Y − target (bp)"),
                    metric("MAX(spread_2y_bp)", "2Y − target (bp)"),
                ],
                width=4,
            ),
        ],
        [
            Chart(
                "CPI year on year: headline and the BoJ's core against 2 % (%)",
                "echarts_timeseries_line",
                CPI,
                x="month",
                grain="P1M",
                metrics=[
                    metric("AVG(CASE WHEN is_headline THEN yoy_pct END)", "headline (総合)"),
                    metric("AVG(CASE WHEN is_boj_core THEN yoy_pct END)", "core: less fresh food (生鮮食品を除く総合)"),
                    metric("MAX(2.0)", "2 % (the BoJ's price target)"),
                ],
                filters=["(is_headline OR is_boj_core)", "yoy_pct IS NOT NULL"],
                width=8,
            ),
            Chart(
                "Months in a row with CPI at or above 2 % (to the latest month)",
                "table",
                CPI_STREAK,
                columns=["series", "months_at_or_above_2pct", "since", "through"],
                order=[("series", True)],
                width=4,
            ),
        ],
    ],
)
