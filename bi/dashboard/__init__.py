"""The "Liquidity Watch" Superset dashboard, as code: one module per tab, rendered into an import bundle.

A tab is added by writing a module that defines ``TAB`` (a :class:`~bi.dashboard.spec.Tab`) and adding one
line to ``TABS`` below; its datasets come with its charts. ``python -m bi.dashboard OUT_DIR [SERVING]``
writes the bundle as files, to read or diff it.
"""

from __future__ import annotations

from bi.dashboard import claims, debt, policy_prices, rates, stablecoins, stress, thesis
from bi.dashboard.spec import Chart, Dataset, Tab

TABS: list[Tab] = [
    stress.TAB,
    rates.TAB,
    policy_prices.TAB,
    debt.TAB,
    stablecoins.TAB,
    thesis.TAB,
    claims.TAB,
]


def all_charts() -> list[Chart]:
    return [c for tab in TABS for c in tab.charts()]


def datasets() -> list[Dataset]:
    """Every dataset a chart uses, once, in order of first use; one name must mean one declaration."""
    found: dict[str, Dataset] = {}
    for chart in all_charts():
        if found.setdefault(chart.dataset.name, chart.dataset) != chart.dataset:
            raise ValueError(f"two different datasets are both named {chart.dataset.name!r}")
    return list(found.values())
