"""Is each source's data recent enough? Judged on the data's own dates, not on when we last ran.

A load that succeeds but brings nothing new (a publisher that stopped updating) must still read as
stale, so the verdict compares the newest value of the source's ``cadence.date_column`` in
``raw.<name>`` with "now" and the cadence's ``max_lag``. "Now" is ``LW_NOW`` (an ISO timestamp) when
set, so a replay can be judged as of its recording day and tests can move time; else the wall clock.
Used by the Dagster freshness checks and by ``lw status`` alike.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from ingest.source import SourceSpec
from ingest.warehouse.connect import scalar
from ingest.warehouse.load import table_exists


@dataclass(frozen=True)
class Clock:
    """The instant freshness is judged at, and whether it is the wall clock or ``LW_NOW``."""

    now: datetime
    from_env: bool

    @property
    def label(self) -> str:
        if self.from_env:
            return f"LW_NOW={self.now.isoformat()}"
        return f"wall clock {self.now.isoformat(timespec='seconds')}"


def clock(env: Mapping[str, str] | None = None) -> Clock:
    """``LW_NOW`` (naive means UTC) or the wall clock; a malformed ``LW_NOW`` is an error, not the clock."""
    raw = (os.environ if env is None else env).get("LW_NOW")
    if not raw:
        return Clock(datetime.now(UTC), from_env=False)
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise ValueError(f"LW_NOW must be an ISO timestamp such as 2026-05-01T09:00:00+09:00, got {raw!r}") from exc
    return Clock(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC), from_env=True)


@dataclass(frozen=True)
class Freshness:
    """One source's verdict: its newest data date, how old that is at ``now``, and the bound."""

    source: str
    date_column: str
    newest: datetime | None
    now: datetime
    max_lag: timedelta
    lag_description: str

    @property
    def age(self) -> timedelta | None:
        return None if self.newest is None else self.now - self.newest

    @property
    def stale(self) -> bool:
        return self.age is None or self.age > self.max_lag

    @property
    def verdict(self) -> str:
        if self.newest is None:
            return "no data"
        return "stale" if self.stale else "fresh"

    def describe(self) -> str:
        if self.newest is None:
            return f"{self.source}: no data in raw.{self.source} (nothing loaded yet)"
        return (
            f"{self.source}: newest {self.date_column} {self.newest.date().isoformat()} is {_days(self.age)} old "
            f"at {self.now.date().isoformat()} (bound {_days(self.max_lag)}): {self.verdict}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "verdict": self.verdict,
            "date_column": self.date_column,
            "newest": self.newest.isoformat() if self.newest else None,
            "judged_at": self.now.isoformat(),
            "age_hours": None if self.age is None else round(self.age.total_seconds() / 3600, 1),
            "max_lag_hours": round(self.max_lag.total_seconds() / 3600, 1),
            "lag_description": self.lag_description,
        }


def _days(delta: timedelta | None) -> str:
    if delta is None:
        return "—"
    hours = delta.total_seconds() / 3600
    return f"{hours:.1f} h" if abs(hours) < 48 else f"{hours / 24:.1f} d"


def as_instant(value: date | datetime | str, timezone: str) -> datetime:
    """A data date as an instant: a calendar date starts at midnight in the source's own time zone."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value or ":" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=ZoneInfo(timezone))


def newest_data_date(con: duckdb.DuckDBPyConnection, spec: SourceSpec) -> datetime | None:
    """The newest ``cadence.date_column`` in ``raw.<name>``; None when the table is missing or empty."""
    if not table_exists(con, spec.table.qualified):
        return None
    value = scalar(con, f'SELECT max("{spec.cadence.date_column}") FROM {spec.table.qualified}')
    return None if value is None else as_instant(value, spec.cadence.timezone)


def judge(spec: SourceSpec, newest: datetime | None, now: datetime) -> Freshness:
    c = spec.cadence
    return Freshness(spec.name, c.date_column, newest, now, c.max_lag, c.lag_description)
