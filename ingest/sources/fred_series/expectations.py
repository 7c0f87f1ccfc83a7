"""What a FRED payload must pass beyond its columns' declared rules: each series' own bounds.

There is no row-count no-shrink check here, on purpose: FRED answers windows (``cosd``/``coed``,
and republished copies are cut to the years someone needed), so a later answer that starts later
is not a shrunken history, and the loader never deletes a day an answer leaves out. A cut
download is caught by the parser (the last line must end in a newline), and so are holes in the
calendar, repeated days and days out of order.
"""

from __future__ import annotations

import polars as pl

from ingest.source import SuiteContext
from ingest.sources.fred_series.series import SERIES
from ingest.validation import ExpectationDef

BOUNDS = pl.DataFrame(
    {"series_id": [s.id for s in SERIES], "lower": [s.lower for s in SERIES], "upper": [s.upper for s in SERIES]}
)


def validation_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The parsed rows plus whether each value lies in its series' declared bounds."""
    joined = frame.join(BOUNDS, on="series_id", how="left", maintain_order="left")
    return joined.with_columns(within_bounds=pl.col("value").is_between(pl.col("lower"), pl.col("upper"))).drop(
        "lower", "upper"
    )


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Every value within its series' bounds (a column rule cannot depend on the series)."""
    return [("ExpectColumnValuesToBeInSet", {"column": "within_bounds", "value_set": [True]})]
