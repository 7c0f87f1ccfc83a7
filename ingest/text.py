"""The one payload sniffer every parser starts with: is this body data at all, and in which encoding?

Publishers answer a moved or failing URL with an HTML page and status 200, servers cut bodies to
nothing, spreadsheets re-save files as UTF-16: each is refused here, once, with the source, the
file, the line and what was expected, before any parser reads a field. A UTF-8 byte-order mark is
an encoding mark, not content, and is dropped.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ingest.errors import ParseError

UTF8_BOM = b"\xef\xbb\xbf"
UTF8 = ("utf-8",)
# MoF and e-Stat serve Japanese files in Shift_JIS, and even MoF's English current-month file ends
# with a cp932 '※' footer, so strict UTF-8 alone would reject real files.
UTF8_OR_CP932 = ("utf-8", "cp932")
_NAMES = {"utf-8": "UTF-8", "cp932": "Shift_JIS (cp932)"}
_HTML_STARTS = (b"<!doctype", b"<html", b"<?xml", b"<head", b"<body")


def payload_body(source: str, file: str, data: bytes, expected: str) -> bytes:
    """The payload without a UTF-8 BOM; refused when it is empty or an HTML page (an error or moved page)."""
    if not data.strip():
        raise ParseError(source, file, "empty payload", expected=expected)
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    head = data[:512].lstrip().lower()
    if head.startswith(_HTML_STARTS) or b"<html" in head:
        raise ParseError(
            source,
            file,
            "got an HTML page (an error, moved or maintenance page?), not data",
            line=1,
            expected=expected,
            got=data[:80].decode("utf-8", "replace"),
        )
    return data


def payload_text(
    source: str, file: str, data: bytes, expected: str, encodings: tuple[str, ...] = UTF8
) -> tuple[str, str]:
    """(text, encoding): the payload decoded with the first of ``encodings`` that fits it, once sniffed."""
    return _decode(source, file, payload_body(source, file, data, expected), expected, encodings)


def payload_json(source: str, file: str, data: bytes, expected: str) -> tuple[Any, str]:
    """(document, text): a JSON payload, once sniffed (JSON is UTF-8 by definition, RFC 8259).

    Python's ``json`` would keep the last of two equal keys in an object silently; here a repeated
    key is refused, naming it and the line of its repeat (occurrences counted in the order objects
    close). Text that is not JSON names the line and column where it stops being JSON.
    """
    text, _ = payload_text(source, file, data, expected)
    seen: dict[str, int] = {}

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                line = line_of_key(text, key, seen[key])
                raise ParseError(source, file, "duplicate key", line=line, field=key, expected="each key once")
            out[key] = value
            seen[key] = seen.get(key, 0) + 1
        return out

    try:
        return json.loads(text, object_pairs_hook=unique_keys), text
    except json.JSONDecodeError as exc:
        raise ParseError(
            source,
            file,
            f"not JSON: {exc.msg}",
            line=exc.lineno,
            field=f"column {exc.colno}",
            expected=expected,
            got=text[max(0, exc.pos - 40) : exc.pos + 40],
        ) from None


def line_of_key(text: str, key: str, nth: int = 0) -> int | None:
    """The line of the ``nth`` (0-based) occurrence of member ``"key":`` in JSON ``text``; None when it is not there."""
    for i, m in enumerate(re.finditer(rf"{re.escape(json.dumps(key, ensure_ascii=False))}\s*:", text)):
        if i == nth:
            return text.count("\n", 0, m.start()) + 1
    return None


def payload_utf8(
    source: str, file: str, data: bytes, expected: str, encodings: tuple[str, ...] = UTF8_OR_CP932
) -> tuple[bytes, str]:
    """(UTF-8 bytes, encoding), the form polars reads: an ASCII payload is passed on without a copy.

    A long ASCII history (MoF's English yields file) is never turned into Python strings; anything
    else is decoded as ``payload_text`` does and re-encoded.
    """
    body = payload_body(source, file, data, expected)
    if body.isascii():
        _no_nul(source, file, body, expected)
        return body, "utf-8"
    text, encoding = _decode(source, file, body, expected, encodings)
    return text.encode(), encoding


def _decode(source: str, file: str, data: bytes, expected: str, encodings: tuple[str, ...]) -> tuple[str, str]:
    """The first decoding that fits; the error names the offending byte and its line in the last one tried."""
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            failed = exc
            continue
        _no_nul(source, file, data, expected)
        return text, encoding
    names = " or ".join(_NAMES.get(e, e) for e in encodings)
    raise ParseError(
        source,
        file,
        f"not {names} text: undecodable byte {data[failed.start : failed.start + 1]!r} at offset {failed.start}",
        line=data[: failed.start].count(b"\n") + 1,
        field="encoding",
        expected=f"{names} {expected}",
    )


def _no_nul(source: str, file: str, data: bytes, expected: str) -> None:
    """Text holds no NUL byte: UTF-16 without a byte-order mark decodes as valid ASCII/UTF-8 and must be named."""
    at = data.find(b"\x00")
    if at >= 0:
        raise ParseError(
            source,
            file,
            "NUL bytes in the text (UTF-16?)",
            line=data[:at].count(b"\n") + 1,
            field="encoding",
            expected=expected,
        )


# Japanese era → the Gregorian year before its year 1 (Meiji 1 = 1868); MoF dates its Japanese tables this way.
ERAS = {"M": 1867, "T": 1911, "S": 1925, "H": 1988, "R": 2018}
