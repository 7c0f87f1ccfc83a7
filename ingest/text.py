"""Decoding published text files whose encoding is not declared (MoF, BoJ CSVs)."""

from __future__ import annotations

from ingest.errors import ParseError

UTF8_BOM = b"\xef\xbb\xbf"


def _csv_body(source: str, file: str, data: bytes) -> bytes:
    """The payload without a UTF-8 BOM, refused when it is empty or an HTML page (an error or moved page)."""
    if not data.strip():
        raise ParseError(source, file, "empty payload", expected="CSV text")
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    head = data[:512].lstrip().lower()
    if head.startswith(b"<!doctype") or head.startswith(b"<html") or b"<html" in head:
        raise ParseError(source, file, "got an HTML page (an error or moved page?)", line=1, expected="CSV text")
    return data


def _decode(source: str, file: str, data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "cp932"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(
            source,
            file,
            f"undecodable byte {data[exc.start : exc.start + 1]!r} at offset {exc.start}",
            line=line,
            expected="UTF-8 or Shift_JIS (cp932) text",
        ) from None


def decode_csv_bytes(source: str, file: str, data: bytes) -> tuple[str, str]:
    """Return (text, encoding): UTF-8 when the bytes are valid UTF-8, else Shift_JIS (cp932).

    MoF serves Japanese files in Shift_JIS and even its English current-month file ends with a
    cp932 '※' footer, so strict UTF-8 alone would reject real files.
    """
    return _decode(source, file, _csv_body(source, file, data))


def csv_utf8_bytes(source: str, file: str, data: bytes) -> tuple[bytes, str]:
    """Return (UTF-8 bytes, encoding), the form polars reads: an ASCII payload is passed on without a copy.

    A long ASCII history (MoF's English yields file) is never turned into Python strings; anything
    else is decoded as ``decode_csv_bytes`` does and re-encoded.
    """
    body = _csv_body(source, file, data)
    if body.isascii():
        return body, "utf-8"
    text, encoding = _decode(source, file, body)
    return text.encode(), encoding


# Japanese era → the Gregorian year before its year 1 (Meiji 1 = 1868); MoF dates its Japanese tables this way.
ERAS = {"M": 1867, "T": 1911, "S": 1925, "H": 1988, "R": 2018}
