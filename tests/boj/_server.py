"""A 127.0.0.1 stand-in for getDataCode that pages a real recorded answer the way the API does."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from werkzeug import Request, Response

from ingest.settings import REPO_ROOT

REAL = json.loads((REPO_ROOT / "recorded" / "boj_rates" / "md01_mabs1an11_202505-202607.json").read_bytes())
PATH = "/api/v1/getDataCode"


def page(start_position: int, size: int = 5) -> bytes:
    """The real MD01 answer cut at ``startPosition`` (1-based) with NEXTPOSITION set as the API does."""
    doc = json.loads(json.dumps(REAL))
    values = doc["RESULTSET"][0]["VALUES"]
    lo = start_position - 1
    hi = min(lo + size, len(values["SURVEY_DATES"]))
    values["SURVEY_DATES"], values["VALUES"] = values["SURVEY_DATES"][lo:hi], values["VALUES"][lo:hi]
    doc["PARAMETER"]["STARTPOSITION"] = "" if start_position == 1 else str(start_position)
    doc["NEXTPOSITION"] = hi + 1 if hi < len(REAL["RESULTSET"][0]["VALUES"]["SURVEY_DATES"]) else None
    return json.dumps(doc).encode()


class Api:
    """Serves pages; ``faults`` are consumed one per request before the normal answer."""

    def __init__(self, faults: list[Callable[[Request], Response]] | None = None, size: int = 5) -> None:
        self.faults = list(faults or [])
        self.size = size
        self.arrivals: list[float] = []
        self.positions: list[str | None] = []

    def __call__(self, request: Request) -> Response:
        self.arrivals.append(time.monotonic())
        self.positions.append(request.args.get("startPosition"))
        if self.faults:
            return self.faults.pop(0)(request)
        pos = int(request.args.get("startPosition", "1"))
        return Response(page(pos, self.size), status=200, content_type="application/json")


def status(code: int, body: bytes = b"", content_type: str = "application/json") -> Callable[[Request], Response]:
    return lambda request: Response(body, status=code, content_type=content_type)


def slow(seconds: float) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        time.sleep(seconds)
        return Response(page(1), status=200, content_type="application/json")
    return answer
