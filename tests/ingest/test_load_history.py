"""The versioned loader: two vintages of the real file, idempotence, as-of queries, rejected loads."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from ingest.errors import ValidationFailed
from ingest.fetch import ReplayFetcher
from ingest.pipeline import IngestReport, run_source
from ingest.settings import Settings
from ingest.sources import mof_jgb_yields
from ingest.sources.mof_jgb_yields import fetch
from tests.conftest import YIELDS
from tests.ingest.test_fetch_and_land import warehouse_state

URL = fetch.URL_EN_HISTORY


def recordings(tmp: Path, *files: tuple[str, bytes]) -> list[Path]:
    """One replay directory per vintage: the same URL answered by different real bytes."""
    import hashlib

    dirs = []
    for i, (name, data) in enumerate(files):
        d = tmp / f"rec{i}" / "mof_jgb_yields"
        d.mkdir(parents=True)
        (d / name).write_bytes(data)
        entry = {
            "source": "mof_jgb_yields",
            "kind": "history",
            "url": URL,
            "file": name,
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        (d / "manifest.yaml").write_text(json.dumps([entry]))
        dirs.append(d.parent)
    return dirs


def load(settings: Settings, rec_dir: Path, *, full: bool = False) -> IngestReport:
    return run_source(mof_jgb_yields.SOURCE, settings, fetcher=ReplayFetcher(rec_dir), full=full)


def q(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(sql).fetchall()


OLD = (YIELDS / "jgbcme_all_to_2024-07-31.csv").read_bytes()
NEW = (YIELDS / "jgbcme_all_to_2026-04-30.csv").read_bytes()


def values_in(data: bytes) -> int:
    """Cells holding a value (not '-'), counted straight from the CSV text."""
    return sum(1 for line in data.decode().splitlines()[2:] for c in line.split(",")[1:] if c != "-")


N_OLD, N_NEW = values_in(OLD), values_in(NEW)


def test_old_vintage_then_new_vintage_adds_only_the_new_days(settings: Settings, tmp_path: Path) -> None:
    old_dir, new_dir = recordings(tmp_path, ("old.csv", OLD), ("new.csv", NEW))
    first = load(settings, old_dir).stats
    second = load(settings, new_dir).stats
    assert first is not None and second is not None
    assert first.inserted == first.total == N_OLD
    assert second.changed == 0  # the two real vintages agree on every shared day
    assert second.inserted == N_NEW - N_OLD and second.total == N_NEW
    assert q(settings, "SELECT max(date) FROM raw.mof_jgb_yields")[0][0].isoformat() == "2026-04-30"
    # rows keep the payload they first came from
    shas = dict(q(settings, "SELECT source_sha256, count(*) FROM raw.mof_jgb_yields GROUP BY 1"))
    assert sorted(shas.values()) == sorted([N_NEW - N_OLD, N_OLD])


def test_loading_the_same_payload_twice_changes_nothing(settings: Settings, tmp_path: Path) -> None:
    (rec,) = recordings(tmp_path, ("new.csv", NEW))
    load(settings, rec)
    before = [s for s in warehouse_state(settings) if s[1] != "_loads"]
    assert load(settings, rec).unchanged  # the same bytes again: nothing parsed or loaded
    stats = load(settings, rec, full=True).stats  # forced through the loader: still a no-op
    assert stats is not None and (stats.inserted, stats.changed, stats.unchanged) == (0, 0, N_NEW)
    assert [s for s in warehouse_state(settings) if s[1] != "_loads"] == before


def test_a_revised_value_moves_the_old_one_to_history_and_as_of_answers(settings: Settings, tmp_path: Path) -> None:
    # A revision, made by the test: MoF's 2026/4/30 40Y of 3.743 republished as 3.744.
    revised = NEW.replace(b"3.721,3.743\r\n", b"3.721,3.744\r\n")
    assert revised != NEW
    first_dir, revised_dir = recordings(tmp_path, ("new.csv", NEW), ("revised.csv", revised))
    load(settings, first_dir)
    between = datetime.now(UTC)
    time.sleep(0.01)
    stats = load(settings, revised_dir).stats
    assert stats is not None and stats.changed == 1 and stats.inserted == 0
    latest = "SELECT yield_pct FROM raw.mof_jgb_yields WHERE date = '2026-04-30' AND tenor_years = 40"
    assert q(settings, latest) == [(3.744,)]
    hist = q(settings, "SELECT yield_pct, superseded_at > loaded_at FROM raw.mof_jgb_yields__history")
    assert hist == [(3.743, True)]
    as_of = f"raw.mof_jgb_yields_as_of(TIMESTAMPTZ '{between.isoformat()}')"
    assert q(settings, f"SELECT yield_pct FROM {as_of} WHERE date = '2026-04-30' AND tenor_years = 40") == [(3.743,)]
    assert q(settings, f"SELECT count(*) FROM {as_of}") == [(N_NEW,)]
    now = "raw.mof_jgb_yields_as_of(now())"
    assert q(settings, f"SELECT yield_pct FROM {now} WHERE date = '2026-04-30' AND tenor_years = 40") == [(3.744,)]


@pytest.mark.parametrize(
    ("mutation", "failing"),
    [
        ((b"\r\n2026/4/30,1.094,", b"\r\n2026/4/30,31.094,"), "ExpectColumnValuesToBeBetween(column=yield_pct"),
        ((b"\r\n2026/4/28,", b"\r\n2026/4/30,"), "ExpectCompoundColumnsToBeUnique"),
        ((b"\r\n2026/4/28,", b"\r\n2026/5/28,"), "ExpectColumnValuesToBeIncreasing(column=day_ordinal"),
        (
            (
                b"2026/4/30,1.094,1.402,1.556,1.753,1.903,2.03,2.153,2.283,2.396,2.52,3.078,3.402,3.686,3.721,3.743",
                b"2026/4/30,-,-,-,-,-,-,-,-,-,-,-,-,-,-,-",
            ),
            "ExpectColumnValuesToBeBetween(column=values_that_day",
        ),
    ],
    ids=["yield-out-of-range", "duplicate-date", "dates-out-of-order", "all-null-day"],
)
def test_a_payload_failing_validation_never_reaches_the_warehouse(
    settings: Settings, tmp_path: Path, mutation: tuple[bytes, bytes], failing: str
) -> None:
    bad = NEW.replace(*mutation)
    assert bad != NEW
    good_dir, bad_dir = recordings(tmp_path, ("old.csv", OLD), ("bad.csv", bad))
    load(settings, good_dir)
    before = warehouse_state(settings)
    with pytest.raises(ValidationFailed) as err:
        load(settings, bad_dir)
    assert any(f.startswith(failing) for f in err.value.failures), err.value.failures
    assert warehouse_state(settings) == before
    assert len(list((settings.quarantine_dir / "mof_jgb_yields").glob("*.reason.json"))) == 1


def test_a_history_file_shorter_than_the_last_good_one_is_rejected(settings: Settings, tmp_path: Path) -> None:
    new_dir, old_dir = recordings(tmp_path, ("new.csv", NEW), ("old.csv", OLD))
    load(settings, new_dir)
    with pytest.raises(ValidationFailed, match=r"ExpectTableRowCountToBeBetween\(min_value=198120"):
        load(settings, old_dir)
    assert q(settings, "SELECT count(*) FROM raw.mof_jgb_yields") == [(N_NEW,)]


def test_the_unpublished_current_month_file_is_skipped_offline_with_a_note(settings: Settings) -> None:
    report = run_source(mof_jgb_yields.SOURCE, settings)
    assert {p.kind for p in report.payloads} == {"history"}
    assert any("current_month" in n and "jgbcme.csv" in n for n in report.notes)


def test_history_and_current_month_together_current_wins(settings: Settings, tmp_path: Path) -> None:
    """Both files in one load: overlapping days come from the current-month payload."""
    from tests.sources.mof_jgb_yields.test_yield_parser import _current_month_file

    current = _current_month_file(2026, 4, "April")
    rec = tmp_path / "both" / "mof_jgb_yields"
    rec.mkdir(parents=True)
    import hashlib

    (rec / "old.csv").write_bytes(OLD)
    (rec / "cur.csv").write_bytes(current)
    (rec / "manifest.yaml").write_text(
        json.dumps(
            [
                {
                    "source": "mof_jgb_yields",
                    "kind": "history",
                    "url": URL,
                    "file": "old.csv",
                    "sha256": hashlib.sha256(OLD).hexdigest(),
                },
                {
                    "source": "mof_jgb_yields",
                    "kind": "current_month",
                    "url": fetch.URL_EN_CURRENT,
                    "file": "cur.csv",
                    "sha256": hashlib.sha256(current).hexdigest(),
                },
            ]
        )
    )
    report = run_source(mof_jgb_yields.SOURCE, settings, fetcher=ReplayFetcher(rec.parent))
    assert [p.kind for p in report.payloads] == ["history", "current_month"]
    cur_sha = hashlib.sha256(current).hexdigest()
    assert q(settings, f"SELECT count(*) FROM raw.mof_jgb_yields WHERE source_sha256 = '{cur_sha}'") == [(21 * 15,)]
    assert q(settings, "SELECT max(date) FROM raw.mof_jgb_yields")[0][0].isoformat() == "2026-04-30"
