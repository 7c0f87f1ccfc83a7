"""The report's sections, in page order: one module each, with a ``build(con) -> Section``.

A section is added by writing a module beside these and adding one line to ``SECTIONS``.
"""

from __future__ import annotations

from report.section import SectionBuilder
from report.sections import (
    backing,
    claims,
    cpi,
    curve,
    debt,
    debt_to_gdp,
    history,
    pressure,
    rates,
    spreads,
    supply,
    thesis,
)

SECTIONS: list[SectionBuilder] = [
    curve.build,
    history.build,
    spreads.build,
    rates.build,
    cpi.build,
    debt.build,
    debt_to_gdp.build,
    supply.build,
    backing.build,
    pressure.build,
    thesis.build,
    claims.build,
]
