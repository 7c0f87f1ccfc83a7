"""JSON-RPC over the core ``Fetcher``: every request and answer goes through fetch → land.

Why not web3.py: answers must be landed byte for byte and replayed offline, so a request is a
plain ``Request`` (POST, JSON body) whose id is derived from its content: the same call gives the
same body, hence the same replay key. The id also carries the meaning of the call (which entry,
which block), and the node echoes it, so each landed answer describes itself.

RPC URLs carry keys: they come only from the environment, and the ``Request`` the pipeline logs
and lands names the variable (``rpc+env://LW_RPC_TRON``), never its value.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ingest.errors import FetchError, IngestError
from ingest.fetch import Fetcher, FetchResult, Request

ALIAS_SCHEME = "rpc+env://"


class RpcError(IngestError):
    """The node answered, but with a JSON-RPC error object or a body that is not JSON-RPC."""

    stage = "fetch"


def alias_url(env_var: str) -> str:
    return ALIAS_SCHEME + env_var


def rpc_body(method: str, params: list[Any], call_id: str) -> bytes:
    """Canonical JSON (sorted keys, no spaces) so equal calls are equal bytes."""
    return json.dumps(
        {"jsonrpc": "2.0", "id": call_id, "method": method, "params": params}, sort_keys=True, separators=(",", ":")
    ).encode()


class EnvUrlFetcher:
    """Live fetcher wrapper: resolves ``rpc+env://VAR`` to the URL in ``$VAR`` just for the call.

    The returned ``FetchResult`` keeps the alias request, so landing, logs and errors never see
    the real URL (which often embeds an API key).
    """

    def __init__(self, inner: Fetcher, env: Mapping[str, str] | None = None) -> None:
        self.inner, self.mode = inner, inner.mode
        self.env = os.environ if env is None else env

    def fetch(self, request: Request) -> FetchResult:
        if not request.url.startswith(ALIAS_SCHEME):
            return self.inner.fetch(request)
        var = request.url[len(ALIAS_SCHEME) :]
        real = self.env.get(var)
        if not real:
            raise FetchError(
                request.source, request.url, f"environment variable {var} is not set (the RPC endpoint URL)"
            )
        try:
            result = self.inner.fetch(replace(request, url=real))
        except FetchError as exc:
            prefix = f"[{request.source}] fetch {real}: "
            msg = str(exc)[len(prefix) :] if str(exc).startswith(prefix) else str(exc)
            raise FetchError(request.source, request.url, msg.replace(real, request.url)) from None
        return replace(result, request=request, final_url=request.url)


@dataclass
class JsonRpcClient:
    """Calls one chain's endpoint; ``results`` keeps every ``FetchResult`` for landing."""

    source: str
    chain: str
    env_var: str
    fetcher: Fetcher

    def request(self, kind: str, method: str, params: list[Any], call_id: str) -> Request:
        return Request(
            self.source,
            alias_url(self.env_var),
            kind=kind,
            ext="json",
            method="POST",
            body=rpc_body(method, params, call_id),
            headers=(("Content-Type", "application/json"),),
        )

    def call(self, kind: str, method: str, params: list[Any], call_id: str) -> FetchResult:
        """One call's raw answer; decode it with ``result_of`` after it has been landed."""
        return self.fetcher.fetch(self.request(kind, method, params, call_id))

    def result_of(self, fetched: FetchResult) -> Any:
        """The ``result``, or ``RpcError`` naming the chain, method, id, code and message."""
        body = json.loads(fetched.request.body or b"{}")
        what = f"{self.chain} {body.get('method')} id={body.get('id')}"
        return decode_response(self.source, what, fetched.content, body.get("id"))


def decode_response(source: str, what: str, content: bytes, call_id: str | None = None) -> Any:
    """The ``result`` of a JSON-RPC response; errors name the call, the code and the message."""
    try:
        doc = json.loads(content)
    except ValueError as exc:
        raise RpcError(source, f"{what}: answer is not JSON ({exc}): {content[:120]!r}") from exc
    if not isinstance(doc, dict) or doc.get("jsonrpc") != "2.0":
        raise RpcError(source, f"{what}: answer is not a JSON-RPC 2.0 object: {content[:120]!r}")
    if call_id is not None and doc.get("id") != call_id:
        raise RpcError(source, f"{what}: answer id {doc.get('id')!r} does not echo the request id {call_id!r}")
    if doc.get("error") is not None:
        err = doc["error"]
        code = err.get("code") if isinstance(err, dict) else None
        message = err.get("message") if isinstance(err, dict) else err
        raise RpcError(source, f"{what}: JSON-RPC error {code}: {message}")
    if "result" not in doc:
        raise RpcError(source, f"{what}: JSON-RPC answer has neither 'result' nor 'error'")
    return doc["result"]
