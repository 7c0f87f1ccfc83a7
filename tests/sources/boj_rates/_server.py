"""A 127.0.0.1 stand-in for getDataCode that answers from the real recorded answers the way the API does.

Asked for a whole series (no dates, no paging) it serves the recorded bytes as they are; asked for a
date range or with a page size it cuts the real answer to the range and pages it with NEXTPOSITION.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import yaml
from werkzeug import Request, Response

from ingest.settings import REPO_ROOT

RECORDED = REPO_ROOT / "recorded" / "boj_rates"
MANIFEST = yaml.safe_load((RECORDED / "manifest.yaml").read_text(encoding="utf-8"))
PATH = "/api/v1/getDataCode"


def recorded_answer(db: str, code: str) -> bytes:
    """The recorded bytes that answer the whole-series request for (db, code)."""
    for entry in MANIFEST:
        query = parse_qs(urlsplit(entry["url"]).query)
        if query["db"] == [db] and query["code"] == [code]:
            return (RECORDED / entry["file"]).read_bytes()
    raise KeyError(f"no recording of {db}/{code}")


REAL_BYTES = recorded_answer("MD01", "MABS1AN11")
REAL = json.loads(REAL_BYTES)


def page(
    start_position: int, size: int = 5, start: str | None = None, end: str | None = None, real: dict = REAL
) -> bytes:
    """The real answer cut to [start, end] and at ``startPosition`` (1-based), NEXTPOSITION set as the API does."""
    doc = json.loads(json.dumps(real))
    values = doc["RESULTSET"][0]["VALUES"]
    pairs = [
        (d, v)
        for d, v in zip(values["SURVEY_DATES"], values["VALUES"], strict=False)
        if (start is None or d >= int(start)) and (end is None or d <= int(end))
    ]
    lo = start_position - 1
    hi = min(lo + size, len(pairs))
    values["SURVEY_DATES"], values["VALUES"] = [d for d, _ in pairs[lo:hi]], [v for _, v in pairs[lo:hi]]
    doc["PARAMETER"].update(
        STARTDATE=start or "", ENDDATE=end or "", STARTPOSITION="" if start_position == 1 else str(start_position)
    )
    doc["NEXTPOSITION"] = hi + 1 if hi < len(pairs) else None
    return json.dumps(doc).encode()


class Api:
    """Serves answers; ``faults`` are consumed one per request before the normal answer.

    ``size=None`` serves a whole-series request with the recorded bytes verbatim.
    """

    def __init__(self, faults: list[Callable[[Request], Response]] | None = None, size: int | None = 5) -> None:
        self.faults = list(faults or [])
        self.size = size
        self.arrivals: list[float] = []
        self.positions: list[str | None] = []
        self.urls: list[str] = []

    def __call__(self, request: Request) -> Response:
        self.arrivals.append(time.monotonic())
        self.positions.append(request.args.get("startPosition"))
        self.urls.append(request.full_path)
        if self.faults:
            return self.faults.pop(0)(request)
        raw = recorded_answer(request.args["db"], request.args["code"])
        start, end = request.args.get("startDate"), request.args.get("endDate")
        if self.size is None and start is None and "startPosition" not in request.args:
            return Response(raw, status=200, content_type="application/json")
        pos = int(request.args.get("startPosition", "1"))
        return Response(
            page(pos, self.size or 60_000, start, end, json.loads(raw)), status=200, content_type="application/json"
        )


def status(code: int, body: bytes = b"", content_type: str = "application/json") -> Callable[[Request], Response]:
    return lambda request: Response(body, status=code, content_type=content_type)


def slow(seconds: float) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        time.sleep(seconds)
        return Response(page(1), status=200, content_type="application/json")

    return answer
