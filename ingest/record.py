"""Turn a live run's landed payloads into offline recordings.

``LW_MODE=live lw build`` lands every answer byte for byte; ``python -m ingest.record <source>``
then copies the landed bytes of the newest live fetch of each request into
``recorded/<source>/`` and lists them in its ``manifest.yaml``, so offline mode replays exactly
what the live endpoints said. Request URLs are kept as the pipeline saw them: RPC endpoints stay
``rpc+env://VAR`` aliases and never reach the repository.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import yaml

from ingest.fetch import Request
from ingest.settings import Settings


def _request_key(source: str, method: str, url: str, body: str | None) -> str:
    """The replay fetcher's own notion of "the same request" (method, URL, body)."""
    return Request(source, url, kind="", ext="", method=method, body=body.encode() if body else None).replay_key


def record(settings: Settings, source: str) -> list[dict]:
    """Add (or refresh) recordings of ``source`` from LW_HOME's landing area; returns the new entries."""
    newest: dict[str, tuple[str, Path, dict]] = {}
    for meta_path in sorted((settings.landing_dir / source).glob("*/*.meta.json")):
        payload = meta_path.with_name(meta_path.name.removesuffix(".meta.json"))
        for fetch in json.loads(meta_path.read_text(encoding="utf-8"))["fetches"]:
            if fetch.get("mode") != "live" or fetch.get("status") != 200:
                continue
            key = _request_key(source, fetch["method"], fetch["url"], fetch.get("request_body"))
            if key not in newest or fetch["fetched_at"] > newest[key][0]:
                newest[key] = (fetch["fetched_at"], payload, fetch)
    dest = settings.recorded_dir / source
    dest.mkdir(parents=True, exist_ok=True)
    manifest = dest / "manifest.yaml"
    entries = (yaml.safe_load(manifest.read_text(encoding="utf-8")) or []) if manifest.exists() else []
    added = []
    for key, (fetched_at, payload, fetch) in sorted(newest.items(), key=lambda kv: kv[1][0]):
        shutil.copyfile(payload, dest / payload.name)
        entry = {
            "source": source,
            "kind": fetch["kind"],
            "url": fetch["url"],
            "method": fetch["method"],
            **({"body": fetch["request_body"]} if fetch.get("request_body") else {}),
            "file": payload.name,
            "sha256": payload.name.split(".")[0],
            "provenance": f"recorded live by ingest.record: fetched {fetched_at}, HTTP {fetch['status']}",
        }
        entries = [
            e for e in entries if _request_key(source, e.get("method", "GET"), e["url"], e.get("body")) != key
        ] + [entry]
        added.append(entry)
    manifest.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ingest.record", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sources", nargs="+")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    for source in args.sources:
        added = record(settings, source)
        print(f"{source}: {len(added)} recordings refreshed in {settings.recorded_dir / source}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
