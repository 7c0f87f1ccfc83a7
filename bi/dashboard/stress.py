"""Stress tab: the composite liquidity-pressure score and each z-score that goes into it."""

from __future__ import annotations

from bi.dashboard.spec import Chart, Dataset, Markdown, Tab, metric

PRESSURE = Dataset(
    "liquidity_pressure_daily", description="The daily stress score (mean of the z-scores present) and its components."
)
# Each component as liquidity_pressure_daily signs it: higher means more stress.
COMPONENTS = (
    ("z_change_10y", "10Y yield change"),
    ("z_change_30y", "30Y yield change"),
    ("z_spread_30y_10y", "30Y − 10Y steepness"),
    ("z_policy_spread", "10Y over the BoJ target"),
    ("z_usd_stablecoin_flow", "USDT+USDC 30-day outflow"),
    ("z_supply_change", "on-chain supply shrinking"),
    ("z_backing", "on-chain backing falling"),
    ("z_psm_depth_change", "PSM draining"),
)

TAB = Tab(
    "Stress",
    [
        [
            Markdown(
                "**Stress score** = the *mean* (not the sum) of the z-scores below that have a value that day, each "
                "over a rolling window and signed so that higher means more stress; above 2 is a move rarely seen "
                "in its window. On-chain components exist only on days with an on-chain reading (offline: a few)."
            )
        ],
        [
            Chart(
                "Stress score (latest day, mean of z-scores)",
                "big_number",
                PRESSURE,
                x="date",
                grain="P1D",
                metrics=[metric("MAX(stress_score)", "stress score")],
                filters=["stress_score IS NOT NULL"],
                width=3,
                description="Mean of the z-scores present that day (liquidity_pressure_daily.stress_score).",
            ),
            Chart(
                "Liquidity stress score (weekly mean of the daily score)",
                "echarts_timeseries_line",
                PRESSURE,
                x="date",
                grain="P1W",
                metrics=[metric("AVG(stress_score)", "stress score (weekly mean)")],
                filters=["stress_score IS NOT NULL"],
                width=9,
            ),
        ],
        [
            Chart(
                "Stress components (z-scores, monthly mean; higher = more stress)",
                "echarts_timeseries_line",
                PRESSURE,
                x="date",
                grain="P1M",
                metrics=[metric(f"AVG({column})", label) for column, label in COMPONENTS],
                width=8,
                height=60,
            ),
            Chart(
                "Components in the score (monthly mean of the daily count)",
                "echarts_timeseries_bar",
                PRESSURE,
                x="date",
                grain="P1M",
                metrics=[metric("AVG(stress_components)", "components present")],
                filters=["stress_score IS NOT NULL"],
                width=4,
                height=60,
            ),
        ],
    ],
)
