"""The DefiLlama parser on the whole real recorded exports, on the documented JSON shape, and on faults."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from ingest.errors import ParseError
from ingest.sources.defillama_stablecoins.parse import parse_api_json, parse_export_csv
from tests.sources.defillama_stablecoins.faults import FAULTS, USDC, USDT


def test_whole_usdt_export() -> None:
    frame = parse_export_csv(USDT.read_bytes(), "usdt.csv", "USDT")
    assert frame.height == 3147
    assert frame.row(0, named=True) | {"line_no": 0} == {
        "token": "USDT",
        "date": date(2017, 11, 29),
        "supply": 109970.0,
        "defillama_id": 1,
        "representation": "export_csv",
        "line_no": 0,
    }
    last = frame.row(-1, named=True)
    assert (last["date"], last["supply"], last["line_no"]) == (date(2026, 7, 11), 184279015268.77206, 3148)
    assert frame.filter(frame["date"] == date(2025, 12, 31))["supply"].to_list() == [187311388515.0]


def test_whole_usdc_export() -> None:
    frame = parse_export_csv(USDC.read_bytes(), "usdc.csv", "USDC")
    assert frame.height == 2861
    assert (frame["date"].min(), frame["date"].max()) == (date(2018, 9, 11), date(2026, 7, 11))
    assert set(frame["defillama_id"]) == {2} and set(frame["representation"]) == {"export_csv"}
    assert frame.filter(frame["date"] == date(2022, 12, 31))["supply"].to_list() == [44099863896.0]


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault_names_file_line_and_field(name: str) -> None:
    make, message = FAULTS[name]
    with pytest.raises(ParseError, match=message):
        parse_export_csv(make(), "usdt.csv", "USDT")


def documented_answer(points: list[tuple[str, float]]) -> bytes:
    """The ``/stablecoin/{id}`` shape DefiLlama documents (its SDK's StablecoinDetails), with real USDT figures."""
    tokens = [
        {"date": int(datetime.fromisoformat(d).replace(tzinfo=UTC).timestamp()), "circulating": {"peggedUSD": v}}
        for d, v in points
    ]
    return json.dumps(
        {
            "id": "1",
            "name": "Tether",
            "symbol": "USDT",
            "pegType": "peggedUSD",
            "pegMechanism": "fiat-backed",
            "tokens": tokens,
        }
    ).encode()


# Real figures: the last three days of the recorded USDT export (lines 3146-3148).
USDT_TAIL = [("2026-07-09", 184264386264.0), ("2026-07-10", 184276553999.0), ("2026-07-11", 184279015268.77206)]


def test_documented_json_shape() -> None:
    frame = parse_api_json(documented_answer(USDT_TAIL), "usdt.json", "USDT")
    assert frame.select("date", "supply").rows() == [(date.fromisoformat(d), v) for d, v in USDT_TAIL]
    assert set(frame["representation"]) == {"api_json"}


def test_json_without_tokens_list_names_the_field() -> None:
    other_shape = json.dumps({"id": "1", "symbol": "USDT", "totalCirculating": [{"date": 1, "totalCirculating": 1}]})
    with pytest.raises(ParseError, match=r"usdt\.json, field 'tokens': no 'tokens' list"):
        parse_api_json(other_shape.encode(), "usdt.json", "USDT")


def test_json_non_numeric_supply_names_the_point() -> None:
    doc = json.loads(documented_answer(USDT_TAIL))
    doc["tokens"][1]["circulating"]["peggedUSD"] = "184276553999"
    with pytest.raises(ParseError, match=r"field 'tokens\[1\]\.circulating\.peggedUSD': not a number"):
        parse_api_json(json.dumps(doc).encode(), "usdt.json", "USDT")


def test_json_duplicate_day_names_both_points() -> None:
    doubled = documented_answer([*USDT_TAIL, USDT_TAIL[-1]])
    with pytest.raises(ParseError, match=r"field 'tokens\[3\]\.date': duplicate date \(first at tokens\[2\]\)"):
        parse_api_json(doubled, "usdt.json", "USDT")


def test_json_about_another_coin_is_refused() -> None:
    with pytest.raises(ParseError, match=r"field 'symbol': answer is about another stablecoin; expected USDC"):
        parse_api_json(documented_answer(USDT_TAIL), "usdc.json", "USDC")


def test_json_html_page_is_refused() -> None:
    with pytest.raises(ParseError, match=r"usdt\.json, line 1: got an HTML page"):
        parse_api_json(FAULTS["html_error_page"][0](), "usdt.json", "USDT")
