"""Faults seen in the wild, made from a real daily CSV's bytes (FRED's and CoinGecko's recorded files).

Each maker changes one thing; the tests say which line and field the parser must then name.
"""

from __future__ import annotations

HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>bad gateway</body></html>\n"


def lines(data: bytes) -> list[bytes]:
    """The file's lines (1-based line n is ``lines(data)[n - 1]``), the empty piece after the last newline kept."""
    return data.split(b"\n")


def truncated(data: bytes) -> bytes:
    """The download stopped inside the last line: no newline at the end."""
    return data[:-4]


def utf16(data: bytes) -> bytes:
    """Saved again by a spreadsheet as UTF-16 with a byte-order mark."""
    return data.decode("ascii").encode("utf-16")


def with_header(data: bytes, header: bytes) -> bytes:
    return b"\n".join([header, *lines(data)[1:]])


def with_cell(data: bytes, line: int, column: int, value: bytes) -> bytes:
    """Line ``line``'s cell ``column`` (0-based) replaced by ``value``."""
    rows = lines(data)
    cells = rows[line - 1].split(b",")
    cells[column] = value
    rows[line - 1] = b",".join(cells)
    return b"\n".join(rows)


def duplicated(data: bytes, line: int) -> bytes:
    """Line ``line`` written twice: the copy is line ``line + 1``."""
    rows = lines(data)
    return b"\n".join([*rows[:line], rows[line - 1], *rows[line:]])


def without(data: bytes, line: int) -> bytes:
    """Line ``line`` dropped."""
    rows = lines(data)
    return b"\n".join([*rows[: line - 1], *rows[line:]])
