"""tests/shared_sources.py: the article's folder comes from EXPLAINER_SHARED; where it is absent
the content tests are skipped with the reason, and under CI=true they fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_sources import ARTICLE, GUIDANCE, ROUTES, SETTING, find


def test_the_setting_names_the_folder(tmp_path: Path) -> None:
    for name in (ARTICLE, GUIDANCE, ROUTES):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("text")
    found = find({SETTING: str(tmp_path)})
    assert found.article == tmp_path / ARTICLE and found.routes == tmp_path / ROUTES


def test_absent_it_is_a_skip_naming_the_setting(tmp_path: Path) -> None:
    with pytest.raises(pytest.skip.Exception, match=f"set {SETTING} to the folder"):
        find({SETTING: str(tmp_path / "nowhere")})


def test_absent_under_ci_it_is_a_failure(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="CI=true: they must be present"):
        find({SETTING: str(tmp_path / "nowhere"), "CI": "true"})
