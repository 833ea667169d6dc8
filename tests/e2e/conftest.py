"""Fixtures for the browser tests: a real Voila server started by server/launch.py (exactly as
`make serve` starts it), headless Debian Chromium, and the dashboard helper (voila_harness.py).

Every page fails its test if it logs a console error or asks any host but 127.0.0.1 for anything
(such requests are blocked, not sent).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from voila_harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Dashboard,
    Server,
    Watch,
    start_server,
    stop_server,
    watched_context,
)

from explainer import Content, default_content


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark everything under tests/e2e as a browser test (`pytest -m "not browser"` skips them)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


# -- The server and the browser ---------------------------------------------------------------


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One Voila server for the session, started as `make serve` starts it."""
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    running, proc = start_server(log)
    yield running
    stop_server(running, proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium (never a downloaded one). Missing Chromium fails the tests."""
    if not CHROMIUM.exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: `apt-get install -y chromium` (see .ci/run)")
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def context(browser: Browser, watch: Watch) -> Iterator[BrowserContext]:
    ctx = watched_context(browser, watch)
    yield ctx
    ctx.close()
    watch.check()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


# -- The dashboard -------------------------------------------------------------------------------


@pytest.fixture
def open_dashboard(page: Page, server: Server) -> Callable[[str], Dashboard]:
    """Open the dashboard at the server's address plus `suffix` (e.g. a query) and wait for it."""
    return lambda suffix="": Dashboard(page).open(server.url + suffix)


@pytest.fixture
def dashboard(open_dashboard: Callable[[str], Dashboard]) -> Dashboard:
    """The dashboard, open and drawn, in a watched page."""
    return open_dashboard("")


# -- The content the dashboard shows (loaded by the package, from the same data files) ---------


@pytest.fixture(scope="session")
def content() -> Content:
    return default_content()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that takes `scenario` runs once per patient story, named by its id."""
    if "scenario" in metafunc.fixturenames:
        stories = default_content().scenarios
        metafunc.parametrize("scenario", stories, ids=[s.id for s in stories])
