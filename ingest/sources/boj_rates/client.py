"""Getting getDataCode pages: pacing, pagination and the BoJ's in-body errors, on any ``Fetcher``.

Transport faults (timeouts, cut bodies, HTTP 429/5xx) are retried by the core ``LiveFetcher``; an
HTTP 400 ends there with the body in the message. This module adds what is BoJ-specific: an
answer with HTTP 200 can still carry ``STATUS`` 500/503 (retried here, with a pause) or 400 (a
clear error naming ``MESSAGEID``); ``NEXTPOSITION`` is followed as ``startPosition`` until null;
and requests to the API host are spaced ≥1 s apart whatever fetcher is used (the BoJ's terms).
A page whose body is not JSON is handed on as it is, so the pipeline lands and quarantines it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

from ingest.errors import FetchError, ParseError
from ingest.fetch import Fetcher, FetchResult, Request
from ingest.sources.boj_rates.parse import RETRYABLE_STATUSES, envelope
from ingest.sources.boj_rates.series import SOURCE

MIN_INTERVAL_S = 1.0
MAX_PAGES = 10_000


class Pacer:
    """Keeps at least ``interval_s`` from the end of one answer to the start of the next request.

    Counting from the end (not the start) keeps the gap as the server sees it above the interval
    even when connection set-up delays a request's arrival.
    """

    def __init__(
        self,
        interval_s: float = MIN_INTERVAL_S,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval_s, self._clock, self._sleep = interval_s, clock, sleep
        self._last: float | None = None
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            if self._last is not None:
                gap = self._clock() - self._last
                if gap < self.interval_s:
                    self._sleep(self.interval_s - gap)

    def done(self) -> None:
        with self._lock:
            self._last = self._clock()


class NoPacing(Pacer):
    """Replaying recordings touches no server: nothing to space out."""

    def wait(self) -> None:
        return None

    def done(self) -> None:
        return None


def fetch_checked(
    fetcher: Fetcher, request: Request, pacer: Pacer, *, body_retries: int = 3, retry_wait_s: float = 2.0
) -> FetchResult:
    """One page, with the BoJ's in-body STATUS checked; 500/503 bodies are retried ``body_retries`` times."""
    for attempt in range(body_retries + 1):
        pacer.wait()
        try:
            result = fetcher.fetch(request)
        finally:
            pacer.done()
        try:
            env = envelope(SOURCE, request.url, result.content)
        except ParseError:
            return result  # not JSON: land it, let the parser reject and quarantine it
        if env.ok:
            return result
        if env.status in RETRYABLE_STATUSES and attempt < body_retries:
            time.sleep(retry_wait_s * (attempt + 1))
            continue
        raise FetchError(
            SOURCE,
            request.url,
            f"BoJ answered STATUS {env.status} {env.message_id}: {env.message}"
            + (f" (after {attempt + 1} attempts)" if env.status in RETRYABLE_STATUSES else ""),
        )
    raise AssertionError("unreachable")


def fetch_pages(
    fetcher: Fetcher, first_url: str, pacer: Pacer, *, body_retries: int = 3, retry_wait_s: float = 2.0
) -> Iterator[FetchResult]:
    """Every page of one request, following NEXTPOSITION as ``&startPosition=`` until it is null."""
    position: int | None = None
    for _ in range(MAX_PAGES):
        url = first_url if position is None else f"{first_url}&startPosition={position}"
        request = Request(SOURCE, url, kind="data_code", ext="json")
        result = fetch_checked(fetcher, request, pacer, body_retries=body_retries, retry_wait_s=retry_wait_s)
        yield result
        try:
            nxt = envelope(SOURCE, url, result.content).next_position
        except ParseError:
            return  # the landed page is rejected by the parser; nothing more to follow
        if nxt is None:
            return
        if position is not None and nxt <= position:
            raise FetchError(SOURCE, url, f"NEXTPOSITION {nxt} does not advance past startPosition {position}")
        position = nxt
    raise FetchError(SOURCE, first_url, f"more than {MAX_PAGES} pages: giving up")
