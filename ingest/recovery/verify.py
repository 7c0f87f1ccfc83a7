"""Bit rot: every landed payload re-hashed against its name and sidecar, every recording against its manifest.

Landing is content-addressed (``<sha256>.<ext>``), so a payload whose bytes no longer hash to its name
has been damaged on disk; a rebuild from landing would refuse it. Recordings are what offline mode
replays; their manifests hold each file's sha256.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Verification:
    landed: int = 0
    recordings: int = 0
    mismatches: list[str] = field(default_factory=list)


def verify_landing(landing_dir: Path, out: Verification) -> None:
    for meta_path in sorted(landing_dir.glob("*/*/*.meta.json")):
        path = meta_path.with_name(meta_path.name.removesuffix(".meta.json"))
        named = path.name.split(".", 1)[0]
        out.landed += 1
        if not path.exists():
            out.mismatches.append(f"{path}: missing (its sidecar {meta_path.name} is there)")
            continue
        digest = sha256_of(path)
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if digest != named or meta.get("sha256") != named or path.stat().st_size != meta.get("size"):
            out.mismatches.append(
                f"{path}: its bytes hash to {digest[:12]}… ({path.stat().st_size:,} bytes), its name and sidecar "
                f"say {named[:12]}… ({meta.get('size', 0):,} bytes)"
            )


def verify_recordings(recorded_dir: Path, out: Verification) -> None:
    for manifest in sorted(recorded_dir.glob("*/manifest.yaml")):
        for entry in yaml.safe_load(manifest.read_text(encoding="utf-8")) or []:
            path = manifest.parent / entry["file"]
            out.recordings += 1
            digest = sha256_of(path) if path.exists() else "missing"
            if digest != entry["sha256"]:
                out.mismatches.append(
                    f"{path}: sha256 {digest[:12]}…, {manifest.relative_to(recorded_dir)} says {entry['sha256'][:12]}…"
                )


def verify(landing_dir: Path, recorded_dir: Path) -> Verification:
    out = Verification()
    verify_landing(landing_dir, out)
    verify_recordings(recorded_dir, out)
    return out
