"""Claims tab: each checkable claim of the commentary, what the warehouse found, and the verdict."""

from __future__ import annotations

from bi.dashboard.spec import Chart, Dataset, Markdown, Tab

CLAIMS = Dataset("claims", time_column="on_date", description="Published claims checked against the warehouse.")

TAB = Tab(
    "Claims",
    [
        [
            Markdown(
                "Reviewed claims (dbt seed `reviewed_claims`) checked against the marts. Verdicts come from the data: "
                "*supported*, *contradicted*, *not yet checkable*, *inconclusive* when an event-study mean lies "
                "within its placebo band, or *issuer_reported* when the only evidence is the issuer's own statement "
                "about itself."
            )
        ],
        [
            Chart(
                "Claims ledger",
                "table",
                CLAIMS,
                width=12,
                height=80,
                columns=["id", "claim", "on_date", "claimed", "found", "verdict", "evidence", "note"],
                order=[("id", True)],
            ),
        ],
    ],
)
