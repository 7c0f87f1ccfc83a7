"""Every recorded getDataCode answer parsed whole, and each one is exactly a request the client plans."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from ingest.sources.boj_rates.parse import parse_data_code
from ingest.sources.boj_rates.series import DEFAULT_BASE_URL, load_series, plan

from ._server import MANIFEST, RECORDED

# file → (db, code, frequency, periods, first (code, date, value), last (code, date, value))
EXPECTED = {
    "fm02_straclucon_198507-202608.json": (
        "FM02",
        "STRACLUCON",
        "MONTHLY",
        494,
        (198507, date(1985, 7, 1), 6.4167),
        (202608, date(2026, 8, 1), 0.977),
    ),
    "md01_mabs1an11_197001-202608.json": (
        "MD01",
        "MABS1AN11",
        "MONTHLY",
        680,
        (197001, date(1970, 1, 1), 45652.0),
        (202608, date(2026, 8, 1), 5430070.0),
    ),
    "bs01_mabjma5_199804-202608.json": (
        "BS01",
        "MABJMA5",
        "MONTHLY",
        341,
        (199804, date(1998, 4, 1), 539133.0),
        (202608, date(2026, 8, 1), 5199276.0),
    ),
    "fm08_fxerm07_197301-202608.json": (
        "FM08",
        "FXERM07",
        "MONTHLY",
        644,
        (197301, date(1973, 1, 1), 301.93),
        (202608, date(2026, 8, 1), 158.81),
    ),
    "ff_fof_ffas420l900_199704-202601_jp.json": (
        "FF",
        "FOF_FFAS420L900",
        "QUARTERLY",
        114,
        (199704, date(1997, 10, 1), 3794469.0),
        (202601, date(2026, 1, 1), 9553802.0),
    ),
    "ff_fof_ffas420l700_199704-202601_jp.json": (
        "FF",
        "FOF_FFAS420L700",
        "QUARTERLY",
        114,
        (199704, date(1997, 10, 1), -1617712.0),
        (202601, date(2026, 1, 1), -4202984.0),
    ),
}
REGISTRY = {(s.db, s.code): s.frequency for s in load_series()}


@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_whole_recorded_answer_parses(file: str) -> None:
    db, code, freq, periods, first, last = EXPECTED[file]
    frame = parse_data_code("boj_rates", file, (RECORDED / file).read_bytes(), REGISTRY)
    assert frame.height == periods and frame["value"].null_count() == 0
    assert set(frame["db"]) == {db} and set(frame["series_code"]) == {code} and set(frame["frequency"]) == {freq}
    head, tail = frame.row(0, named=True), frame.row(-1, named=True)
    assert (head["period_code"], head["period_date"], head["value"]) == first
    assert (tail["period_code"], tail["period_date"], tail["value"]) == last
    assert frame["period_date"].is_sorted() and frame["period_code"].n_unique() == periods


def test_japanese_answers_keep_japanese_names_and_units() -> None:
    frame = parse_data_code("boj_rates", "ff", (RECORDED / "ff_fof_ffas420l900_199704-202601_jp.json").read_bytes())
    assert frame.row(0, named=True)["series_name"] == "負債・合計／一般政府／ストック"
    assert frame.row(0, named=True)["unit"] == "億円"


def test_every_recording_is_a_request_the_client_plans_and_echoes_it() -> None:
    planned = {p.url(DEFAULT_BASE_URL) for p in plan(load_series(), date(2026, 11, 27))}
    for entry in MANIFEST:
        assert entry["url"] in planned, entry["url"]
        query = {k: v[0] for k, v in parse_qs(urlsplit(entry["url"]).query).items()}
        echo = json.loads((RECORDED / entry["file"]).read_bytes())["PARAMETER"]
        assert (echo["DB"], echo["LANG"], echo["FORMAT"]) == (query["db"], query["lang"].upper(), "JSON")
        assert (echo["STARTDATE"], echo["ENDDATE"], echo["STARTPOSITION"]) == (
            query.get("startDate", ""),
            query.get("endDate", ""),
            "",
        )
    whole = {p.url(DEFAULT_BASE_URL) for p in plan(load_series(), date(2026, 11, 27)) if p.start is None}
    assert whole == {e["url"] for e in MANIFEST}  # every whole-series request has its recording
