"""Getting payload bytes: live over HTTP (httpx + tenacity), or replayed from recordings offline.

Both fetchers return the same ``FetchResult`` so the rest of the path (land → parse → validate →
load) cannot tell, and offline runs exercise exactly the code live runs use.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol
from urllib.parse import quote

import httpx
import tenacity
from pydantic import Field, TypeAdapter, ValidationError

from ingest.config import Reviewed, first_problem, read_yaml
from ingest.errors import FetchError, NotRecorded

USER_AGENT = "liquidity-watch/0.1 (+https://github.com/liquidity-watch)"


@dataclass(frozen=True)
class Request:
    """One payload to get; ``kind`` names its role for the parser (e.g. 'history', 'current_month')."""

    source: str
    url: str
    kind: str
    ext: str
    method: str = "GET"
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()
    optional: bool = False

    @property
    def replay_key(self) -> str:
        h = hashlib.sha256()
        h.update(self.method.upper().encode() + b"\n" + self.url.encode() + b"\n" + (self.body or b""))
        return h.hexdigest()


@dataclass(frozen=True)
class FetchResult:
    request: Request
    content: bytes
    status: int
    fetched_at: datetime
    mode: str
    headers: dict[str, str] = field(default_factory=dict)
    final_url: str = ""
    # Offline replay of a request recorded in several vintages: which one (0 = oldest) and whether it is the newest.
    vintage: int = 0
    newest: bool = True

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


class Fetcher(Protocol):
    mode: str

    def fetch(self, request: Request) -> FetchResult: ...


# A request URL may name a secret as ``{env:VAR}`` (an API key in the query string): only the live
# fetcher substitutes it, just for the call, so landing metadata, logs, errors and alerts keep the name.
ENV_REF = re.compile(r"\{env:([A-Za-z_][A-Za-z0-9_]*)\}")


def resolve_env_refs(source: str, url: str, env: Mapping[str, str] | None = None) -> str:
    """``url`` with every ``{env:VAR}`` replaced by ``$VAR``; an unset variable is a fetch error naming it."""
    values = os.environ if env is None else env

    def value(m: re.Match[str]) -> str:
        if not values.get(m.group(1)):
            raise FetchError(source, url, f"environment variable {m.group(1)} is not set")
        return quote(values[m.group(1)], safe="")

    return ENV_REF.sub(value, url)


class _Retryable(Exception):
    """A failure worth another try (5xx, 429, timeouts, cut connections, short bodies)."""


_KEPT_HEADERS = ("content-type", "content-length", "last-modified", "etag", "date", "retry-after")


class LiveFetcher:
    """HTTP with timeouts, bounded retries with back-off, and a per-host minimum interval.

    The interval exists for the BoJ API, whose terms allow at most one request a second.
    """

    mode = "live"

    def __init__(
        self,
        *,
        timeout_s: float = 30.0,
        attempts: int = 4,
        backoff_s: float = 1.0,
        min_interval_s: dict[str, float] | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        self.timeout_s, self.attempts, self.backoff_s = timeout_s, attempts, backoff_s
        self.min_interval_s = min_interval_s or {}
        self._client = client or httpx.Client(
            timeout=httpx.Timeout(timeout_s), follow_redirects=True, headers={"User-Agent": USER_AGENT}
        )
        self._last_call: dict[str, float] = {}
        self._lock = threading.Lock()

    def _wait_turn(self, host: str) -> None:
        interval = self.min_interval_s.get(host, 0.0)
        with self._lock:
            last = self._last_call.get(host)
            now = time.monotonic()
            if last is not None and now - last < interval:
                time.sleep(interval - (now - last))
            self._last_call[host] = time.monotonic()

    def _once(self, request: Request) -> FetchResult:
        url = httpx.URL(resolve_env_refs(request.source, request.url))
        self._wait_turn(url.host)
        try:
            resp = self._client.request(request.method, url, content=request.body, headers=dict(request.headers))
            content = resp.read()
        except (httpx.TimeoutException, httpx.TransportError) as exc:  # includes cut/short bodies
            raise _Retryable(f"{type(exc).__name__}: {exc}") from exc
        if resp.status_code == 429 or resp.status_code >= 500:
            raise _Retryable(f"HTTP {resp.status_code}")
        if resp.status_code >= 400:
            raise FetchError(request.source, request.url, f"HTTP {resp.status_code}: {content[:200]!r}")
        if not content:
            raise _Retryable("empty body (HTTP 200 with 0 bytes)")
        return FetchResult(
            request=request,
            content=content,
            status=resp.status_code,
            fetched_at=datetime.now(UTC),
            mode=self.mode,
            headers={k: v for k, v in resp.headers.items() if k.lower() in _KEPT_HEADERS},
            # A URL that carried a secret keeps its {env:VAR} form in everything that is kept or logged.
            final_url=request.url if ENV_REF.search(request.url) else str(resp.url),
        )

    def fetch(self, request: Request) -> FetchResult:
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.attempts),
            wait=tenacity.wait_exponential(multiplier=self.backoff_s, max=30),
            retry=tenacity.retry_if_exception_type(_Retryable),
            reraise=True,
        )
        try:
            return retrying(self._once, request)
        except _Retryable as exc:
            raise FetchError(request.source, request.url, f"gave up after {self.attempts} attempts: {exc}") from exc

    def close(self) -> None:
        self._client.close()


class RecordedEntry(Reviewed):
    """One entry of ``recorded/<source>/manifest.yaml``: which request a recorded file answers, and where it is from."""

    source: str
    kind: str
    url: str
    file: str
    sha256: str = Field(pattern="^[0-9a-f]{64}$")
    provenance: str = ""
    method: Literal["GET", "POST"] = "GET"
    body: str | None = None  # a POST's JSON body, as sent


MANIFEST = TypeAdapter(list[RecordedEntry])


@dataclass(frozen=True)
class Recording:
    source: str
    kind: str
    url: str
    file: Path
    sha256: str
    method: str = "GET"
    body: bytes | None = None
    provenance: str = ""


def load_recordings(recorded_dir: Path) -> dict[str, list[Recording]]:
    """Read every ``recorded/<source>/manifest.yaml``; the key is the request's replay key.

    A request may have several recordings: successive vintages of one published file, oldest first
    (manifest order), the way a live fetch would have seen them over time. A malformed entry stops
    the replay, naming the manifest and the field (``[3].sha256``).
    """
    out: dict[str, list[Recording]] = {}
    for manifest in sorted(recorded_dir.glob("*/manifest.yaml")):
        try:
            entries = MANIFEST.validate_python(read_yaml(manifest) or [])
        except ValidationError as exc:
            problem = first_problem(exc)
            raise ValueError(f"{manifest}: {problem.field}: {problem.detail}") from None
        for e in entries:
            body = e.body.encode() if e.body is not None else None
            rec = Recording(e.source, e.kind, e.url, manifest.parent / e.file, e.sha256, e.method, body, e.provenance)
            key = Request(rec.source, rec.url, rec.kind, "", method=rec.method, body=rec.body).replay_key
            out.setdefault(key, []).append(rec)
    return out


class ReplayFetcher:
    """Serves recorded bytes for known requests; refuses anything it has no recording of."""

    mode = "offline"

    def __init__(self, recorded_dir: Path) -> None:
        self.recorded_dir = recorded_dir
        self.recordings = load_recordings(recorded_dir)

    def fetch(self, request: Request) -> FetchResult:
        """The newest recorded vintage of this request."""
        recs = self.recordings.get(request.replay_key)
        if not recs:
            raise NotRecorded(request.source, request.url, f"no recording under {self.recorded_dir}")
        return self._replay(request, recs[-1])

    def fetch_vintages(self, request: Request) -> list[FetchResult]:
        """Every recorded vintage of this request, oldest first."""
        recs = self.recordings.get(request.replay_key)
        if not recs:
            raise NotRecorded(request.source, request.url, f"no recording under {self.recorded_dir}")
        return [self._replay(request, rec, n, n == len(recs) - 1) for n, rec in enumerate(recs)]

    def _replay(self, request: Request, rec: Recording, vintage: int = 0, newest: bool = True) -> FetchResult:
        content = rec.file.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        if digest != rec.sha256:
            raise FetchError(
                request.source, request.url, f"recording {rec.file} has sha256 {digest}, manifest says {rec.sha256}"
            )
        return FetchResult(
            request=request,
            content=content,
            status=200,
            fetched_at=datetime.now(UTC),
            mode=self.mode,
            headers={"x-lw-recording": str(rec.file.relative_to(self.recorded_dir))},
            final_url=request.url,
            vintage=vintage,
            newest=newest,
        )
