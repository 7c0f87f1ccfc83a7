"""Keeping every fetched payload byte for byte, before anyone parses it.

Files are content-addressed (sha256), so a re-fetch of unchanged bytes costs no space and a
landed file is never rewritten. The sidecar records each time the bytes were fetched and each time
they were loaded (with the load's timestamp), so the warehouse's raw tables can be rebuilt from this
folder alone (``ingest/recovery``).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.fetch import FetchResult
from ingest.recovery.disk import naming_no_space


@dataclass(frozen=True)
class LandedPayload:
    source: str
    kind: str
    path: Path
    sha256: str
    size: int
    url: str
    vintage: int = 0  # see FetchResult: successive recorded vintages of one request load in order
    newest: bool = True

    @property
    def name(self) -> str:
        """A short name for errors: the landed file plus the URL it came from."""
        return f"{self.path.name} (from {self.url})"


def _atomic_write(path: Path, data: bytes) -> None:
    """Whole or not at all: a write cut short (no space left) leaves no file behind, and says so."""
    with naming_no_space(path, len(data)):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def land(landing_dir: Path, result: FetchResult) -> LandedPayload:
    """Write the bytes once under ``<source>/<yyyy-mm-dd>/<sha256>.<ext>`` and log the fetch."""
    req = result.request
    sha = result.sha256
    day = result.fetched_at.strftime("%Y-%m-%d")
    path = landing_dir / req.source / day / f"{sha}.{req.ext}"
    if path.exists():
        if path.stat().st_size != len(result.content):
            raise RuntimeError(f"landing: {path} exists with a different size: the landing area is corrupt")
    else:
        _atomic_write(path, result.content)
        path.chmod(0o444)
    meta_path = sidecar(path)
    meta: dict[str, Any] = (
        json.loads(meta_path.read_text())
        if meta_path.exists()
        else {"sha256": sha, "size": len(result.content), "fetches": [], "loads": []}
    )
    fetch = {
        "source": req.source,
        "kind": req.kind,
        "url": req.url,
        "method": req.method,
        "request_body": req.body.decode("utf-8", "replace") if req.body else None,
        "final_url": result.final_url,
        "status": result.status,
        "fetched_at": result.fetched_at.isoformat(),
        "mode": result.mode,
        "headers": result.headers,
        "vintage": result.vintage,
        "newest": result.newest,
    }
    # A fetch already logged (a rebuild from landing lands the same payloads again, at their own times) is not
    # logged twice.
    if not any(f["fetched_at"] == fetch["fetched_at"] and f["url"] == fetch["url"] for f in meta["fetches"]):
        meta["fetches"].append(fetch)
        _atomic_write(meta_path, json.dumps(meta, indent=2, ensure_ascii=False).encode())
    return LandedPayload(req.source, req.kind, path, sha, len(result.content), req.url, result.vintage, result.newest)


def sidecar(path: Path) -> Path:
    """The metadata file next to a landed payload."""
    return path.with_name(path.name + ".meta.json")


def note_load(payloads: list[LandedPayload], loaded_at: datetime, mode: str) -> None:
    """Log, next to each payload of a committed load, when it was loaded and in which mode.

    A rebuild from landing replays the loads in this order and stamps them with these times, so the
    rebuilt ``raw._loads``, ``__history`` tables and ``_as_of(ts)`` answers equal the originals.
    """
    note = {"loaded_at": loaded_at.isoformat(), "mode": mode}
    for payload in payloads:
        meta_path = sidecar(payload.path)
        meta = json.loads(meta_path.read_text())
        loads = meta.setdefault("loads", [])
        if {**note, "kind": payload.kind} not in loads:
            loads.append({**note, "kind": payload.kind})
            _atomic_write(meta_path, json.dumps(meta, indent=2, ensure_ascii=False).encode())


def quarantine(quarantine_dir: Path, landed: LandedPayload, stage: str, reason: str) -> Path:
    """Set a rejected payload aside with its reason, where a person can look at both."""
    dest_dir = quarantine_dir / landed.source
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / landed.path.name
    if not dest.exists():
        shutil.copyfile(landed.path, dest)
    reason_path = dest.with_name(dest.name + ".reason.json")
    # The first rejection's time is kept: a rebuild from landing replays the rejection there (ingest/recovery).
    first = json.loads(reason_path.read_text(encoding="utf-8")).get("rejected_at") if reason_path.exists() else None
    reason_path.write_text(
        json.dumps(
            {
                "source": landed.source,
                "kind": landed.kind,
                "url": landed.url,
                "sha256": landed.sha256,
                "landed_at": str(landed.path),
                "stage": stage,
                "reason": reason,
                "rejected_at": first or datetime.now(UTC).isoformat(),
            },
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return dest
