"""What a source declares about itself, once: its raw table, its cadence, and its steps.

Everything else is derived from these declarations: the DuckDB tables and their comments, the
dbt sources yml, the Dagster asset with its blocking GX check, the job, the schedule and the
freshness check. Adding a source is adding a folder under ``ingest/sources/`` whose package
exposes ``SOURCE`` (a ``SourceSpec``); nothing else is edited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from ingest.fetch import Fetcher, FetchResult, Request
from ingest.landing import LandedPayload
from ingest.settings import Settings
from ingest.validation import ExpectationDef

RAW_SCHEMA = "raw"
SOURCES_DIR = Path(__file__).resolve().parent / "sources"
REVIEWED_SCHEME = "reviewed://"


def source_name(package: str | None) -> str:
    """A source's name is its folder's: declarations pass ``__package__`` so the name is never typed twice."""
    if not package:
        raise ValueError("source_name(__package__) must be called from a module inside ingest/sources/<name>/")
    return package.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class Column:
    """One column of a raw table: its DuckDB type, what it means, and the rules every row's value obeys.

    The rules are declared here once and derived everywhere: the row-level part of the source's GX
    suite (``expectations``), the dbt tests on its source, and the docs tables. A key column is
    never null without saying so; the table key is its uniqueness rule (``TableSpec.expectations``).
    """

    type: str
    description: str
    not_null: bool = False
    min_value: float | None = None
    max_value: float | None = None
    accepted: tuple[Any, ...] | None = None

    def expectations(self, name: str, *, key: bool = False) -> list[ExpectationDef]:
        """The GX row-level expectations these rules stand for (GX Core 1.x class names)."""
        checks: list[ExpectationDef] = []
        if self.not_null or key:
            checks.append(("ExpectColumnValuesToNotBeNull", {"column": name}))
        if self.min_value is not None or self.max_value is not None:
            bounds = {k: v for k, v in (("min_value", self.min_value), ("max_value", self.max_value)) if v is not None}
            checks.append(("ExpectColumnValuesToBeBetween", {"column": name, **bounds}))
        if self.accepted is not None:
            checks.append(("ExpectColumnValuesToBeInSet", {"column": name, "value_set": list(self.accepted)}))
        return checks


# Expectations that say the same thing of the same columns: a single-column key's uniqueness is either.
_SAME_KIND = {"ExpectColumnValuesToBeUnique": "ExpectCompoundColumnsToBeUnique"}


def check_identity(check: ExpectationDef) -> tuple[str, tuple[str, ...], str | None]:
    """What a check is about: its kind, the columns it reads and the rows it applies to (not its bounds)."""
    name, kwargs = check
    columns = [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]
    columns += list(kwargs.get("column_list", []))
    return _SAME_KIND.get(name, name), tuple(sorted(columns)), kwargs.get("row_condition")


# Every raw table carries these two bookkeeping columns after its declared ones.
BOOKKEEPING = {
    "source_sha256": Column("VARCHAR", "sha256 of the landed payload this row came from (LW_HOME/landing/<source>/…)."),
    "loaded_at": Column("TIMESTAMPTZ", "When this version of the row was first loaded."),
}


@dataclass(frozen=True)
class TableSpec:
    """A raw table: its key, its versioned value columns, and what it holds."""

    name: str
    key: dict[str, Column]
    values: dict[str, Column]
    description: str
    extra: dict[str, Column] = field(default_factory=dict)  # descriptive columns, versioned with the values

    @property
    def qualified(self) -> str:
        return f"{RAW_SCHEMA}.{self.name}"

    @property
    def history(self) -> str:
        return f"{RAW_SCHEMA}.{self.name}__history"

    @property
    def tracked(self) -> dict[str, Column]:
        return {**self.values, **self.extra}

    @property
    def columns(self) -> dict[str, Column]:
        """Every column of the current table, in table order (what dbt and BI tools see)."""
        return {**self.key, **self.tracked, **BOOKKEEPING}

    @property
    def load_columns(self) -> list[str]:
        """What the loader takes: key, tracked values and the payload's sha256."""
        return [*self.key, *self.tracked, "source_sha256"]

    def expectations(self) -> list[ExpectationDef]:
        """The declared rules as expectations: the key unique and never null, then each column's own rules."""
        checks: list[ExpectationDef] = [("ExpectCompoundColumnsToBeUnique", {"column_list": list(self.key)})]
        for name, col in {**self.key, **self.tracked}.items():
            checks += col.expectations(name, key=name in self.key)
        return checks


@dataclass(frozen=True)
class Cadence:
    """When a source publishes, when we fetch it, and how old its data may get before it is stale.

    ``cron`` is the schedule (in ``timezone``); freshness is judged on the data's own dates: the
    newest value of ``date_column`` must be no older than ``max_lag`` at the wall clock (``LW_NOW``).
    """

    cron: str
    schedule_description: str
    date_column: str
    max_lag: timedelta
    lag_description: str
    timezone: str = "Asia/Tokyo"


@dataclass(frozen=True)
class SuiteContext:
    """What a suite may compare against: the warehouse as it was before this load."""

    kind: str
    last_good_rows: int


@dataclass(frozen=True)
class SourceSpec:
    """Everything the generic path needs to know about one source; ``name`` is also its table and asset.

    ``parse`` turns one landed payload into a frame; the frames of all payloads of one kind are
    concatenated and validated together (so paginated answers are checked as a whole);
    ``suite`` adds the checks a column's declared rules cannot say (row counts, order, no
    shrinking history, facts computed across rows); the declared rules come first, from the
    table (``expectations``). ``requests`` lists what to fetch; a source whose next
    request depends on the previous answer (pagination, "read at the confirmed block") supplies
    ``fetch`` instead: it yields each ``FetchResult`` as it gets it, and every one is landed.
    ``to_load`` turns the validated frame into the raw table's rows when that is more than
    selecting the table's columns (e.g. dropping missing values); it drops rows and columns but
    never rewrites a declared column's value, so the declared rules also hold on ``raw.<name>``
    (where dbt tests them: ``ingest/dbt_sources.py``).
    ``line_column`` names the frame column holding the payload line each row came from, for a
    source whose rows depend only on their own line and the lines before it (a CSV with a fixed
    header, no totals computed from later lines): a republished file that only grew is then compared
    with the warehouse from its first changed line on (``ingest/delta.py``).
    ``evidence_kinds`` are kinds of payload that are landed as evidence but hold no rows of the
    table (a chain's head and block answers): the declared column rules do not apply to them.
    """

    table: TableSpec
    cadence: Cadence
    description: str
    parse: Callable[[bytes, LandedPayload], pl.DataFrame]
    suite: Callable[[SuiteContext], list[ExpectationDef]] | None = None
    requests: Callable[[Settings], list[Request]] | None = None
    fetch: Callable[[Settings, Fetcher], Iterable[FetchResult]] | None = None
    to_load: Callable[[pl.DataFrame], pl.DataFrame] | None = None
    line_column: str | None = None
    evidence_kinds: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if (self.requests is None) == (self.fetch is None):
            raise ValueError(f"source {self.name}: give exactly one of requests= and fetch=")

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def folder(self) -> Path:
        return SOURCES_DIR / self.name

    def expectations(self, ctx: SuiteContext) -> list[ExpectationDef]:
        """The whole suite a payload of this source must pass: the declared rules, then the source's own checks.

        A rule is declared once: an own check that says again what a column declaration says (the same
        kind of check on the same columns, under the same condition) is refused, naming the source.
        """
        own = self.suite(ctx) if self.suite else []
        if ctx.kind in self.evidence_kinds:
            return own
        declared = self.table.expectations()
        said = {check_identity(check): check for check in declared}
        for check in own:
            if (twin := said.get(check_identity(check))) is not None:
                raise ValueError(
                    f"source {self.name}: its suite repeats a rule its column declarations already make: "
                    f"{check[0]}({check[1]}) — declared as {twin[0]}({twin[1]}) in ingest/sources/{self.name}/"
                    "__init__.py; drop it from the suite (or change the declaration)"
                )
        return declared + own

    def rows_to_load(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The validated frame as the raw table's rows."""
        return self.to_load(frame) if self.to_load else frame.select(self.table.load_columns)


def reviewed_file(source: str, file: str) -> Path:
    """A reviewed (hand-transcribed, cited) input kept in the source's own folder."""
    return SOURCES_DIR / source / "reviewed" / file


def fetch_reviewed(source: str, file: str, kind: str, settings: Settings) -> FetchResult:
    """A reviewed file is its own payload in either mode (there is nothing remote to ask).

    It still goes through landing, parsing and validation like any fetched payload, under the one
    URL scheme ``reviewed://<source>/<file>``.
    """
    path = reviewed_file(source, file)
    request = Request(source, f"{REVIEWED_SCHEME}{source}/{file}", kind=kind, ext=path.suffix.lstrip("."))
    return FetchResult(
        request=request,
        content=path.read_bytes(),
        status=200,
        fetched_at=datetime.now(UTC),
        mode=settings.mode,
        final_url=request.url,
    )
