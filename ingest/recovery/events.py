"""What happened to every landed payload, in order: the loads and rejections a rebuild from landing replays.

Landing keeps, next to each payload, every fetch of it and every load it was part of (``landing.note_load``:
the load's time and mode); the quarantine keeps every rejection with its reason and time. A rebuild
replays, per source and in time order, each load with the payloads it had, and each rejection, so a
payload refused on arrival is judged again in the same warehouse state. Fetches logged before loads
were noted (their sidecar entry has no ``vintage``) have no load to follow: those are grouped into runs
(fetches less than ``RUN_GAP`` apart) and rounds (a request seen again in one run is its next vintage),
each replayed as a run would have loaded it, stamped with its fetch time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

RUN_GAP = timedelta(minutes=10)
EventKind = Literal["load", "rejection", "fetch"]


@dataclass(frozen=True)
class LandedFetch:
    """One landed payload as one fetch brought it: the file and that fetch's sidecar entry."""

    path: Path
    sha256: str
    fetch: dict[str, Any]

    @property
    def fetched_at(self) -> datetime:
        return datetime.fromisoformat(self.fetch["fetched_at"])


@dataclass
class ReplayEvent:
    """A load (``load``), a rejection on arrival (``rejection``) or an un-noted run's round (``fetch``), at ``at``."""

    source: str
    at: datetime
    kind: EventKind
    mode: str
    payloads: list[LandedFetch] = field(default_factory=list)


@dataclass
class _Landed:
    path: Path
    meta: dict[str, Any]

    def fetch_before(self, when: datetime, kind: str | None = None) -> dict[str, Any]:
        """The fetch that brought the bytes to a load or rejection at ``when``: the last one no later than it."""
        fetches = [f for f in self.meta["fetches"] if kind is None or f["kind"] == kind]
        earlier = [f for f in fetches if datetime.fromisoformat(f["fetched_at"]) <= when]
        return max(earlier or fetches, key=lambda f: f["fetched_at"])


def _landed(landing_dir: Path) -> dict[tuple[str, str], _Landed]:
    """(source, sha256) → the landed file and its sidecar."""
    out = {}
    for meta_path in sorted(landing_dir.glob("*/*/*.meta.json")):
        path = meta_path.with_name(meta_path.name.removesuffix(".meta.json"))
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        out[(meta_path.parent.parent.name, meta["sha256"])] = _Landed(path, meta)
    return out


def _load_events(landed: dict[tuple[str, str], _Landed]) -> list[ReplayEvent]:
    events: dict[tuple[str, str], ReplayEvent] = {}
    for (source, sha), item in landed.items():
        for note in item.meta.get("loads", []):
            at = datetime.fromisoformat(note["loaded_at"])
            event = events.setdefault((source, note["loaded_at"]), ReplayEvent(source, at, "load", note["mode"]))
            event.payloads.append(LandedFetch(item.path, sha, item.fetch_before(at, note["kind"])))
    return list(events.values())


def _rejection_events(quarantine_dir: Path, landed: dict[tuple[str, str], _Landed]) -> list[ReplayEvent]:
    """One event per rejection: the payloads one error refused share its reason."""
    events: dict[tuple[str, str], ReplayEvent] = {}
    for reason_path in sorted(quarantine_dir.glob("*/*.reason.json")):
        reason = json.loads(reason_path.read_text(encoding="utf-8"))
        item = landed.get((reason["source"], reason["sha256"]))
        if item is None:  # its landed bytes are gone: nothing to replay
            continue
        stamp = reason.get("rejected_at") or datetime.fromtimestamp(reason_path.stat().st_mtime, UTC).isoformat()
        at = datetime.fromisoformat(stamp)
        fetch = item.fetch_before(at, reason["kind"])
        event = events.setdefault(
            (reason["source"], reason["reason"]), ReplayEvent(reason["source"], at, "rejection", fetch["mode"])
        )
        event.at = min(event.at, at)
        event.payloads.append(LandedFetch(item.path, reason["sha256"], fetch))
    return list(events.values())


def unnoted(fetch: dict[str, Any]) -> bool:
    """A fetch logged by code that did not yet note loads (nor the vintage a fetch replays)."""
    return "vintage" not in fetch


def _fetch_events(landed: dict[tuple[str, str], _Landed]) -> list[ReplayEvent]:
    """Rounds of the fetches logged before loads were noted: per run, the n-th fetch of each request in round n.

    That is how a run loads successive vintages of one request (``pipeline.vintage_rounds``). A round is
    stamped with its run's last fetch time (plus n microseconds, so the rounds keep their order).
    """
    fetches: dict[str, list[LandedFetch]] = {}
    for (source, sha), item in landed.items():
        for f in item.meta["fetches"]:
            if unnoted(f):
                fetches.setdefault(source, []).append(LandedFetch(item.path, sha, f))
    events = []
    for source, found in fetches.items():
        found.sort(key=lambda f: f.fetched_at)
        runs: list[list[LandedFetch]] = []
        for f in found:
            if not runs or f.fetched_at - runs[-1][-1].fetched_at > RUN_GAP:
                runs.append([])
            runs[-1].append(f)
        for run in runs:
            rounds: list[list[LandedFetch]] = []
            seen: dict[tuple[str, str | None, str, str | None], int] = {}
            for f in run:
                request = (f.fetch["kind"], f.fetch.get("method"), f.fetch["url"], f.fetch.get("request_body"))
                n = seen[request] = seen.get(request, -1) + 1
                rounds += [[] for _ in range(n + 1 - len(rounds))]
                rounds[n].append(f)
            end = run[-1].fetched_at
            for n, members in enumerate(rounds):
                at = end + timedelta(microseconds=n)
                events.append(ReplayEvent(source, at, "fetch", members[0].fetch["mode"], members))
    return events


def replay_events(landing_dir: Path, quarantine_dir: Path) -> list[ReplayEvent]:
    """Every load, rejection and un-noted round found in landing and quarantine, oldest first."""
    landed = _landed(landing_dir)
    rejections = [  # a rejection of an un-noted fetch is replayed with that fetch's round
        e for e in _rejection_events(quarantine_dir, landed) if not any(unnoted(p.fetch) for p in e.payloads)
    ]
    loads = _load_events(landed)
    noted = {(e.source, e.at) for e in loads}  # a round replayed once is noted as the load it made: not twice
    events = loads + rejections + [e for e in _fetch_events(landed) if (e.source, e.at) not in noted]
    for event in events:
        event.payloads.sort(key=lambda p: p.fetched_at)
    return sorted(events, key=lambda e: e.at)
