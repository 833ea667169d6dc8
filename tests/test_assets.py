"""server/assets.py: which encoding a browser gets, which addresses are cached for good, files
compressed once (and again only when they change), and the page's files found from its template.
The served responses themselves are checked in a browser: tests/e2e/test_phone_load.py."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli
import pytest

from server import assets, upstream
from server.voila_app import TEMPLATE


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0", None),
        ("identity", None),
        ("", None),
        ("*", "br"),
        ("br;q=nonsense, gzip", "gzip"),
        (" GZIP ", "gzip"),
    ],
)
def test_the_encoding_is_the_best_the_browser_accepts(header, expected):
    assert assets.accepted(header) == expected


@pytest.mark.parametrize(
    ("path", "query", "hashed"),
    [
        ("/voila/templates/explainer/static/dashboard.css", {"v": [b"abc"]}, True),
        ("/voila/labextensions/@w/m/static/remoteEntry.c8c9eed2cdefdeac.js", {}, True),
        ("/voila/explainer/chunks.41cf00061b8ef515.js", {}, True),
        ("/voila/static/voila.js", {}, False),
        ("/voila/templates/base/static/7155.voila.js", {}, False),
        ("/voila/static/cafe.js", {}, False),
    ],
)
def test_only_an_address_with_the_files_hash_is_cached_for_good(path, query, hashed):
    assert assets.is_hashed(path, query) is hashed


def test_a_file_is_compressed_once_and_again_when_it_changes(tmp_path, monkeypatch):
    script = tmp_path / "page.js"
    script.write_text("var advice = 'the article says';\n" * 200)
    calls = []
    real = assets._compress
    monkeypatch.setattr(assets, "_compress", lambda p: calls.append(p) or real(p))
    first = assets.encoded(str(script))
    assert first is not None
    assert brotli.decompress(first.br) == script.read_bytes()
    assert gzip.decompress(first.gzip) == script.read_bytes()
    assert len(first.br) < first.size / 10
    assert assets.encoded(str(script)) is first and len(calls) == 1
    script.write_text("var advice = 'cancer experts advise';\n" * 300)
    os.utime(script, ns=(first.mtime_ns + 10**9, first.mtime_ns + 10**9))
    second = assets.encoded(str(script))
    assert second is not None and second is not first and len(calls) == 2
    assert brotli.decompress(second.br) == script.read_bytes()


def test_small_binary_or_missing_files_are_not_compressed(tmp_path):
    small = tmp_path / "tiny.css"
    small.write_text("a{}")
    font = tmp_path / "font.woff2"
    font.write_bytes(os.urandom(5000))
    assert assets.encoded(str(small)) is None
    assert assets.encoded(str(font)) is None
    assert assets.encoded(str(tmp_path / "gone.js")) is None


def test_the_page_files_are_found_from_the_template(monkeypatch):
    """What the server compresses when it starts: the template's own static files (the widget
    front end among them, once built) and the files it names from the templates it extends."""
    from voila.paths import collect_static_paths

    named = assets.template_assets(TEMPLATE)
    assert {"theme-light.css", "widgets.js", "widgets.css", "explainer.css"} <= set(named)
    own = TEMPLATE.parent / "static"
    monkeypatch.setenv("JUPYTER_PATH", str(TEMPLATE.parents[3]))
    roots = collect_static_paths(["voila", "nbconvert"], "explainer")
    files = assets.page_files(TEMPLATE, roots)
    names = {p.name for p in files}
    assert {p.name for p in own.iterdir()} <= names
    assert {"theme-light.css", "widgets.js", "widgets.css"} <= names
    assert all(Path(p).is_file() for p in files)
    count, size, packed = assets.warm(files)
    assert count >= 8 and packed < size / 3


def test_the_start_check_knows_tornados_static_get(monkeypatch):
    """server/assets.py repeats the first steps of tornado's StaticFileHandler.get: the start
    check passes on the pinned tornado, and names the change when they are not found."""
    assert list(upstream._check_static_get()) == []
    monkeypatch.setattr(upstream, "_STATIC_GET_START", ("self.path = self.renamed(path)",))
    (found,) = upstream._check_static_get()
    assert "StaticFileHandler.get" in found
