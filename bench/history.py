"""Synthetic long histories made of MoF's real yields file, for the scale benchmarks only.

``scaled(n)`` repeats the real body ``n`` times, copy ``k`` with every date moved ``k`` whole
spans (first to last day, plus one) later, so dates stay unique and increasing and every yield
is a real published figure. ``with_day_appended`` adds one business day after the last one (the
last real row's yields, on the next weekday), as MoF's next daily republication would.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

CSV = Path(__file__).resolve().parent.parent / "recorded" / "mof_jgb_yields" / "jgbcme_all_to_2026-04-30.csv"
EOL = b"\r\n"


def _split(data: bytes) -> tuple[list[bytes], list[bytes]]:
    lines = data.split(EOL)
    if lines[-1] == b"":
        lines.pop()
    return lines[:2], lines[2:]


def _day(text: bytes) -> date:
    y, m, d = (int(x) for x in text.split(b"/"))
    return date(y, m, d)


def _fmt(d: date) -> bytes:
    return f"{d.year}/{d.month}/{d.day}".encode()


def scaled(n: int, source: Path = CSV) -> bytes:
    """The real file with its body repeated ``n`` times, dates shifted by whole spans."""
    head, body = _split(source.read_bytes())
    dates = [_day(line.split(b",", 1)[0]) for line in body]
    rests = [line.split(b",", 1)[1] for line in body]
    span = (dates[-1] - dates[0]).days + 1
    out = [*head]
    for k in range(n):
        shift = timedelta(days=k * span)
        out.extend(_fmt(d + shift) + b"," + rest for d, rest in zip(dates, rests, strict=True))
    return EOL.join(out) + EOL


def with_day_appended(data: bytes) -> bytes:
    """``data`` plus one more business day: the last row's yields on the next weekday."""
    last = data.rstrip(EOL).rsplit(EOL, 1)[1]
    day, rest = last.split(b",", 1)
    nxt = _day(day) + timedelta(days=1)
    while nxt.weekday() >= 5:
        nxt += timedelta(days=1)
    return data + _fmt(nxt) + b"," + rest + EOL


def cached(n: int, cache: Path) -> Path:
    """``scaled(n)`` written once under ``cache`` (generating 100× takes a few seconds)."""
    path = cache / f"jgbcme_all_x{n}.csv"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        path.write_bytes(scaled(n))
    return path
