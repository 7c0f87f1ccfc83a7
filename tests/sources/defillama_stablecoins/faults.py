"""Broken variants of the real recorded exports, each a fault seen in the wild, and the error each must give."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from ingest.settings import REPO_ROOT

RECORDED = REPO_ROOT / "recorded" / "defillama_stablecoins"
USDT = RECORDED / "defillama_usdt_circulating_daily.csv"
USDC = RECORDED / "defillama_usdc_circulating_daily.csv"


def real_usdt() -> bytes:
    return USDT.read_bytes()


def _lines() -> list[bytes]:
    return real_usdt().split(b"\n")


def truncated() -> bytes:
    """The download stopped mid-row: the last line has no newline (line 3147 cut after its date)."""
    data = real_usdt()
    return data[: data.rindex(b"\n2026-07-11,") + len(b"\n2026-07-11,1842")]


def header_changed() -> bytes:
    lines = _lines()
    lines[0] = b"date,circulating,change"
    return b"\n".join(lines)


def utf16() -> bytes:
    """Saved by a spreadsheet as UTF-16 with a BOM."""
    return real_usdt().decode("ascii").encode("utf-16")


def html_error_page() -> bytes:
    return b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>bad gateway</body></html>\n"


def non_numeric() -> bytes:
    """Line 11 (2017-12-08) with its supply replaced by a word."""
    lines = _lines()
    day, _, change = lines[10].split(b",")
    lines[10] = b",".join([day, b"n/a", change])
    return b"\n".join(lines)


def duplicate_day() -> bytes:
    """Line 6 (2017-12-03) written twice: the copy is line 7."""
    lines = _lines()
    day, supply, _ = lines[5].split(b",")
    return b"\n".join([*lines[:6], b",".join([day, supply, b"0.0"]), *lines[6:]])


def dropped_row() -> bytes:
    """A row missing in the middle (2025-12-31, line 2956): the next row's stated change no longer adds up."""
    lines = _lines()
    assert lines[2955].startswith(b"2025-12-31,")
    return b"\n".join([*lines[:2955], *lines[2956:]])


# name → (bytes, regex the ParseError must match: file, line, field)
FAULTS = {
    "truncated": (truncated, r"usdt\.csv, line 3148: truncated"),
    "header_changed": (
        header_changed,
        r"usdt\.csv, line 1, field 'header': unexpected header; expected date,supply,supply_change",
    ),
    "wrong_encoding": (utf16, r"usdt\.csv, line 1, field 'encoding': not UTF-8 text"),
    "html_error_page": (html_error_page, r"usdt\.csv, line 1: got an HTML page"),
    "non_numeric": (
        non_numeric,
        r"usdt\.csv, line 11, field 'supply': not a number; expected a decimal number, got 'n/a'",
    ),
    "duplicate_key": (duplicate_day, r"usdt\.csv, line 7, field 'date': duplicate date \(first at line 6\)"),
    "dropped_row": (
        dropped_row,
        r"usdt\.csv, line 2956, field 'supply_change': change does not match the previous row",
    ),
}


def recorded_with(root: Path, replace: dict[str, bytes]) -> Path:
    """A copy of recorded/defillama_stablecoins/ where ``replace`` maps a file name to the bytes to serve."""
    folder = root / "defillama_stablecoins"
    folder.mkdir(parents=True, exist_ok=True)
    entries = yaml.safe_load((RECORDED / "manifest.yaml").read_text())
    for e in entries:
        content = replace.get(e["file"], (RECORDED / e["file"]).read_bytes())
        (folder / e["file"]).write_bytes(content)
        e["sha256"] = hashlib.sha256(content).hexdigest()
    (folder / "manifest.yaml").write_text(yaml.safe_dump(entries))
    return root
