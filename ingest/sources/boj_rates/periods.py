"""BoJ period codes: the API's integer SURVEY_DATES and its YYYYMM/YYYYQQ date parameters.

SURVEY_DATES are read by the series' FREQUENCY: daily and weekly ``YYYYMMDD``, monthly ``YYYYMM``,
quarterly ``YYYYQQ`` where QQ is the quarter number 01–04. The quarterly reading is settled on a
real snapshot (tests/sources/boj_rates/fixtures, CO database): ``202401…202404`` carry the Tankan large
manufacturers' DI 11, 13, 13, 14 — the March, June, September and December 2024 surveys — so
``202402`` is calendar Q2 (April–June), not February. A period is dated by its first day; the raw
code is always kept beside the date.
"""

from __future__ import annotations

from datetime import date

DAILY, WEEKLY, MONTHLY, QUARTERLY = "DAILY", "WEEKLY", "MONTHLY", "QUARTERLY"
FREQUENCIES = (DAILY, WEEKLY, MONTHLY, QUARTERLY)


class PeriodError(ValueError):
    """A period code that does not fit its frequency; the message says what was expected."""


def period_start(code: int, frequency: str) -> date:
    """The first day of the period ``code`` denotes under ``frequency``."""
    text = str(code)
    try:
        if frequency in (DAILY, WEEKLY):
            if len(text) != 8:
                raise PeriodError(f"expected YYYYMMDD for {frequency}, got {code}")
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if frequency == MONTHLY:
            if len(text) != 6:
                raise PeriodError(f"expected YYYYMM for MONTHLY, got {code}")
            return date(int(text[:4]), int(text[4:]), 1)
        if frequency == QUARTERLY:
            quarter = int(text[4:]) if len(text) == 6 else 0
            if not 1 <= quarter <= 4:
                raise PeriodError(f"expected YYYYQQ with QQ in 01..04 for QUARTERLY, got {code}")
            return date(int(text[:4]), 3 * quarter - 2, 1)
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(f"{code} is not a valid {frequency} period: {exc}") from None
    raise PeriodError(f"unsupported FREQUENCY {frequency!r}; expected one of {', '.join(FREQUENCIES)}")


def date_param(day: date, frequency: str) -> str:
    """The startDate/endDate parameter: ``YYYYMM`` for daily, weekly and monthly, ``YYYYQQ`` for quarterly."""
    if frequency == QUARTERLY:
        return f"{day.year:04d}{(day.month - 1) // 3 + 1:02d}"
    if frequency in (DAILY, WEEKLY, MONTHLY):
        return f"{day.year:04d}{day.month:02d}"
    raise PeriodError(f"unsupported FREQUENCY {frequency!r}; expected one of {', '.join(FREQUENCIES)}")
