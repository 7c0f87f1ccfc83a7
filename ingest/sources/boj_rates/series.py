"""The reviewed series list (series.yaml beside this file) and the request plan built from it.

The plan obeys the API's published limits: one database, one frequency and one language per
request, at most 250 codes per request, and date windows of at most 20 years for daily series (a
longer daily request was seen to fail with HTTP 400). A series without ``start`` is asked for as a
whole (no startDate/endDate), one code per request: each answer is then exactly one series' whole
history, which is what the recorded answers in ``recorded/boj_rates/`` are, so offline replay
serves the very requests live mode makes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import yaml

from ingest.sources.boj_rates.periods import DAILY, FREQUENCIES, WEEKLY, date_param

SOURCE = "boj_rates"
SERIES_PATH = Path(__file__).resolve().parent / "series.yaml"
DEFAULT_BASE_URL = "https://www.stat-search.boj.or.jp/api/v1"
BASE_URL_ENV = "LW_BOJ_BASE_URL"
SERIES_FILE_ENV = "LW_BOJ_SERIES_FILE"
MAX_CODES_PER_REQUEST = 250
MAX_DAILY_WINDOW_YEARS = 20
LANGS = ("en", "jp")


@dataclass(frozen=True)
class Series:
    db: str
    code: str
    name: str
    unit: str
    frequency: str
    start: str | None  # YYYYMM, or None for the whole series
    lower: float
    upper: float
    why: str
    lang: str = "en"


def _start(where: str, entry: dict, freq: str) -> str | None:
    if "start" not in entry:
        if freq in (DAILY, WEEKLY):
            raise ValueError(
                f"{where}: a {freq} series needs start (YYYYMM): a whole daily history in one request fails"
            )
        return None
    start = str(entry["start"])
    if len(start) != 6 or not start.isdigit():
        raise ValueError(f"{where}: start {start!r}, expected YYYYMM")
    return start


def load_series(path: Path | None = None) -> list[Series]:
    """Read and check the list (LW_BOJ_SERIES_FILE overrides the path); a bad entry names its index and field."""
    path = path or Path(os.environ.get(SERIES_FILE_ENV, SERIES_PATH))
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: list[Series] = []
    for i, e in enumerate(doc.get("series") or []):
        where = f"{path}: series[{i}]"
        missing = [k for k in ("db", "code", "name", "unit", "frequency", "bounds", "why") if k not in e]
        if missing:
            raise ValueError(f"{where} lacks {missing}")
        code, freq, lang = str(e["code"]), str(e["frequency"]).upper(), str(e.get("lang", "en")).lower()
        if "'" in code:
            raise ValueError(f"{where}: code {code!r} carries a DB prefix; the API wants the bare code")
        if freq not in FREQUENCIES:
            raise ValueError(f"{where}: frequency {freq!r}, expected one of {FREQUENCIES}")
        if lang not in LANGS:
            raise ValueError(f"{where}: lang {lang!r}, expected one of {LANGS}")
        lower, upper = (float(b) for b in e["bounds"])
        out.append(
            Series(
                str(e["db"]).upper(),
                code,
                str(e["name"]),
                str(e["unit"]),
                freq,
                _start(where, e, freq),
                lower,
                upper,
                " ".join(str(e["why"]).split()),
                lang,
            )
        )
    keys = [(s.db, s.code) for s in out]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{path}: a (db, code) appears twice")
    return out


def base_url(env: dict[str, str] | None = None) -> str:
    """The API root; tests point it at 127.0.0.1 with LW_BOJ_BASE_URL."""
    return (env if env is not None else os.environ).get(BASE_URL_ENV, DEFAULT_BASE_URL).rstrip("/")


@dataclass(frozen=True)
class PlannedRequest:
    db: str
    frequency: str
    codes: tuple[str, ...]
    start: str | None  # API date parameters; None = the whole series
    end: str | None
    lang: str = "en"

    def url(self, base: str, start_position: int | None = None) -> str:
        codes = quote(",".join(self.codes), safe=",")
        url = f"{base}/getDataCode?format=json&lang={self.lang}&db={self.db}&code={codes}"
        if self.start is not None:
            url += f"&startDate={self.start}&endDate={self.end}"
        return url if start_position is None else f"{url}&startPosition={start_position}"


def _windows(first: date, last: date, frequency: str) -> list[tuple[date, date]]:
    if frequency not in (DAILY, WEEKLY):
        return [(first, last)]
    out = []
    lo = first
    while lo <= last:
        hi = min(date(lo.year + MAX_DAILY_WINDOW_YEARS - 1, 12, 1), last)
        out.append((lo, hi))
        lo = date(hi.year + 1, 1, 1)
    return out


def plan(series: list[Series], until: date) -> list[PlannedRequest]:
    """Whole-series requests one code each; dated ones by (db, frequency, lang), ≤250 codes, ≤20-year daily windows."""
    out: list[PlannedRequest] = []
    groups: dict[tuple[str, str, str, str], list[str]] = {}
    for s in series:
        if s.start is None:
            out.append(PlannedRequest(s.db, s.frequency, (s.code,), None, None, s.lang))
        else:
            groups.setdefault((s.db, s.frequency, s.lang, s.start), []).append(s.code)
    for (db, freq, lang, start), codes in sorted(groups.items()):
        first = date(int(start[:4]), int(start[4:]), 1)
        for i in range(0, len(codes), MAX_CODES_PER_REQUEST):
            chunk = tuple(codes[i : i + MAX_CODES_PER_REQUEST])
            for lo, hi in _windows(first, until, freq):
                out.append(PlannedRequest(db, freq, chunk, date_param(lo, freq), date_param(hi, freq), lang))
    return out
