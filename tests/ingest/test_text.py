"""The one payload sniffer: empty bodies, HTML pages served with 200 and wrong encodings, refused by every parser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.errors import ParseError
from ingest.fetch import ReplayFetcher
from ingest.landing import LandedPayload
from ingest.pipeline import IngestReport, fetch_and_land
from ingest.settings import Settings
from ingest.sources import SOURCES
from ingest.text import UTF8_OR_CP932, payload_body, payload_json, payload_text, payload_utf8
from tests.conftest import RECORDED

HTML = b"\n<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>moved</body></html>\n"


def test_empty_and_whitespace_bodies_are_refused_naming_source_file_and_what_was_expected() -> None:
    for body in (b"", b" \r\n\t"):
        with pytest.raises(ParseError, match=r"^\[src\] f\.csv: empty payload; expected CSV text$"):
            payload_body("src", "f.csv", body, "CSV text")


@pytest.mark.parametrize("page", [HTML, b"<html><body>x</body></html>", b"<?xml version='1.0'?><html/>", b"<body>"])
def test_an_html_page_is_refused_on_line_1_with_what_it_began_with(page: bytes) -> None:
    with pytest.raises(
        ParseError, match=r"^\[src\] f\.json, line 1: got an HTML page .*; expected JSON, got ['\"]"
    ) as err:
        payload_text("src", "f.json", b"\xef\xbb\xbf" + page, "JSON")
    assert (err.value.file, err.value.line, err.value.expected) == ("f.json", 1, "JSON")


def test_a_bom_is_dropped_and_the_first_fitting_encoding_named() -> None:
    assert payload_text("s", "f", b"\xef\xbb\xbfa,b\n", "CSV text") == ("a,b\n", "utf-8")
    assert payload_text("s", "f", "年,月\n".encode("cp932"), "CSV text", UTF8_OR_CP932) == ("年,月\n", "cp932")
    assert payload_utf8("s", "f", "年,月\n".encode("cp932"), "CSV text") == ("年,月\n".encode(), "cp932")
    body = b"a,b\n1,2\n"
    assert payload_utf8("s", "f", body, "CSV text")[0] is body  # ASCII: no copy


def test_an_undecodable_byte_is_named_with_its_line_offset_and_the_encodings_tried() -> None:
    data = b"a,b\n1,2\n\x81\n"
    with pytest.raises(ParseError) as err:
        payload_text("s", "f.csv", data, "CSV text", UTF8_OR_CP932)
    assert str(err.value) == (
        "[s] f.csv, line 3, field 'encoding': not UTF-8 or Shift_JIS (cp932) text: undecodable byte b'\\x81' "
        "at offset 8; expected UTF-8 or Shift_JIS (cp932) CSV text"
    )


def test_utf16_without_a_bom_is_named_although_it_decodes() -> None:
    data = "date\nx\n".encode("utf-16-le")
    for read in (payload_text, payload_utf8):
        with pytest.raises(ParseError, match=r"line 1, field 'encoding': NUL bytes in the text \(UTF-16\?\)"):
            read("s", "f.csv", data, "CSV text")


def first_payload(name: str, settings: Settings) -> LandedPayload:
    """The source's first real payload, fetched offline and landed as the pipeline does."""
    return fetch_and_land(SOURCES[name], settings, ReplayFetcher(settings.recorded_dir), IngestReport(name))[0][0]


@pytest.mark.parametrize("name", sorted(SOURCES))
@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", r": empty payload; expected "),
        (HTML, r", line 1: got an HTML page \(an error, moved or maintenance page\?\)"),
    ],
    ids=["empty", "html"],
)
def test_every_parser_sniffs_its_payload_first(name: str, body: bytes, message: str, settings: Settings) -> None:
    payload = first_payload(name, settings)
    with pytest.raises(ParseError, match="^" + re.escape(f"[{name}] {payload.name}") + message):
        SOURCES[name].parse(body, payload)


def test_no_parser_writes_its_own_sniffing() -> None:
    """The checks live in ingest/text.py only: a parser that tests for HTML or decodes bytes itself is a copy."""
    own = re.compile(r"<html|<!doctype|\.decode\(\"utf-8\"\)|UnicodeDecodeError|utf-8-sig", re.IGNORECASE)
    parsers = sorted(Path("ingest/sources").glob("*/parse.py"))
    assert own.search(Path("ingest/daily_csv.py").read_text()) is None
    assert len(parsers) == len(SOURCES)
    assert [p for p in parsers if own.search(p.read_text())] == []
    # a parser reaches the sniffer itself, or through its reader (mof_debt's cells.py, daily_csv.csv_lines)
    sniffing = ("from ingest.text import", "from ingest.daily_csv import")
    reads = {p: " ".join(f.read_text() for f in p.parent.glob("*.py")) for p in parsers}
    assert [p for p in parsers if not any(s in reads[p] for s in sniffing)] == []


BOJ_ANSWER = (RECORDED / "boj_rates" / "bs01_mabjma5_199804-202608.json").read_bytes()  # BoJ's real API answer


def test_a_json_payload_is_read_once_sniffed() -> None:
    doc, text = payload_json("boj", "a.json", b"\xef\xbb\xbf" + BOJ_ANSWER, "JSON (the API answer)")
    assert doc["STATUS"] == 200 and doc["RESULTSET"][0]["SERIES_CODE"] == "MABJMA5"
    assert text == BOJ_ANSWER.decode()
    with pytest.raises(ParseError, match=r"got an HTML page"):
        payload_json("boj", "a.json", HTML, "JSON")


def test_a_repeated_key_is_refused_naming_it_and_the_line_of_its_repeat() -> None:
    """Python's json keeps the last of two equal keys silently: the second MESSAGE (line 5) is named."""
    twice = BOJ_ANSWER.replace(b'"MESSAGE":"Successfully completed",', b'"MESSAGE":"x",\n"MESSAGE":"y",', 1)
    with pytest.raises(ParseError, match=r"^\[boj\] a\.json, line 5, field 'MESSAGE': duplicate key; expected each"):
        payload_json("boj", "a.json", twice, "JSON")


def test_text_that_is_not_json_names_the_line_and_column_where_it_stops() -> None:
    cut = BOJ_ANSWER[: BOJ_ANSWER.index(b'"NEXTPOSITION"') + 16]  # the answer cut off after 'NEXTPOSITION":'
    with pytest.raises(ParseError, match=r"^\[boj\] a\.json, line 14, field 'column 16': not JSON: Expecting value"):
        payload_json("boj", "a.json", cut, "JSON")
