"""Keeping every fetched payload byte for byte, before anyone parses it.

Files are content-addressed (sha256), so a re-fetch of unchanged bytes costs no space and a
landed file is never rewritten. The sidecar records each time the bytes were fetched.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.fetch import FetchResult


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
    meta_path = path.with_name(path.name + ".meta.json")
    meta: dict[str, Any] = (
        json.loads(meta_path.read_text())
        if meta_path.exists()
        else {"sha256": sha, "size": len(result.content), "fetches": []}
    )
    meta["fetches"].append(
        {
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
        }
    )
    _atomic_write(meta_path, json.dumps(meta, indent=2, ensure_ascii=False).encode())
    return LandedPayload(req.source, req.kind, path, sha, len(result.content), req.url, result.vintage, result.newest)


def quarantine(quarantine_dir: Path, landed: LandedPayload, stage: str, reason: str) -> Path:
    """Set a rejected payload aside with its reason, where a person can look at both."""
    dest_dir = quarantine_dir / landed.source
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / landed.path.name
    if not dest.exists():
        shutil.copyfile(landed.path, dest)
    reason_path = dest.with_name(dest.name + ".reason.json")
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
            },
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return dest
