"""Issuers' own published reserve figures: USDD's transparency API and Tether/Circle reports.

USDD publishes per-chain collateral and supply as JSON (``openapi.usdd.io`` collateral-history,
``{code, message, data: {items: [...]}}``, ``statisticTime`` in epoch ms, the current-day item
may lie in the future and is dropped). Tether and Circle publish PDF attestation reports; their
headline figures are kept as a small CSV transcription with a source per row
(``recorded/attestations/issuer_reports.csv``), read through the replay fetcher in every mode
because there is no API to call. Key (issuer, token, scope, as_of).
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from datetime import datetime, time, timezone

import polars as pl

from ingest.errors import ParseError
from ingest.fetch import Fetcher, FetchResult, ReplayFetcher, Request
from ingest.landing import LandedPayload
from ingest.pipeline import SourceSpec, SuiteContext
from ingest.settings import Settings
from ingest.text import decode_csv_bytes
from ingest.validation import ExpectationDef
from ingest.warehouse import TableSpec

SOURCE = "attestations"
USDD_API_DEFAULT = "https://openapi.usdd.io"
USDD_HISTORY_PATH = "/api/v1/data-platform/collateral-history?chain={chain}&interval=WEEKLY"
USDD_CHAINS = ("tron",)
ISSUER_REPORTS_URL = "transcription://attestations/issuer_reports.csv"
CSV_HEADER = ["issuer", "token", "scope", "as_of_date", "report", "auditor", "tokens_outstanding",
              "reserves_usd", "liabilities_usd", "precision_usd", "source"]

RAW_TABLE = TableSpec(
    name="issuer_attestations",
    key={"issuer": "VARCHAR", "token": "VARCHAR", "scope": "VARCHAR", "as_of": "TIMESTAMPTZ"},
    values={"tokens_outstanding": "DOUBLE", "reserves_usd": "DOUBLE", "liabilities_usd": "DOUBLE", "precision_usd": "DOUBLE"},
    extra={"report": "VARCHAR", "auditor": "VARCHAR", "source": "VARCHAR"},
    description="Issuer-published supply and reserve figures (USDD API; Tether/Circle attestation reports as transcribed, "
                "with their source).",
)
SCHEMA = {"issuer": pl.String, "token": pl.String, "scope": pl.String, "as_of": pl.Datetime("us", "UTC"),
          "tokens_outstanding": pl.Float64, "reserves_usd": pl.Float64, "liabilities_usd": pl.Float64,
          "precision_usd": pl.Float64, "report": pl.String, "auditor": pl.String, "source": pl.String}


def usdd_base(env: dict[str, str] | None = None) -> str:
    """``LW_USDD_API`` points tests at a local server; the default is USDD's public API."""
    return dict(os.environ if env is None else env).get("LW_USDD_API", USDD_API_DEFAULT).rstrip("/")


def fetch(settings: Settings, fetcher: Fetcher) -> Iterator[FetchResult]:
    base = usdd_base() if fetcher.mode == "live" else USDD_API_DEFAULT
    for chain in USDD_CHAINS:
        yield fetcher.fetch(Request(SOURCE, base + USDD_HISTORY_PATH.format(chain=chain), kind="usdd_history", ext="json"))
    transcriptions = fetcher if fetcher.mode != "live" else ReplayFetcher(settings.recorded_dir)
    yield transcriptions.fetch(Request(SOURCE, ISSUER_REPORTS_URL, kind="issuer_reports", ext="csv"))


def parse(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    if payload.kind == "usdd_history":
        return parse_usdd_history(content, payload.name, payload.url)
    if payload.kind == "issuer_reports":
        return parse_issuer_reports(content, payload.name)
    raise ParseError(SOURCE, payload.name, "unknown payload kind", expected="usdd_history or issuer_reports", got=payload.kind)


def parse_usdd_history(content: bytes, file: str, url: str, now: datetime | None = None) -> pl.DataFrame:
    """USDD per-chain history: business errors come as HTTP 200 with ``code != 0``."""
    try:
        doc = json.loads(content)
    except ValueError as exc:
        raise ParseError(SOURCE, file, f"not JSON: {exc}", expected="USDD API envelope {code, message, data}") from exc
    if not isinstance(doc, dict) or doc.get("code") != 0:
        code = doc.get("code") if isinstance(doc, dict) else None
        message = doc.get("message") if isinstance(doc, dict) else None
        raise ParseError(SOURCE, file, f"USDD API error code {code}: {message}", field="code", expected="0")
    items = (doc.get("data") or {}).get("items")
    if not isinstance(items, list):
        raise ParseError(SOURCE, file, "no item list", field="data.items", expected="a list")
    chain = url.split("chain=")[1].split("&")[0] if "chain=" in url else "unknown"
    now = now or datetime.now(timezone.utc)
    rows = []
    for i, item in enumerate(items):
        try:
            as_of = datetime.fromtimestamp(int(item["statisticTime"]) / 1000, timezone.utc)
            supply, collateral = float(item["usddTotalSupply"]), float(item["collateralValue"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ParseError(SOURCE, file, f"item unreadable: {exc!r}", field=f"data.items[{i}]",
                             expected="statisticTime (epoch ms), usddTotalSupply, collateralValue") from exc
        if as_of > now:  # the current-day point can carry a future statisticTime
            continue
        rows.append({"issuer": "USDD", "token": "USDD", "scope": chain, "as_of": as_of, "tokens_outstanding": supply,
                     "reserves_usd": collateral, "liabilities_usd": None, "precision_usd": 0.01,
                     "report": f"USDD collateral-history ({chain}, time label {item.get('time')!r})", "auditor": None,
                     "source": url})
    return pl.DataFrame(rows, schema=SCHEMA)


def parse_issuer_reports(content: bytes, file: str) -> pl.DataFrame:
    text, _ = decode_csv_bytes(SOURCE, file, content)
    frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    if frame.columns != CSV_HEADER:
        raise ParseError(SOURCE, file, "unexpected header", line=1, expected=",".join(CSV_HEADER), got=",".join(frame.columns))
    rows = []
    for i, r in enumerate(frame.iter_rows(named=True), start=2):
        try:
            day = datetime.strptime(r["as_of_date"], "%Y-%m-%d").date()
            nums = {k: float(r[k]) if r[k] not in (None, "") else None
                    for k in ("tokens_outstanding", "reserves_usd", "liabilities_usd", "precision_usd")}
        except (TypeError, ValueError) as exc:
            raise ParseError(SOURCE, file, f"bad value: {exc}", line=i, expected="as_of_date YYYY-MM-DD and decimal figures") from exc
        rows.append({"issuer": r["issuer"], "token": r["token"], "scope": r["scope"],
                     # reports state a date: the figures stand at the end of that day
                     "as_of": datetime.combine(day, time(23, 59, 59), timezone.utc), **nums,
                     "report": r["report"], "auditor": r["auditor"], "source": r["source"]})
    return pl.DataFrame(rows, schema=SCHEMA)


def suite(ctx: SuiteContext) -> list[ExpectationDef]:
    """Figures positive, a source on every row, one row per key, reserves of the right size."""
    return [
        ("ExpectCompoundColumnsToBeUnique", {"column_list": list(RAW_TABLE.key)}),
        ("ExpectColumnValuesToNotBeNull", {"column": "source"}),
        ("ExpectColumnValuesToNotBeNull", {"column": "reserves_usd"}),
        ("ExpectColumnValuesToBeBetween", {"column": "reserves_usd", "min_value": 0, "max_value": 1e13}),
        ("ExpectColumnValuesToBeBetween", {"column": "tokens_outstanding", "min_value": 0, "max_value": 1e13}),
        ("ExpectColumnValuesToBeBetween", {"column": "precision_usd", "min_value": 0}),
    ]



SPEC = SourceSpec(
    name=SOURCE,
    table=RAW_TABLE,
    parse=parse,
    suite=suite,
    fetch=fetch,
)
