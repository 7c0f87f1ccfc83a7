"""Thesis tab: the event study, the lead-lag correlations and the channels of the "liquidity pump" thesis."""

from __future__ import annotations

from bi.dashboard.spec import Chart, Dataset, Markdown, Tab, metric

STUDY = Dataset(
    "event_study",
    time_column=None,
    description="Mean response after JGB stress events per family, response and horizon, with the placebo band.",
)
EVENTS = Dataset("jgb_stress_events", description="Every qualifying JGB stress day, why, and whether it is an event.")
LEAD_LAG = Dataset("lead_lag", time_column=None, description="Correlations of daily changes at leads and lags.")
SPREADS = Dataset("us_japan_spreads", description="UST over JGB yields (bp) with USD/JPY, daily.")
AUCTIONS = Dataset("jgb_auction_demand", time_column="auction_date", description="Super-long JGB auction demand.")
FLOWS = Dataset("portfolio_flows_monthly", time_column="month", description="MoF portfolio flows by month.")

# thesis_levels_daily's responses, each with the unit of its cumulative response
RESPONSES = (
    ("btc", "Bitcoin (log points)"),
    ("usd_jpy", "USD/JPY (yen)"),
    ("ust_10y", "US 10Y yield (bp)"),
    ("usd_stablecoin_supply", "USDT + USDC supply (log points)"),
    ("stress_score", "stress score (z units)"),
)


def event_path(response: str, label: str) -> Chart:
    """One response: each family's mean path and its placebo band, against business days after the event."""
    return Chart(
        f"After JGB stress events: {label}",
        "echarts_timeseries_line",
        STUDY,
        x="horizon_days",
        groupby=["event_family"],
        metrics=[
            metric("MAX(mean_response)", "mean"),
            metric("MAX(band_low)", "placebo 2.5 %"),
            metric("MAX(band_high)", "placebo 97.5 %"),
        ],
        filters=[f"response = '{response}'"],
        width=4,
        extra={"markerEnabled": True, "x_axis_title": "business days after the event", "x_axis_title_margin": 15},
        description=f"event_study: mean cumulative response of {response} with the placebo band.",
    )


def lead_lag_bars(driver: str) -> Chart:
    return Chart(
        f"Correlation with the {driver} yield's daily change, by lag",
        "echarts_timeseries_bar",
        LEAD_LAG,
        x="lag_days",
        groupby=["response"],
        metrics=[metric("MAX(correlation_coefficient)", "correlation")],
        filters=[f"driver = '{driver}'"],
        width=6,
        height=60,
        extra={"x_axis_title": "lag (business days; positive: the response follows)", "x_axis_title_margin": 15},
        description="lead_lag: bound = 1.96/√n_pairs (about 0.02–0.04 here); one bar in twenty exceeds it by chance.",
    )


TAB = Tab(
    "Thesis",
    [
        [
            Markdown(
                "**Does JGB stress drain liquidity?** Stress events: days when the 30-year (or 10-year) JGB yield rose "
                "by more than the top percentile of its trailing five years, or by a record, once per cluster. Each "
                "chart shows a response's mean move from the close before the events to *h* business days after, "
                "and the placebo band (2.5–97.5 % of the same mean over non-event days). Co-movement, not cause."
            )
        ],
        [event_path(response, label) for response, label in RESPONSES[:3]],
        [event_path(response, label) for response, label in RESPONSES[3:]],
        [lead_lag_bars("jgb_30y"), lead_lag_bars("jgb_10y")],
        [
            Chart(
                "US Treasury over JGB yields (bp) and USD/JPY (noon New York)",
                "echarts_timeseries_line",
                SPREADS,
                x="date",
                grain="P1W",
                metrics=[
                    metric("AVG(spread_10y_bp)", "UST 10Y − JGB 10Y (bp)"),
                    metric("AVG(spread_30y_bp)", "UST 30Y − JGB 30Y (bp)"),
                    metric("AVG(usd_jpy)", "USD/JPY"),
                ],
                width=12,
            ),
        ],
        [
            Chart(
                "Bid-to-cover at super-long JGB auctions, by maturity",
                "echarts_timeseries_line",
                AUCTIONS,
                x="auction_date",
                grain="P1D",
                groupby=["maturity_years"],
                metrics=[metric("MAX(bid_to_cover)", "bid-to-cover")],
                width=6,
                extra={"markerEnabled": True},
                description="Competitive bids / amount accepted; a third party's parse of MoF's result pages.",
            ),
            Chart(
                "Portfolio flows (trillion yen, net purchases)",
                "echarts_timeseries_bar",
                FLOWS,
                x="month",
                grain="P1M",
                metrics=[
                    metric("SUM(residents_net_foreign_bonds_100m_yen) / 1e4", "residents: foreign bonds"),
                    metric(
                        "SUM(nonresidents_net_japanese_long_term_debt_100m_yen) / 1e4",
                        "non-residents: Japanese long-term debt",
                    ),
                ],
                width=6,
            ),
        ],
        [
            Chart(
                "Event study at 5 business days",
                "table",
                STUDY,
                columns=[
                    "event_family",
                    "response",
                    "n_events",
                    "mean_response",
                    "band_low",
                    "band_high",
                    "mean_vs_band",
                ],
                filters=["horizon_days = 5"],
                order=[("event_family", True), ("response", True)],
                width=6,
                height=60,
            ),
            Chart(
                "JGB stress events and why they qualified",
                "table",
                EVENTS,
                columns=["event_family", "date", "change_bp", "threshold_bp", "why"],
                filters=["is_event"],
                order=[("date", False)],
                width=6,
                height=60,
            ),
        ],
    ],
)
