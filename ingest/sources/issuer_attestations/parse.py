"""Issuers' own figures: USDD's collateral-history JSON and the reviewed Tether/Circle report CSV.

USDD answers ``{code, message, data: {items: [...]}}``; a business error comes as HTTP 200 with
``code != 0``. ``statisticTime`` is epoch milliseconds, and the current-day item may lie in the
future (it is dropped). The report CSV has one row per report with its source; a report date means
the figures stand at the end of that day (23:59:59 UTC). Key (issuer, token, scope, as_of).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, time

import polars as pl

from ingest.errors import ParseError
from ingest.landing import LandedPayload
from ingest.sources.issuer_attestations.fetch import SOURCE
from ingest.text import UTF8_OR_CP932, payload_json, payload_text

CSV_HEADER = [
    "issuer",
    "token",
    "scope",
    "as_of_date",
    "report",
    "auditor",
    "tokens_outstanding",
    "reserves_usd",
    "liabilities_usd",
    "precision_usd",
    "source",
]
FIGURES = ("tokens_outstanding", "reserves_usd", "liabilities_usd", "precision_usd")
SCHEMA = pl.Schema(
    {
        "issuer": pl.String(),
        "token": pl.String(),
        "scope": pl.String(),
        "as_of": pl.Datetime("us", "UTC"),
        "tokens_outstanding": pl.Float64(),
        "reserves_usd": pl.Float64(),
        "liabilities_usd": pl.Float64(),
        "precision_usd": pl.Float64(),
        "report": pl.String(),
        "auditor": pl.String(),
        "source": pl.String(),
    }
)


def parse(content: bytes, payload: LandedPayload) -> pl.DataFrame:
    if payload.kind == "usdd_history":
        return parse_usdd_history(content, payload.name, payload.url)
    if payload.kind == "issuer_reports":
        return parse_issuer_reports(content, payload.name)
    raise ParseError(
        SOURCE, payload.name, "unknown payload kind", expected="usdd_history or issuer_reports", got=payload.kind
    )


def parse_usdd_history(content: bytes, file: str, url: str, now: datetime | None = None) -> pl.DataFrame:
    """USDD per-chain history: business errors come as HTTP 200 with ``code != 0``."""
    doc, _ = payload_json(SOURCE, file, content, "JSON (the USDD API envelope {code, message, data})")
    if not isinstance(doc, dict) or doc.get("code") != 0:
        code = doc.get("code") if isinstance(doc, dict) else None
        message = doc.get("message") if isinstance(doc, dict) else None
        raise ParseError(SOURCE, file, f"USDD API error code {code}: {message}", field="code", expected="0")
    items = (doc.get("data") or {}).get("items")
    if not isinstance(items, list):
        raise ParseError(SOURCE, file, "no item list", field="data.items", expected="a list")
    chain = url.split("chain=")[1].split("&")[0] if "chain=" in url else "unknown"
    now = now or datetime.now(UTC)
    rows = []
    for i, item in enumerate(items):
        try:
            as_of = datetime.fromtimestamp(int(item["statisticTime"]) / 1000, UTC)
            supply, collateral = float(item["usddTotalSupply"]), float(item["collateralValue"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ParseError(
                SOURCE,
                file,
                f"item unreadable: {exc!r}",
                field=f"data.items[{i}]",
                expected="statisticTime (epoch ms), usddTotalSupply, collateralValue",
            ) from exc
        if as_of > now:  # the current-day point can carry a future statisticTime
            continue
        rows.append(
            {
                "issuer": "USDD",
                "token": "USDD",
                "scope": chain,
                "as_of": as_of,
                "tokens_outstanding": supply,
                "reserves_usd": collateral,
                "liabilities_usd": None,
                "precision_usd": 0.01,
                "report": f"USDD collateral-history ({chain}, time label {item.get('time')!r})",
                "auditor": None,
                "source": url,
            }
        )
    return pl.DataFrame(rows, schema=SCHEMA)


def parse_issuer_reports(content: bytes, file: str) -> pl.DataFrame:
    text, _ = payload_text(SOURCE, file, content, "CSV text with the header " + ",".join(CSV_HEADER), UTF8_OR_CP932)
    frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    if frame.columns != CSV_HEADER:
        raise ParseError(
            SOURCE, file, "unexpected header", line=1, expected=",".join(CSV_HEADER), got=",".join(frame.columns)
        )
    rows = []
    for line, r in enumerate(frame.iter_rows(named=True), start=2):
        try:
            day = datetime.strptime(r["as_of_date"], "%Y-%m-%d").date()
            nums = {k: float(r[k]) if r[k] not in (None, "") else None for k in FIGURES}
        except (TypeError, ValueError) as exc:
            raise ParseError(
                SOURCE, file, f"bad value: {exc}", line=line, expected="as_of_date YYYY-MM-DD and decimal figures"
            ) from exc
        rows.append(
            {
                "issuer": r["issuer"],
                "token": r["token"],
                "scope": r["scope"],
                "as_of": datetime.combine(day, time(23, 59, 59), UTC),
                **nums,
                "report": r["report"],
                "auditor": r["auditor"],
                "source": r["source"],
            }
        )
    return pl.DataFrame(rows, schema=SCHEMA)
