"""Record once live, replay offline: the recorded bytes reproduce the live load exactly."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest
import yaml
from pytest_httpserver import HTTPServer

from ingest.fetch import ReplayFetcher
from ingest.pipeline import run_source
from ingest.record import record
from ingest.settings import Settings
from tests.conftest import RECORDED
from tests.ingest.test_fetch_and_land import REAL, REAL_OLD, fast_fetcher, spec_for


def values(settings: Settings) -> tuple:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(
            "SELECT count(*), hash(list((date, tenor_years, yield_pct) ORDER BY date, tenor_years)) "
            "FROM raw.mof_jgb_yields"
        ).fetchone()


def test_live_payloads_become_recordings_that_replay_identically(
    httpserver: HTTPServer, settings: Settings, tmp_path: Path
) -> None:
    httpserver.expect_ordered_request("/jgbcme_all.csv").respond_with_data(REAL_OLD)
    httpserver.expect_ordered_request("/jgbcme_all.csv").respond_with_data(REAL)
    spec = spec_for(httpserver.url_for("/jgbcme_all.csv"))
    run_source(spec, settings, fetcher=fast_fetcher())
    run_source(spec, settings, fetcher=fast_fetcher())  # the newer answer must win
    live_values = values(settings)

    recorded = dataclasses.replace(settings, recorded_dir=tmp_path / "recorded")
    added = record(recorded, "mof_jgb_yields")
    manifest = yaml.safe_load((tmp_path / "recorded" / "mof_jgb_yields" / "manifest.yaml").read_text())
    assert len(added) == len(manifest) == 1
    assert (tmp_path / "recorded" / "mof_jgb_yields" / manifest[0]["file"]).read_bytes() == REAL

    offline = dataclasses.replace(
        settings, home=tmp_path / "offline", mode="offline", recorded_dir=tmp_path / "recorded"
    )
    run_source(spec, offline, fetcher=ReplayFetcher(offline.recorded_dir))
    assert values(offline) == live_values  # the same observations as the live warehouse holds


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sha256": "ABC"}, r"manifest\.yaml: \[0\]\.sha256: String should match pattern"),
        ({"file": None}, r"manifest\.yaml: \[0\]\.file: Input should be a valid string"),
        ({"method": "PUT"}, r"manifest\.yaml: \[0\]\.method: Input should be 'GET' or 'POST'"),
        ({"fetched": "today"}, r"manifest\.yaml: \[0\]\.fetched: Extra inputs are not permitted"),
    ],
)
def test_a_malformed_manifest_entry_names_the_manifest_and_the_field(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    """The real mof_jgb_yields manifest, one field of its first entry spoiled: the replay refuses it."""
    d = tmp_path / "mof_jgb_yields"
    d.mkdir()
    entries = yaml.safe_load((RECORDED / "mof_jgb_yields" / "manifest.yaml").read_text(encoding="utf-8"))
    assert ReplayFetcher(RECORDED).recordings  # the real manifests are accepted as they are
    entries[0].update(change)
    (d / "manifest.yaml").write_text(yaml.safe_dump(entries), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        ReplayFetcher(tmp_path)
