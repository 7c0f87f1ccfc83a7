"""The README's benchmark section is rendered from the one run recorded in bench/latest.json, never typed."""

from __future__ import annotations

import copy

import pytest

from bench import render


def test_the_readme_says_what_the_recorded_run_measured() -> None:
    readme = render.README.read_text(encoding="utf-8")
    assert render.rendered(readme, render.latest()) == readme


def test_a_changed_figure_changes_the_section_and_nothing_else() -> None:
    readme = render.README.read_text(encoding="utf-8")
    result = copy.deepcopy(render.latest())
    row = result["build"]["rows"][0]
    row["seconds"] += 1.0
    changed = render.rendered(readme, result)
    assert changed != readme
    before, after = readme.split(render.BEGIN)[0], readme.split(render.END)[1]
    assert changed.startswith(before) and changed.endswith(after)
    assert f"| {row['seconds']:.2f} |" in changed.split(render.BEGIN)[1]


def test_a_readme_without_the_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="no benchmark section"):
        render.rendered("# a README\n", render.latest())
