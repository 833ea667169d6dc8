"""server/bundle.py: which chunks go into the page's one script, and which are left to the page."""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

import brotli
import pytest

from server import bundle

ROOT = Path(__file__).resolve().parents[1]

CORE = b"(self.webpackChunk_JUPYTERLAB_CORE_OUTPUT=self.webpackChunk_JUPYTERLAB_CORE_OUTPUT||[]).push([[1],{}]);"
STRICT = b'/*! license */\n"use strict";(self["webpackChunk_x"]=self["webpackChunk_x"]||[]).push([[2],{}]);'
RSPACK = b"(self.rspackChunk_jupyter_widgets_jupyterlab_manager=[]).push([[7],{}]);"


@pytest.fixture
def roots(tmp_path: Path) -> tuple[list[str], list[str]]:
    """A Voila static folder and a lab-extensions folder holding a few chunks and one non-chunk."""
    static, labext = tmp_path / "static", tmp_path / "labextensions"
    (labext / "@w" / "manager" / "static").mkdir(parents=True)
    static.mkdir()
    (static / "1.voila.js").write_bytes(CORE)
    (static / "2.voila.js").write_bytes(STRICT)
    (static / "voila.js").write_bytes(b"(()=>{var e={};window.main=1})();")
    (labext / "@w" / "manager" / "static" / "7.abc.js").write_bytes(RSPACK)
    (tmp_path / "secret.js").write_bytes(CORE)
    return [str(static)], [str(labext)]


def test_listed_chunks_are_bundled_each_in_its_own_function(roots):
    made = bundle.build(
        ["static/1.voila.js", "static/2.voila.js", "labextensions/@w/manager/static/7.abc.js"],
        *roots,
    )
    assert made is not None
    assert made.included == (
        "static/1.voila.js",
        "static/2.voila.js",
        "labextensions/@w/manager/static/7.abc.js",
    )
    assert made.left_out == ()
    # A chunk's "use strict" must stay at the start of a function body to keep meaning strict.
    assert b'(function(){\n/*! license */\n"use strict";' in made.body
    assert made.body.count(b"(function(){\n") == 3
    assert made.body.count(b"\n})();\n") == 3
    assert gzip.decompress(made.gzipped) == made.body
    assert brotli.decompress(made.brotli) == made.body


def test_a_missing_file_or_a_non_chunk_is_left_to_the_page_with_a_warning(roots, caplog):
    with caplog.at_level(logging.WARNING, logger=bundle.__name__):
        made = bundle.build(
            ["static/1.voila.js", "static/gone.voila.js", "static/voila.js"], *roots
        )
    assert made is not None
    assert made.included == ("static/1.voila.js",)
    assert made.left_out == ("static/gone.voila.js", "static/voila.js")
    assert b"window.main" not in made.body
    assert "static/gone.voila.js, static/voila.js" in caplog.text


def test_no_chunk_found_means_no_bundle(roots):
    assert bundle.build(["static/gone.voila.js"], *roots) is None


def test_a_name_cannot_reach_outside_its_folder(roots):
    assert bundle.build(["static/../secret.js"], *roots) is None


def test_the_address_changes_with_the_content(roots, tmp_path):
    first = bundle.build(["static/1.voila.js"], *roots)
    again = bundle.build(["static/1.voila.js"], *roots)
    (tmp_path / "static" / "1.voila.js").write_bytes(CORE.replace(b"[[1]", b"[[3]"))
    changed = bundle.build(["static/1.voila.js"], *roots)
    assert first and again and changed
    assert first.version == again.version != changed.version
    assert first.path() == f"voila/explainer/chunks.{first.version}.js"


def test_the_chunk_list_skips_comments_and_refuses_what_is_not_a_chunk_path(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("# a comment\n\nstatic/1.voila.js\n  labextensions/@w/m/static/7.js  \n")
    assert bundle.read_chunk_list(good) == ["static/1.voila.js", "labextensions/@w/m/static/7.js"]
    for line in ("files/notebook.ipynb", "static/../../etc/passwd", "static/1.js?v=1"):
        bad = tmp_path / "bad.txt"
        bad.write_text(f"static/1.voila.js\n{line}\n")
        with pytest.raises(ValueError, match=r"bad\.txt, line 2: .* is not a chunk path"):
            bundle.read_chunk_list(bad)


def test_the_committed_list_names_only_chunks_of_the_installed_voila():
    """Every line of server/config/chunks.txt is a chunk the pinned Voila and widget managers
    ship (after an upgrade, `make chunks` writes the list again)."""
    from voila.paths import collect_static_paths
    from voila.utils import get_voila_labextensions_path

    static = collect_static_paths(["voila", "nbconvert"], "lab")
    names = bundle.read_chunk_list()
    made = bundle.build(names, static, get_voila_labextensions_path())
    assert made is not None
    assert made.left_out == ()
    assert len(made.included) == len(names) > 50
    assert made.patched == tuple(patch.name for patch in bundle.PATCHES)
    assert made.not_patched == ()
    assert b'"Control comm did not respond in time"),6e4)' in made.body
    assert b"for(;Date.now()-o<6e4;)" in made.body


def test_the_script_tag_is_empty_without_a_bundle(monkeypatch, roots):
    monkeypatch.setattr(bundle, "current", None)
    assert bundle.script_tag("/base/") == ""
    made = bundle.build(["static/1.voila.js"], *roots)
    monkeypatch.setattr(bundle, "current", made)
    # Deferred, like voila.js after it: neither holds up the first paint.
    assert bundle.script_tag("/base/") == f'<script src="/base/{made.path()}" defer></script>'


def test_a_patch_is_found_by_its_content_once_or_not_applied(roots, caplog):
    """A patch names no file: it changes the one place its code is found among the chunks.
    Found nowhere, or more than once, nothing changes and the bundle says which patch."""
    fix = bundle.Patch("nine", rb"(\[\[)1(\])", rb"\g<1>9\g<2>", "an example upstream bug")
    made = bundle.build(["static/2.voila.js", "static/1.voila.js"], *roots, patches=[fix])
    assert made is not None and made.patched == ("nine",) and made.not_patched == ()
    assert b".push([[9],{}])" in made.body and b".push([[1],{}])" not in made.body
    # Code that moved in an upgrade: nothing changes, and the log and the bundle say so.
    moved = bundle.Patch("gone", rb"setTimeout\(", b"", "an example upstream bug")
    twice = bundle.Patch("twice", rb"\.push\(", b".push(", "an example upstream bug")
    with caplog.at_level(logging.WARNING, logger=bundle.__name__):
        made = bundle.build(
            ["static/1.voila.js", "static/2.voila.js"], *roots, patches=[moved, twice]
        )
    assert made is not None and made.patched == ()
    assert made.not_patched == (
        "gone (the code to change was found 0 times, not once)",
        "twice (the code to change was found 2 times, not once)",
    )
    assert (
        made.body == b"(function(){\n" + CORE + b"\n})();\n(function(){\n" + STRICT + b"\n})();\n"
    )
    assert "found 0 times" in caplog.text and "an example upstream bug" in caplog.text
