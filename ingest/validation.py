"""Running a Great Expectations (GX Core 1.x) suite on a parsed frame, before anything is loaded.

Suites are data (``(ExpectationClassName, kwargs)`` pairs) so source modules stay free of the GX
import (≈5 s); GX is imported here, lazily, on the first validation, and its ephemeral context is
reused. A suite that fails *to run* is reported as a failure, never as a pass.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import polars as pl

ExpectationDef = tuple[str, dict[str, Any]]

_lock = threading.Lock()
_state: dict[str, Any] = {}


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    kwargs: dict[str, Any]
    success: bool
    detail: str


@dataclass(frozen=True)
class ValidationOutcome:
    suite: str
    success: bool
    outcomes: list[ExpectationOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failures(self) -> list[str]:
        return [f"{o.expectation}({_short(o.kwargs)}): {o.detail}" for o in self.outcomes if not o.success]

    def as_metadata(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "evaluated": len(self.outcomes),
            "failed": sum(not o.success for o in self.outcomes),
            "seconds": round(self.seconds, 3),
            "results": [
                {"expectation": o.expectation, "args": _short(o.kwargs), "success": o.success, "detail": o.detail}
                for o in self.outcomes
            ],
        }


def _short(kwargs: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in kwargs.items())


def _context() -> tuple[Any, Any]:
    with _lock:
        if "asset" not in _state:
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

            ctx = gx.get_context(mode="ephemeral")
            ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
            asset = ctx.data_sources.add_pandas("liquidity_watch").add_dataframe_asset(name="frame")
            _state.update(gx=gx, ctx=ctx, asset=asset, batch=asset.add_batch_definition_whole_dataframe("whole"))
        return _state["gx"], _state["batch"]


def _detail(result: dict[str, Any]) -> str:
    if not result:
        return "no result"
    if "unexpected_count" in result and result.get("unexpected_count"):
        sample = result.get("partial_unexpected_list") or result.get("partial_unexpected_index_list") or []
        return f"{result['unexpected_count']} unexpected (e.g. {sample[:5]})"
    if "observed_value" in result:
        return f"observed {result['observed_value']}"
    return "ok"


def validate_frame(frame: pl.DataFrame, suite_name: str, expectations: list[ExpectationDef]) -> ValidationOutcome:
    """Validate ``frame`` against the suite; every expectation's outcome is kept for the UI."""
    started = time.perf_counter()
    gx, batch_def = _context()
    suite = gx.ExpectationSuite(name=suite_name)
    for name, kwargs in expectations:
        cls = getattr(gx.expectations, name, None)
        if cls is None:
            raise ValueError(f"suite {suite_name}: unknown GX expectation {name!r}")
        suite.add_expectation(cls(**kwargs))
    pdf = frame.to_pandas()
    with _lock:
        batch = batch_def.get_batch(batch_parameters={"dataframe": pdf})
        result = batch.validate(suite)
    outcomes = []
    for r in result.results:
        cfg = r.expectation_config
        name = "".join(part.title() for part in cfg.type.split("_"))
        kwargs = {k: v for k, v in dict(cfg.kwargs).items() if k not in ("batch_id",)}
        exc = (r.exception_info or {}) if hasattr(r, "exception_info") else {}
        raised = bool(exc.get("raised_exception")) if isinstance(exc, dict) else False
        detail = f"could not run: {exc.get('exception_message')}" if raised else _detail(dict(r.result or {}))
        outcomes.append(ExpectationOutcome(name, kwargs, bool(r.success) and not raised, detail))
    success = bool(result.success) and all(o.success for o in outcomes)
    return ValidationOutcome(suite_name, success, outcomes, time.perf_counter() - started)
