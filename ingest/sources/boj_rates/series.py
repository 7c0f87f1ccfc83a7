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

from pydantic import ConfigDict, ValidationError, field_validator, model_validator

from ingest.config import Reviewed, first_problem, read_yaml
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


class _Entry(Reviewed):
    """One entry of series.yaml as written; numbers written where text is expected (an unquoted code) are text."""

    model_config = ConfigDict(strict=False, coerce_numbers_to_str=True)

    db: str
    code: str
    name: str
    unit: str
    frequency: str
    start: str | None = None
    bounds: tuple[float, float]
    why: str
    lang: str = "en"

    @field_validator("code")
    @classmethod
    def _bare(cls, code: str) -> str:
        if "'" in code:
            raise ValueError("carries a DB prefix; the API wants the bare code")
        return code

    @field_validator("frequency")
    @classmethod
    def _frequency(cls, freq: str) -> str:
        if freq.upper() not in FREQUENCIES:
            raise ValueError(f"expected one of {FREQUENCIES}")
        return freq.upper()

    @field_validator("lang")
    @classmethod
    def _lang(cls, lang: str) -> str:
        if lang.lower() not in LANGS:
            raise ValueError(f"expected one of {LANGS}")
        return lang.lower()

    @field_validator("start")
    @classmethod
    def _yyyymm(cls, start: str | None) -> str | None:
        if start is not None and (len(start) != 6 or not start.isdigit()):
            raise ValueError("expected YYYYMM")
        return start

    @model_validator(mode="after")
    def _dated_if_daily(self) -> _Entry:
        if self.start is None and self.frequency in (DAILY, WEEKLY):
            raise ValueError(
                f"a {self.frequency} series needs start (YYYYMM): a whole daily history in one request fails"
            )
        return self

    def series(self) -> Series:
        lower, upper = self.bounds
        why = " ".join(self.why.split())
        return Series(
            self.db.upper(), self.code, self.name, self.unit, self.frequency, self.start, lower, upper, why, self.lang
        )


class _SeriesFile(Reviewed):
    series: list[_Entry] | None = None


def load_series(path: Path | None = None) -> list[Series]:
    """Read and check the list (LW_BOJ_SERIES_FILE overrides the path); a bad entry names its index and field."""
    path = path or Path(os.environ.get(SERIES_FILE_ENV, SERIES_PATH))
    try:
        file = _SeriesFile.model_validate(read_yaml(path) or {})
    except ValidationError as exc:
        problem = first_problem(exc)
        raise ValueError(f"{path}: {problem.field}: {problem.detail}") from None
    out = [e.series() for e in file.series or []]
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
