"""Where a server ``lw`` starts listens, and when it is really there: shared by ``lw serve``/``lw up`` and ``lw bi``.

Why: a URL printed before the server answers sends the user to a refused connection, and a ``--host`` that
opens a port to the network must never be a silent default. Both servers say when they answer, and a
non-loopback address is announced with what it exposes.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable

LOOPBACK = "127.0.0.1"
PROXY_DOC = "docs/reverse-proxy.md"


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``; a name is judged by every address it resolves to."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return False
    return bool(infos) and all(ipaddress.ip_address(str(info[4][0])).is_loopback for info in infos)


def local_url(host: str, port: int, path: str = "") -> str:
    """A URL this machine can poll: a wildcard bind (0.0.0.0, ::) is reached through loopback."""
    reach = LOOPBACK if host in ("0.0.0.0", "::", "") else host
    if ":" in reach:
        reach = f"[{reach}]"
    return f"http://{reach}:{port}{path}"


def answers(url: str, accept: Callable[[int, bytes], bool]) -> bool:
    """One GET: True when ``accept(status, body)`` says the server is ready."""
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return accept(resp.status, resp.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def wait_until_answers(
    url: str,
    accept: Callable[[int, bytes], bool],
    give_up: Callable[[], bool],
    timeout_s: float,
    note: Callable[[float], None],
) -> float | None:
    """Poll ``url`` until ``accept`` is satisfied and return the seconds waited; None when ``give_up()`` turns
    true (the server exited, a signal arrived) or ``timeout_s`` passed. ``note`` hears the wait every 10 s."""
    started = time.monotonic()
    next_note = 10.0
    while not give_up():
        elapsed = time.monotonic() - started
        if answers(url, accept):
            return elapsed
        if elapsed > timeout_s:
            return None
        if elapsed >= next_note:
            note(elapsed)
            next_note += 10.0
        time.sleep(0.5)
    return None
