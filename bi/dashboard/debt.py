"""Debt tab: central government debt by instrument, debt-to-GDP by IMF vintage next to MoF/ESRI, debt service."""

from __future__ import annotations

from bi.dashboard.spec import Chart, Dataset, Markdown, Tab, metric

# One line per ratio and vintage, named for what it is: the IMF's general government ratio per WEO edition,
# and MoF's central government debt over ESRI's nominal GDP (a narrower numerator, not the same ratio).
DEBT_TO_GDP_SQL = """\
SELECT year, ratio_pct, ratio_kind, vintage,
       CASE WHEN ratio_kind LIKE 'imf%' THEN 'IMF WEO ' || vintage || ': general government'
            ELSE 'MoF central government / ESRI GDP' END AS series
FROM main.debt_to_gdp
"""

DEBT_TOTAL = Dataset(
    "government_debt_total", time_column="as_of", description="Central government debt (MoF), quarter ends, JPY."
)
DEBT_TO_GDP = Dataset(
    "debt_to_gdp_series",
    time_column=None,
    sql=DEBT_TO_GDP_SQL,
    description="Debt-to-GDP per year: IMF general government by WEO vintage; MoF central government / ESRI GDP.",
)
SENSITIVITY = Dataset(
    "debt_service_sensitivity",
    time_column=None,
    description="Added interest after a rate shock, modelled vs the MoF estimate.",
)

TAB = Tab(
    "Debt",
    [
        [
            Markdown(
                "**Debt outstanding**: MoF's central government debt by instrument at each quarter end (JPY). "
                "**Debt-to-GDP**: the IMF's *general* government gross debt as each World Economic Outlook "
                "vintage published it (later years of a vintage are projections), next to MoF's *central* "
                "government debt over ESRI's nominal GDP: two different ratios, never one series."
            )
        ],
        [
            Chart(
                "Central government debt outstanding by instrument (MoF, quarter ends, JPY)",
                "echarts_area",
                DEBT_TOTAL,
                x="as_of",
                grain="P1D",
                metrics=[
                    metric("SUM(general_bonds_jpy)", "general bonds"),
                    metric("SUM(filp_bonds_jpy)", "FILP bonds"),
                    metric("SUM(financing_bills_jpy)", "financing bills"),
                    metric("SUM(borrowings_jpy)", "borrowings"),
                ],
                extra={"stack": "Stack", "y_axis_format": "SMART_NUMBER"},
            ),
            Chart(
                "Debt-to-GDP by source and vintage (% of GDP)",
                "echarts_timeseries_line",
                DEBT_TO_GDP,
                x="year",
                groupby=["series"],
                metrics=[metric("MAX(ratio_pct)", "% of GDP")],
                extra={"markerEnabled": True, "x_axis_title": "year", "x_axis_title_margin": 15},
            ),
        ],
        [
            Chart(
                "Debt service: added interest after a rate shock, model vs MoF (JPY)",
                "echarts_timeseries_bar",
                SENSITIVITY,
                x="years_after",
                groupby=["scope"],
                metrics=[
                    metric("SUM(added_interest_jpy)", "model: added interest (JPY)"),
                    metric("MAX(mof_estimate_jpy)", "MoF's own estimate (JPY)"),
                ],
                extra={"x_axis_title": "years after the shock", "x_axis_title_margin": 15},
                width=12,
            ),
        ],
    ],
)
