"""Validating a payload before anything is loaded: table-level checks on the whole payload, row-level on its delta.

Suites are data (``(ExpectationClassName, kwargs)`` pairs, GX Core 1.x names) so source modules
stay free of the GX import (≈5 s). Each expectation type is classified here, once:

* **row-level** types (``ROW_LEVEL``): a row passes or fails on its own values, so rows the warehouse
  already holds unchanged need no second look. They run in GX (pandas engine) on the *delta* only.
  A large delta (a first load) is reduced first to the distinct values of the columns each check
  reads, which decides pass/fail exactly (counts are then of distinct values, and say so); a check
  with ``mostly`` (real row counts) or a ``row_condition`` (other columns) always sees every delta row.
* **table-level** types (``TABLE_LEVEL``): row counts, uniqueness, order, sets of values — they
  judge the whole payload, so they run on all of it, natively in polars (a GX pandas copy of a
  long history costs more than the rest of the ingest together).

Any other type is refused when the suite is built, so a check is never silently skipped; a suite
that fails *to run* is reported as a failure, never as a pass.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ingest.frames import duplicated_rows

ExpectationDef = tuple[str, dict[str, Any]]

ROW_LEVEL = frozenset(
    {
        "ExpectColumnValuesToBeBetween",
        "ExpectColumnValuesToBeInSet",
        "ExpectColumnValuesToNotBeInSet",
        "ExpectColumnValuesToNotBeNull",
        "ExpectColumnValuesToBeNull",
        "ExpectColumnValuesToMatchRegex",
        "ExpectColumnValuesToNotMatchRegex",
        "ExpectColumnPairValuesAToBeGreaterThanB",
        "ExpectColumnPairValuesToBeEqual",
    }
)
# Above this many delta rows, row-level checks see the distinct values of their columns instead, when
# their arguments say nothing about other columns or row counts (no `mostly`, no `row_condition`).
DISTINCT_ABOVE = 50_000
_DISTINCT_SAFE = frozenset(
    {
        "column",
        "column_A",
        "column_B",
        "column_list",
        "min_value",
        "max_value",
        "strict_min",
        "strict_max",
        "value_set",
        "regex",
        "or_equal",
        "ignore_row_if",
    }
)
SAMPLE = 20

_lock = threading.Lock()
_state: dict[str, Any] = {}


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    kwargs: dict[str, Any]
    success: bool
    detail: str
    scope: str = "payload"  # "payload" (whole payload, polars) or "delta" (rows new or changed, GX)


@dataclass(frozen=True)
class ValidationOutcome:
    suite: str
    success: bool
    outcomes: list[ExpectationOutcome] = field(default_factory=list)
    seconds: float = 0.0
    payload_rows: int = 0
    delta_rows: int = 0

    @property
    def failures(self) -> list[str]:
        return [f"{o.expectation}({_short(o.kwargs)}): {o.detail}" for o in self.outcomes if not o.success]

    def as_metadata(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "evaluated": len(self.outcomes),
            "failed": sum(not o.success for o in self.outcomes),
            "seconds": round(self.seconds, 3),
            "payload_rows": self.payload_rows,
            "delta_rows": self.delta_rows,
            "results": [
                {
                    "expectation": o.expectation,
                    "args": _short(o.kwargs),
                    "success": o.success,
                    "detail": o.detail,
                    "scope": o.scope,
                }
                for o in self.outcomes
            ],
        }


def _short(kwargs: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in kwargs.items())


# ---- table-level: the whole payload, in polars ---------------------------------------------------------------


def _count_result(unexpected: pl.DataFrame, considered: int, kwargs: dict[str, Any]) -> tuple[bool, str]:
    """GX's map-style verdict: pass when the share of unexpected rows is within ``mostly`` (default: none)."""
    n = unexpected.height
    mostly = kwargs.get("mostly", 1.0)
    success = n == 0 or (considered > 0 and 1 - n / considered >= mostly)
    if not n:
        return success, "ok"
    sample = unexpected.head(SAMPLE).rows() if unexpected.width > 1 else unexpected.to_series().head(SAMPLE).to_list()
    return success, f"{n} unexpected (e.g. {sample[:5]})"


def _row_count(frame: pl.DataFrame, kw: dict[str, Any]) -> tuple[bool, str]:
    n, lo, hi = frame.height, kw.get("min_value"), kw.get("max_value")
    ok = (lo is None or (n > lo if kw.get("strict_min") else n >= lo)) and (
        hi is None or (n < hi if kw.get("strict_max") else n <= hi)
    )
    return ok, f"observed {n}"


def _compound_unique(frame: pl.DataFrame, kw: dict[str, Any]) -> tuple[bool, str]:
    cols = list(kw["column_list"])
    considered = frame.select(cols).filter(~pl.all_horizontal(pl.col(cols).is_null()))  # GX: all_values_are_missing
    return _count_result(duplicated_rows(considered), considered.height, kw)


def _unique(frame: pl.DataFrame, kw: dict[str, Any]) -> tuple[bool, str]:
    values = frame.select(pl.col(kw["column"]).drop_nulls())
    return _count_result(duplicated_rows(values), values.height, kw)


def _monotonic(increasing: bool) -> Callable[[pl.DataFrame, dict[str, Any]], tuple[bool, str]]:
    def check(frame: pl.DataFrame, kw: dict[str, Any]) -> tuple[bool, str]:
        values = frame[kw["column"]].drop_nulls()
        step = values.diff() if increasing else -values.diff()
        bad = (step <= 0) if kw.get("strictly") else (step < 0)
        return _count_result(values.filter(bad.fill_null(False)).to_frame(), values.len(), kw)

    return check


def _distinct_set(equal: bool) -> Callable[[pl.DataFrame, dict[str, Any]], tuple[bool, str]]:
    def check(frame: pl.DataFrame, kw: dict[str, Any]) -> tuple[bool, str]:
        observed = set(frame[kw["column"]].drop_nulls().unique().to_list())
        wanted = set(kw["value_set"])
        ok = observed == wanted if equal else wanted <= observed
        return ok, f"observed {sorted(observed, key=str)[:SAMPLE]}"

    return check


TableCheck = Callable[[pl.DataFrame, dict[str, Any]], tuple[bool, str]]
# Each payload-level check with the GX arguments it implements; any other argument (a row_condition, say)
# makes the check fail as "could not run" rather than be judged without it.
TABLE_LEVEL: dict[str, tuple[TableCheck, frozenset[str]]] = {
    "ExpectTableRowCountToBeBetween": (_row_count, frozenset({"min_value", "max_value", "strict_min", "strict_max"})),
    "ExpectCompoundColumnsToBeUnique": (_compound_unique, frozenset({"column_list", "mostly"})),
    "ExpectColumnValuesToBeUnique": (_unique, frozenset({"column", "mostly"})),
    "ExpectColumnValuesToBeIncreasing": (_monotonic(increasing=True), frozenset({"column", "strictly", "mostly"})),
    "ExpectColumnValuesToBeDecreasing": (_monotonic(increasing=False), frozenset({"column", "strictly", "mostly"})),
    "ExpectColumnDistinctValuesToEqualSet": (_distinct_set(equal=True), frozenset({"column", "value_set"})),
    "ExpectColumnDistinctValuesToContainSet": (_distinct_set(equal=False), frozenset({"column", "value_set"})),
}


def _table_level(frame: pl.DataFrame, name: str, kwargs: dict[str, Any]) -> ExpectationOutcome:
    check, understood = TABLE_LEVEL[name]
    try:
        if unknown := sorted(set(kwargs) - understood):
            raise ValueError(f"arguments {unknown} are not implemented for this payload-level check")
        ok, detail = check(frame, kwargs)
    except Exception as exc:  # a check that cannot run is a failure, never a pass
        ok, detail = False, f"could not run: {type(exc).__name__}: {exc}"
    return ExpectationOutcome(name, kwargs, ok, detail, "payload")


# ---- row-level: the delta, in GX -----------------------------------------------------------------------------


def _context() -> tuple[Any, Any]:
    with _lock:
        if "batch" not in _state:
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

            ctx = gx.get_context(mode="ephemeral")
            ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
            asset = ctx.data_sources.add_pandas("liquidity_watch").add_dataframe_asset(name="frame")
            _state.update(gx=gx, ctx=ctx, asset=asset, batch=asset.add_batch_definition_whole_dataframe("whole"))
        return _state["gx"], _state["batch"]


def _columns(kwargs: dict[str, Any]) -> list[str]:
    """The columns a row-level check reads."""
    cols = [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]
    return cols + list(kwargs.get("column_list", []))


def _detail(result: dict[str, Any], distinct: bool) -> str:
    if not result:
        return "no result"
    if result.get("unexpected_count"):
        sample = result.get("partial_unexpected_list") or result.get("partial_unexpected_index_list") or []
        what = "distinct values unexpected" if distinct else "unexpected"
        return f"{result['unexpected_count']} {what} (e.g. {sample[:5]})"
    if "observed_value" in result:
        return f"observed {result['observed_value']}"
    return "ok"


def _raised(exception_info: Any) -> str | None:
    """GX reports a check that could not run either flat or keyed by metric; either way it is a failure."""
    if not isinstance(exception_info, dict):
        return None
    infos = [exception_info] if "raised_exception" in exception_info else list(exception_info.values())
    for info in infos:
        if isinstance(info, dict) and info.get("raised_exception"):
            return str(info.get("exception_message"))
    return None


def _config_key(config: Any) -> str:
    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
    return f"{config.type} {json.dumps(kwargs, sort_keys=True, default=str)}"


def _in_suite_order(configs: list[Any], results: list[Any]) -> list[Any]:
    """GX returns a suite's results grouped by the column they read, not in the suite's order: match each
    result to its expectation by configuration, so a failure is never reported under another check's name."""
    by_key: dict[str, list[Any]] = {}
    for r in results:
        by_key.setdefault(_config_key(r.expectation_config), []).append(r)
    try:
        return [by_key[_config_key(c)].pop(0) for c in configs]
    except (KeyError, IndexError):
        raise RuntimeError("GX results do not match the suite's expectations") from None


def _gx(
    frame: pl.DataFrame, suite_name: str, expectations: list[ExpectationDef], distinct: bool
) -> list[ExpectationOutcome]:
    gx, batch_def = _context()
    suite = gx.ExpectationSuite(name=suite_name)
    configs = []
    for name, kwargs in expectations:
        configs.append(suite.add_expectation(getattr(gx.expectations, name)(**kwargs)).configuration)
    pdf = frame.to_pandas()
    with _lock:
        result = batch_def.get_batch(batch_parameters={"dataframe": pdf}).validate(suite)
    if len(result.results) != len(expectations):
        raise RuntimeError(
            f"suite {suite_name}: GX returned {len(result.results)} results for {len(expectations)} checks"
        )
    outcomes = []
    for (name, kwargs), r in zip(expectations, _in_suite_order(configs, result.results), strict=True):
        raised = _raised(getattr(r, "exception_info", None))
        detail = f"could not run: {raised}" if raised else _detail(dict(r.result or {}), distinct)
        outcomes.append(ExpectationOutcome(name, kwargs, bool(r.success) and raised is None, detail, "delta"))
    return outcomes


def _row_level(delta: pl.DataFrame, suite_name: str, checks: list[ExpectationDef]) -> list[ExpectationOutcome]:
    """GX on the delta; a large delta is cut to distinct values per set of columns read (exact for pass/fail)."""
    if not checks:
        return []
    if delta.height <= DISTINCT_ABOVE:
        return _gx(delta, suite_name, checks, distinct=False)
    everything = tuple(delta.columns)
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, (_, kwargs) in enumerate(checks):
        groups.setdefault(tuple(_columns(kwargs)) if set(kwargs) <= _DISTINCT_SAFE else everything, []).append(i)
    outcomes: dict[int, ExpectationOutcome] = {}
    for cols, members in groups.items():
        distinct = cols != everything
        frame = delta.select(cols).unique() if distinct else delta
        group = [checks[i] for i in members]
        outcomes.update(zip(members, _gx(frame, suite_name, group, distinct=distinct), strict=True))
    return [outcomes[i] for i in range(len(checks))]


def check_suite(suite_name: str, expectations: list[ExpectationDef]) -> None:
    """Refuse a suite holding a type this module does not classify (it would otherwise go unchecked)."""
    unknown = [name for name, _ in expectations if name not in ROW_LEVEL and name not in TABLE_LEVEL]
    if unknown:
        raise ValueError(
            f"suite {suite_name}: expectation types {unknown} are neither row-level ({sorted(ROW_LEVEL)}) nor "
            f"table-level ({sorted(TABLE_LEVEL)}); classify them in ingest/validation.py"
        )


def validate_frame(
    frame: pl.DataFrame, suite_name: str, expectations: list[ExpectationDef], *, delta: pl.DataFrame | None = None
) -> ValidationOutcome:
    """Validate a payload: table-level checks on ``frame`` (all of it), row-level ones on ``delta``.

    ``delta`` holds the payload's rows the warehouse does not already hold unchanged; ``None``
    means every row is new (a first load, or a frame checked on its own). Outcomes keep the
    suite's order, each saying which scope it judged.
    """
    started = time.perf_counter()
    check_suite(suite_name, expectations)
    delta = frame if delta is None else delta
    rows = [(n, kw) for n, kw in expectations if n in ROW_LEVEL]
    try:
        row_outcomes = iter(_row_level(delta, suite_name, rows))
    except Exception as exc:  # GX failing to run is a failed validation
        row_outcomes = iter(
            [ExpectationOutcome(n, kw, False, f"could not run: {type(exc).__name__}: {exc}", "delta") for n, kw in rows]
        )
    outcomes = [next(row_outcomes) if n in ROW_LEVEL else _table_level(frame, n, kw) for n, kw in expectations]
    success = all(o.success for o in outcomes)
    return ValidationOutcome(suite_name, success, outcomes, time.perf_counter() - started, frame.height, delta.height)
