"""The CoinGecko export parser on the whole real file and on faults seen in the wild."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ingest.errors import ParseError
from ingest.sources.coingecko_btc.parse import parse
from tests import daily_csv_faults as fault
from tests.conftest import RECORDED

REAL = (RECORDED / "coingecko_btc" / "btc-usd-max_2013-04-28_2026-01-13.csv").read_bytes()


def test_whole_real_export_parses() -> None:
    frame = parse(REAL, "btc.csv")
    assert frame.height == 4642 and frame["date"].is_sorted() and frame["date"].n_unique() == 4642
    first, last = frame.row(0, named=True), frame.row(-1, named=True)
    assert (first["date"], first["price_usd"], first["market_cap_usd"], first["total_volume_usd"]) == (
        date(2013, 4, 28),
        135.3,
        1500517590.0,
        0.0,
    )
    assert (last["date"], last["price_usd"]) == (date(2026, 1, 13), 91134.96917951507)
    # two days are absent from the real export
    days = set(frame["date"])
    assert {date(2013, 6, 4), date(2015, 1, 28)}.isdisjoint(days)
    # a snapshot taken late in its day keeps its own date and time
    late = frame.filter(frame["date"] == date(2017, 6, 6)).row(0, named=True)
    assert late["snapped_at"] == datetime(2017, 6, 6, 23, 29, 55, tzinfo=UTC)
    assert frame.filter(frame["snapped_at"].dt.time() != datetime.min.time()).height == 4


FAULTS = {
    "truncated": (fault.truncated(REAL), r"btc\.csv, line 4643: truncated"),
    "header_changed": (
        fault.with_header(REAL, b"snapped_at,price,market_cap,volume"),
        r"btc\.csv, line 1, field 'header': unexpected header; expected snapped_at,price,market_cap,total_volume",
    ),
    "wrong_encoding": (fault.utf16(REAL), r"btc\.csv, line 1, field 'encoding': not UTF-8 text"),
    "html_page": (fault.HTML_PAGE, r"btc\.csv, line 1: got an HTML page"),
    "non_numeric": (
        fault.with_cell(REAL, 11, 2, b"1,5e9"),
        r"btc\.csv, line 11: 5 fields",
    ),
    "non_numeric_cell": (
        fault.with_cell(REAL, 11, 1, b"$141.96"),
        r"btc\.csv, line 11, field 'price': not a number; expected a decimal number, got '\$141.96'",
    ),
    "bad_timestamp": (
        fault.with_cell(REAL, 3, 0, b"2013-04-29T00:00:00Z"),
        r"btc\.csv, line 3, field 'snapped_at': not a snapshot time",
    ),
    "duplicate_key": (
        fault.duplicated(REAL, 6),
        r"btc\.csv, line 7, field 'snapped_at': duplicate date \(first at line 6\)",
    ),
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault_names_file_line_and_field(name: str) -> None:
    data, message = FAULTS[name]
    with pytest.raises(ParseError, match=message):
        parse(data, "btc.csv")
