"""The Voila server's HTTP surface: headers, what it refuses to serve, and no tracebacks.

Most talk HTTP directly (no browser) to the same server the browser tests use.
"""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import nbformat
import pytest
from voila_harness import ROOT, Watch, start_server, stop_server, watched_context

CALM = "Something went wrong on our side. Please reload the page."

CSP_MUST_HAVE = (
    "default-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'self'",
)

# Paths a stranger might try. None may return a notebook, Python source, data or a listing.
PROBES = [
    "/api/kernels",
    "/api/sessions",
    "/api/contents",
    "/api/kernelspecs",
    "/api/status",
    "/voila/tree",
    "/voila/tree/",
    "/voila/render/dashboard.ipynb",
    "/voila/api/contents",
    "/voila/files/dashboard.ipynb",
    "/voila/files/../explainer/dashboard.py",
    "/voila/files/..%2fexplainer%2fdashboard.py",
    "/voila/files/../data/ui.yaml",
    "/dashboard.ipynb",
    "/tree",
    "/lab",
    "/voila/static/../app.py",
    "/voila/templates/explainer/static/../index.html.j2",
    "/voila/templates/explainer/conf.json",
    "/voila/labextensions/../../../etc/passwd",
    # Encoded, doubled and backslash forms of `..`, on every static route.
    "/static/../explainer/dashboard.py",
    "/static/..%2f..%2fexplainer%2fdashboard.py",
    "/voila/files/%2e%2e/explainer/dashboard.py",
    "/voila/files/%2e%2e%2fdata%2fui.yaml",
    "/voila/files/..%5cdata%5cui.yaml",
    "/voila/files/..%252f..%252fdata%252fui.yaml",
    "/voila/files/notebooks/dashboard.ipynb",
    "/voila/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/voila/static/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/voila/templates/explainer/index.html.j2",
    "/voila/templates/explainer/static/..%2f..%2f..%2f..%2f..%2fexplainer%2fdashboard.py",
    "/voila/api/themes/..%2f..%2f..%2f..%2fexplainer%2fdashboard.py",
    "/voila/labextensions/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/voila/render/../../data/ui.yaml",
    "/api/kernels/../../explainer/dashboard.py",
    "/healthz/../explainer/dashboard.py",
    "/notebooks/dashboard.ipynb",
    "/requirements.txt",
    "/server/config/voila.py",
    "/.git/config",
]

# Words that would only appear if source code, content data or a traceback leaked.
LEAKS = (
    "build_app",
    "import ",
    "Traceback",
    "def ",
    "criteria:",
    '"cells"',
    "root:x:0:0",
    "voila==",
    "[core]",
    "{%",
    "get_config()",
)


# What Voila's and Jupyter's own error pages show, and none of ours may.
STOCK_ERROR_WORDS = ("Voil", "Jupyter", "cdn.jsdelivr.net", "font-awesome", "Internal Server Error")


def get(url: str, path: str, method: str = "GET") -> tuple[int, dict[str, str], str]:
    """GET (or another method) a path exactly as written (no normalising of `..`)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        return response.status, dict(response.getheaders()), body
    finally:
        conn.close()


def test_page_carries_a_strict_content_security_policy(server):
    """The page may load scripts, styles and connections only from its own origin."""
    status, headers, _ = get(server.url, "/")
    assert status == 200
    csp = headers.get("Content-Security-Policy", "")
    missing = [rule for rule in CSP_MUST_HAVE if rule not in csp]
    assert not missing, f"CSP {csp!r} lacks {missing}"
    assert "unsafe-eval" not in csp
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy") == "no-referrer"


def test_page_html_has_no_code_and_no_cdn(server):
    """The served HTML holds no notebook source and names no other host."""
    _, _, body = get(server.url, "/")
    assert "build_app" not in body
    for host in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "unpkg.com", "fonts.googleapis"):
        assert host not in body
    # In the default language until the page's script reads the link's (static/explainer.js).
    assert '<html lang="en" data-languages="en es">' in body
    assert "<title>Second opinion explainer</title>" in body


@pytest.mark.parametrize("path", PROBES)
def test_server_does_not_expose_files_or_apis(server, path):
    """Jupyter APIs, file listings and project files are not served."""
    status, headers, body = get(server.url, path)
    assert status in (302, 400, 403, 404, 405, 500), f"{path} answered {status}"
    leaked = [word for word in LEAKS if word in body]
    assert not leaked, f"{path} leaked {leaked}"
    if status == 302:  # a redirect leads nowhere either
        target = urlsplit(headers["Location"])
        status, _, body = get(
            server.url, target.path + (f"?{target.query}" if target.query else "")
        )
        assert status in (302, 400, 403, 404), f"{path} -> {target.path} answered {status}"
        assert not [word for word in LEAKS if word in body], f"{path} -> {target.path} leaked"


def assert_calm_error_page(body: str, heading: str) -> None:
    assert '<html lang="en">' in body
    assert f"<h1>{heading}</h1>" in body, body[:400]
    assert 'href="/">Open the second opinion explainer</a>' in body
    shown = [word for word in STOCK_ERROR_WORDS if word in body]
    assert not shown, f"the error page shows {shown}"


@pytest.mark.parametrize(
    ("method", "path", "status", "heading"),
    [
        ("GET", "/no-such-page", 404, "We could not find this page"),
        ("GET", "/voila/static/no-such-script.js", 403, "This page is not available"),
        (
            "GET",
            "/voila/templates/explainer/static/no-such.css",
            404,
            "We could not find this page",
        ),
        ("POST", "/", 403, "This page is not available"),
        ("DELETE", "/healthz", 403, "This page is not available"),
        ("POST", "/metrics", 403, "This page is not available"),
        ("PUT", "/voila/static/voila.js", 405, "This page is not available"),
    ],
)
def test_error_pages_are_calm(server, method, path, status, heading):
    """A mistyped or hand-made address gets the explainer's calm page and a way back (after
    Voila's redirect of unknown paths to its empty file route)."""
    got, headers, body = get(server.url, path, method)
    if got == 302:
        got, headers, body = get(server.url, urlsplit(headers["Location"]).path)
    assert got == status
    assert headers["Content-Type"].startswith("text/html")
    assert_calm_error_page(body, heading)


def test_a_broken_notebook_file_gets_the_calm_page_and_the_log_the_detail(tmp_path):
    """A fault while making the page (the notebook file broken after the server started; without
    preheated kernels it is read for each page) is the calm page; the detail is in the log only."""
    notebook = one_cell_notebook(tmp_path / "soon_broken.ipynb", "print('fine')")
    running, proc = start_server(
        tmp_path / "voila.log",
        notebook=notebook,
        extra=["--VoilaConfiguration.preheat_kernel=False"],
    )
    try:
        notebook.write_text('{"cells": [ "detail for the log only"')
        status, _, body = get(running.url, "/")
        assert status == 400  # Jupyter's contents manager: "Unreadable Notebook"
        assert_calm_error_page(body, "This page is not available")
        assert "detail for the log only" not in body and "Unreadable" not in body
        assert "Unreadable Notebook" in running.log_text()
    finally:
        stop_server(running, proc)


def test_config_and_template_live_in_the_repository():
    """The settings the launcher uses are files in the repository, not only a command line."""
    assert (ROOT / "server" / "config" / "voila.py").is_file()
    assert (ROOT / "server" / "jupyter" / "nbconvert" / "templates" / "explainer").is_dir()


def one_cell_notebook(path, source: str):
    """A Python notebook of one code cell, written to `path`."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def test_a_widget_that_cannot_be_drawn_gives_the_calm_message(browser, tmp_path):
    """When the widget manager cannot draw the dashboard (it once wrote "Error displaying widget:
    model not found" when 20 visitors came at once), the visitor reads the calm sentence."""
    view = {"model_id": "0123456789abcdef", "version_major": 2, "version_minor": 0}
    notebook = one_cell_notebook(
        tmp_path / "no_model.ipynb",
        "from IPython.display import display\n"
        f"display({{'application/vnd.jupyter.widget-view+json': {view!r}}}, raw=True)",
    )
    running, proc = start_server(tmp_path / "voila.log", notebook=notebook)
    context = watched_context(browser, Watch())
    try:
        page = context.new_page()
        page.goto(running.url)
        page.get_by_role("alert").filter(has_text=CALM).first.wait_for()
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-OutputArea-output')]"
            ".some(o => o.textContent.includes('Error displaying widget'))"
        )
        assert "Error displaying widget" not in page.locator("body").inner_text()
        assert page.locator("#loading").is_hidden()
    finally:
        context.close()
        stop_server(running, proc)


def test_a_failing_notebook_shows_a_calm_message_not_a_traceback(browser, tmp_path):
    """If the notebook raises, the visitor reads one calm sentence; the log keeps the detail."""
    notebook = one_cell_notebook(
        tmp_path / "broken.ipynb", "raise RuntimeError('detail for the log only')"
    )
    broken, proc = start_server(tmp_path / "voila.log", notebook=notebook)
    watch = Watch()
    context = watched_context(browser, watch)
    try:
        page = context.new_page()
        page.goto(broken.url)
        page.get_by_role("alert").filter(has_text=CALM).first.wait_for()
        text = page.locator("body").inner_text()
        assert "detail for the log only" not in text
        assert "Traceback" not in text and "RuntimeError" not in text
        assert "detail for the log only" in broken.log_text()
    finally:
        context.close()
        stop_server(broken, proc)
