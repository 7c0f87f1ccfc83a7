"""Alerts: one JSON POST to ``LW_ALERT_WEBHOOK`` (a Slack-compatible ``{"text": …}`` body), if it is set.

Messages carry names, verdicts and run ids only. Anything that could hold a secret (a URL with a
key in it) must not be passed in; ``redact`` removes URL credentials and query strings and keeps
the ``rpc+env://VAR`` form of RPC endpoints, as a last guard. A failed POST is reported, never raised:
an alert must not turn a finished run into a crashed one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

import httpx

WEBHOOK_ENV = "LW_ALERT_WEBHOOK"
# http(s) URLs: keep scheme, host and path; drop user:password@ and ?query (API keys live there).
_URL = re.compile(r"(https?://)(?:[^/\s@]+@)?([^/\s?#]+)([^\s?#]*)(?:\?[^\s#]*)?")


def redact(text: str) -> str:
    """Strip credentials and query strings from any http(s) URL in ``text`` (``rpc+env://VAR`` is left as is)."""
    return _URL.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}", text)


def send_alert(text: str, env: Mapping[str, str] | None = None, timeout_s: float = 10.0) -> str | None:
    """POST ``{"text": text}`` to the webhook; returns None on success or when unset, else why it failed."""
    url = (os.environ if env is None else env).get(WEBHOOK_ENV)
    if not url:
        return None
    try:
        response = httpx.post(url, json={"text": redact(f"Liquidity Watch: {text}")}, timeout=timeout_s)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        return f"alert to {redact(url)} failed: {type(exc).__name__}: {redact(str(exc))}"
    return None
