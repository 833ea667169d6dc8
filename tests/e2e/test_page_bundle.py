"""The page's code comes in one script (server/bundle.py), and the page still fetches what the
bundle leaves out (a chunk missing from the list is slower, not broken)."""

from __future__ import annotations

import gzip
import http.client
import re
from urllib.parse import urlsplit

import brotli
from playwright.sync_api import Request
from voila_harness import CHUNK, Dashboard, start_server, stop_server, watched_context

from explainer import advise

BUNDLE = re.compile(r"/voila/explainer/chunks\.[0-9a-f]{16}\.js$")


def _scripts(page) -> list[str]:
    """Every script the page asks for, from now on (paths, no query)."""
    asked: list[str] = []

    def note(request: Request) -> None:
        if request.resource_type == "script":
            asked.append(urlsplit(request.url).path)

    page.on("request", note)
    return asked


def _get(url: str, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def test_the_page_fetches_one_bundle_and_no_chunk(page, server, content):
    """Using every control and view fetches the bundle once per page and none of the chunks
    it carries: a chunk fetched here is missing from server/config/chunks.txt (`make chunks`
    writes it again)."""
    asked = _scripts(page)
    Dashboard(page).tour(content, server.url)
    bundles = [path for path in asked if BUNDLE.search(path)]
    chunks = [path for path in asked if CHUNK.search(path)]
    assert len(bundles) == 3, asked  # the dashboard, the presenter view, the handout
    assert chunks == [], (
        f"chunks fetched one by one (add them to server/config/chunks.txt): {chunks}"
    )
    assert "were not found or are not chunks" not in server.log_text()


def test_the_page_runs_no_mathjax(page, server):
    """Widget text goes to the template's no-math.js, a typesetter that does nothing, instead of
    MathJax 3's 16 chunks (server/config/voila.py): no formula is ever drawn."""
    with page.expect_response(lambda r: "/static/no-math.js" in r.url) as response:
        Dashboard(page).open(server.url)
    assert response.value.status == 200
    assert page.evaluate("typeof MathJax.Hub.Queue") == "function"
    assert page.locator("mjx-container, .MathJax, .MathJax_Display").count() == 0


def test_the_bundle_is_cached_for_a_year_and_compressed(server):
    html = _get(server.url, "/", {})[2].decode()
    found = re.search(
        r'<script src="(/voila/explainer/chunks\.([0-9a-f]{16})\.js)" defer></script>', html
    )
    assert found, "the page has no deferred bundle script"
    path, version = found.groups()
    # Both deferred, so they run in this order once the page is parsed.
    assert html.index(f'<script src="{path}" defer>') < html.index(
        '<script src="/voila/static/voila.js" defer>'
    )
    # Nothing in the head fetches it: the first paint's styles come first.
    assert path not in html[: html.index("</head>")]
    status, headers, plain = _get(server.url, path, {})
    assert status == 200
    assert headers["content-type"].startswith("text/javascript")
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "content-security-policy" in headers
    assert plain.startswith(b"(function(){\n")
    status, headers, packed = _get(server.url, path, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert gzip.decompress(packed) == plain
    assert len(packed) < len(plain) / 2
    status, headers, packed = _get(server.url, path, {"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["content-encoding"] == "br"
    assert brotli.decompress(packed) == plain
    stale = path.replace(version, "0" * 16 if version != "0" * 16 else "1" * 16)
    status, headers, body = _get(server.url, stale, {})
    assert status == 404 and b"Traceback" not in body


def test_without_the_bundle_the_page_fetches_the_chunks_and_works(
    browser, content, tmp_path, watch
):
    """`--ExplainerVoila.bundle_chunks=False`: stock Voila's loading, the same dashboard."""
    running, proc = start_server(
        tmp_path / "voila.log", extra=["--ExplainerVoila.bundle_chunks=False"]
    )
    context = watched_context(browser, watch)
    try:
        page = context.new_page()
        asked = _scripts(page)
        dashboard = Dashboard(page).open(running.url)
        assert dashboard.level() == advise({}, content).second_opinion.level
        assert not [path for path in asked if BUNDLE.search(path)]
        assert len([path for path in asked if CHUNK.search(path)]) > 50
    finally:
        context.close()
        stop_server(running, proc)
    watch.check()
