"""Whether a frame's rows repeat: asked by validation (uniqueness expectations) and by the load (its key guard).

Kept apart from both so that neither module calls the other: the path runs validation, then load.
"""

from __future__ import annotations

import polars as pl


def duplicated_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``frame`` whose values another row repeats (empty when all differ).

    Cheap proofs first: rows in strictly ascending order (a payload in file order, keyed by date)
    are all distinct, and so are rows whose 64-bit hashes all differ; the exact (much slower)
    comparison runs only when neither holds.
    """
    if _strictly_ascending(frame) or frame.select(pl.struct(pl.all()).hash().n_unique()).item() == frame.height:
        return frame.clear()
    return frame.filter(frame.is_duplicated())


def _strictly_ascending(frame: pl.DataFrame) -> bool:
    """Each row sorts strictly after the one before, comparing column by column (nulls: not proven)."""
    if frame.height < 2:
        return True
    after: pl.Expr = pl.lit(False)
    for c in reversed(frame.columns):
        nxt = pl.col(c).shift(-1)
        after = (nxt > pl.col(c)) | ((nxt == pl.col(c)) & after)
    return bool(frame.select(after.head(frame.height - 1).fill_null(False).all()).item())
