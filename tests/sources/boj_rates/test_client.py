"""The client against a real HTTP server on 127.0.0.1: pagination, faults, retries and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from ingest.errors import FetchError
from ingest.fetch import LiveFetcher
from ingest.sources.boj_rates.client import Pacer, fetch_pages
from ingest.sources.boj_rates.parse import parse_data_code

from ._server import PATH, Api, slow, status

FIX = Path(__file__).parent / "fixtures"
ERROR_400 = (FIX / "delihiros_error_missing_db_http400.json").read_bytes()


def _run(httpserver: HTTPServer, api: Api, **kw: float) -> list:
    httpserver.expect_request(PATH).respond_with_handler(api)
    fetcher = LiveFetcher(timeout_s=kw.get("timeout", 2.0), attempts=3, backoff_s=0.01)
    try:
        first = httpserver.url_for(PATH) + "?format=json&lang=en&db=MD01&code=MABS1AN11&startDate=202505&endDate=202607"
        return list(fetch_pages(fetcher, first, Pacer(0.0), retry_wait_s=0.01))
    finally:
        fetcher.close()


def _values(results: list) -> list:
    return [v for r in results for v in parse_data_code("t", "p", r.content)["value"].to_list()]


def test_follows_nextposition_as_startposition(httpserver: HTTPServer) -> None:
    api = Api()
    results = _run(httpserver, api)
    assert api.positions == [None, "6", "11"]
    assert len(_values(results)) == 15 and _values(results)[0] == 6560120.0


@pytest.mark.parametrize("fault", [status(429, b"Too Many Requests", "text/plain"), status(500, b"oops", "text/plain")])
def test_429_and_500_are_retried_to_success(httpserver: HTTPServer, fault) -> None:
    api = Api([fault])
    results = _run(httpserver, api)
    assert len(api.arrivals) == 4 and len(_values(results)) == 15


def test_slow_answer_times_out_then_succeeds(httpserver: HTTPServer) -> None:
    api = Api([slow(1.0)])
    results = _run(httpserver, api, timeout=0.4)
    assert len(api.arrivals) >= 4 and len(_values(results)) == 15


def test_status_503_in_a_200_body_is_retried(httpserver: HTTPServer) -> None:
    busy = json.dumps({"STATUS": 503, "MESSAGEID": "M181090S", "MESSAGE": "busy", "DATE": ""}).encode()
    api = Api([status(200, busy)])
    assert len(_values(_run(httpserver, api))) == 15


def test_status_400_body_is_a_clear_error(httpserver: HTTPServer) -> None:
    api = Api([status(200, ERROR_400)])
    with pytest.raises(FetchError, match=r"\[boj_rates\].*STATUS 400 M181004E"):
        _run(httpserver, api)
    assert len(api.arrivals) == 1  # a client error is not retried


def test_http_400_is_a_clear_error(httpserver: HTTPServer) -> None:
    api = Api([status(400, ERROR_400)])
    with pytest.raises(FetchError, match=r"HTTP 400.*M181004E"):
        _run(httpserver, api)


def test_malformed_json_is_handed_on_for_the_parser_to_reject(httpserver: HTTPServer) -> None:
    api = Api([status(200, b'{"STATUS":200,"RESULTSET":[{"SERIES_CODE":')])
    results = _run(httpserver, api)
    assert len(results) == 1  # landed as is; no further page can be followed
