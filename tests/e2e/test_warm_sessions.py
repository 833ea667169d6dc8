"""Warm kernels on a real server (server/warm.py): a group kept warm from the start
(`make serve GROUP=N`), asked for and released through `POST /explainer/group` with the
launcher's secret only, never past the session cap, and a visitor served from them."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext
from voila_harness import (
    CHANGE_TIMEOUT_MS,
    PAGE_TIMEOUT_MS,
    Server,
    start_server,
    stop_server,
)

from explainer import Content, group

POOL = 2  # the ordinary pool (server/config/voila.py)
SECRET = "a-secret-for-this-test-only-0123456789"
WARM_WITHIN_S = 120  # kernels start two at a time on this 2-core machine


def count_within(server: Server, wanted: int, limit_s: float) -> int:
    """Wait until the server runs `wanted` kernels; the count when it did or time ran out."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        count = len(server.kernel_pids())
        if count == wanted:
            time.sleep(1.5)  # and stays there: no more are starting
            if len(server.kernel_pids()) == wanted:
                return wanted
        time.sleep(0.5)
    return len(server.kernel_pids())


def ask(server: Server, body: bytes, secret: str | None) -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {secret}"} if secret is not None else {}
    request = urllib.request.Request(
        server.url + group.PATH, data=body, method="POST", headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@pytest.fixture(scope="module")
def grouped(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch
) -> Iterator[Server]:
    """A server started as `make serve GROUP=3` (the secret fixed so the test can ask too), its
    extra kernels released after 5 idle seconds instead of 5 minutes."""
    monkeypatch_module.setenv(group.TOKEN, SECRET)
    log = tmp_path_factory.mktemp("warm") / "voila.log"
    idle = ["--VisitorKernelManager.idle_release=5"]
    running, proc = start_server(log, options=["--group=3"], extra=idle)
    yield running
    stop_server(running, proc)


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_a_group_given_at_start_is_warm_besides_the_pool(grouped: Server) -> None:
    """GROUP=3: three kernels warm besides the ordinary two, started without any visitor."""
    assert count_within(grouped, POOL + 3, WARM_WITHIN_S) == POOL + 3


def test_the_group_request_needs_the_launchers_secret(grouped: Server) -> None:
    """Without the secret, or with a wrong one: refused (a calm page, no kernel started)."""
    before = len(grouped.kernel_pids())
    for secret in (None, "", "wrong"):
        status, body = ask(grouped, b'{"size": 50}', secret)
        assert status == 403
        assert "Traceback" not in body
    assert len(grouped.kernel_pids()) <= before


@pytest.mark.parametrize("body", [b"", b"{", b'{"size": "ten"}', b'{"size": -1}', b"[10]"])
def test_a_malformed_group_request_is_refused(grouped: Server, body: bytes) -> None:
    """A body that is not {"size": 0..MAX_GROUP} is a 400, never a traceback."""
    status, text = ask(grouped, body, SECRET)
    assert status == 400
    assert "Traceback" not in text


def test_lowering_the_group_releases_its_kernels_and_a_visitor_still_gets_one(
    grouped: Server,
) -> None:
    """The group set to 0: back to the ordinary pool once idle (5 s here); then a page is served
    from a warm kernel."""
    count_within(grouped, POOL + 3, WARM_WITHIN_S)
    status, body = ask(grouped, b'{"size": 0}', SECRET)
    assert status == 200
    assert json.loads(body)["warming"] == 0
    assert count_within(grouped, POOL, 30) == POOL
    started = time.monotonic()
    with urllib.request.urlopen(grouped.url, timeout=60) as response:
        page = response.read().decode()
    assert "application/vnd.jupyter.widget-view+json" in page
    assert "Using pre-heated kernel" in grouped.log_text()
    print(f"page from a warm kernel in {time.monotonic() - started:.1f} s")
    close_page(grouped, page)


def close_page(server: Server, page: str) -> None:
    """End the page's kernel as a closing page does (the shutdown request, double-submit _xsrf)."""
    found = re.search(r'"kernelId": "([0-9a-f-]{36})"', page)
    assert found, "no kernel id in the page"
    token = "warm-test-xsrf"
    request = urllib.request.Request(
        f"{server.url}voila/api/shutdown/{found.group(1)}",
        data=f"_xsrf={token}".encode(),
        method="POST",
        headers={"Cookie": f"_xsrf={token}"},
    )
    urllib.request.urlopen(request, timeout=10).close()
    deadline = time.monotonic() + 20
    while found.group(1) in server.kernel_pids() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert found.group(1) not in server.kernel_pids()


def test_the_group_never_passes_the_session_cap(tmp_path: Path) -> None:
    """A group of 10 on a server capped at 3 sessions: the pool and 3 kernels, never more, and
    none started only to be released (kernels still starting are not counted as visitors)."""
    running, proc = start_server(tmp_path / "voila.log", options=["--group=10", "--max-sessions=3"])
    try:
        counts = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            counts.append(len(running.kernel_pids()))
            time.sleep(0.3)
        assert max(counts) <= POOL + 3
        assert count_within(running, POOL + 3, WARM_WITHIN_S) == POOL + 3
        log = running.log_text()
        assert "Releasing warm kernel" not in log
        assert "Traceback" not in log
    finally:
        stop_server(running, proc)


def test_the_presenters_button_gets_a_group_ready_through_its_kernel(
    grouped: Server, context: BrowserContext, content: Content
) -> None:
    """On the presenter view, "Expecting a group of about 5" and the button: the presenter's
    kernel asks the server with the launcher's secret, the page says so, and the server keeps
    five warm besides the pool (and the presenter's own kernel)."""
    page = context.new_page()
    page.goto(grouped.url + "?view=present", timeout=PAGE_TIMEOUT_MS)
    toggle = page.get_by_label(content.texts["group_heading"])
    toggle.wait_for(timeout=PAGE_TIMEOUT_MS)
    toggle.check()
    size = page.get_by_label(content.texts["group_size"])
    size.wait_for(timeout=PAGE_TIMEOUT_MS)
    size.select_option("5")
    page.get_by_role("button", name=content.texts["group_button"]).click()
    expected = content.texts["group_warming"].format(count=5)
    page.get_by_role("status").filter(has_text=expected).wait_for(timeout=CHANGE_TIMEOUT_MS)
    assert count_within(grouped, 1 + POOL + 5, WARM_WITHIN_S) == 1 + POOL + 5


def test_a_groups_unused_kernels_are_released_after_the_set_time(tmp_path: Path) -> None:
    """GROUP=3 with the time set to 60 s (30 minutes by default): warm, then back to the pool,
    the three released (idle 5 s here, 5 minutes by default)."""
    running, proc = start_server(
        tmp_path / "voila.log",
        options=["--group=3"],
        extra=["--VisitorKernelManager.group_ttl=60", "--VisitorKernelManager.idle_release=5"],
    )
    try:
        assert count_within(running, POOL + 3, 55) == POOL + 3
        assert count_within(running, POOL, 90) == POOL
        assert running.log_text().count("Releasing warm kernel") == 3
    finally:
        stop_server(running, proc)
