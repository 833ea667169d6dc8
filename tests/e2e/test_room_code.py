"""The code for phones in the room, in a real browser: what Chromium draws is decoded as a phone
would (zxing-cpp) and gives the address the room needs; never a loopback address; axe finds
nothing; big on a projector, within the screen on a phone."""

from __future__ import annotations

import io
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Locator, Page
from test_accessibility import assert_clean
from voila_harness import (
    CHANGE_TIMEOUT_MS,
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGE_TIMEOUT_MS,
    Dashboard,
    Server,
    Watch,
    start_server,
    stop_server,
)

from explainer import Content
from explainer.links import build_query
from explainer.qr import room_link

#: The room's address, as `make serve PUBLIC_URL=...` gives it.
PUBLIC = "http://explainer.test:8866/"
#: A name the browser below resolves to this computer, as a room's name would resolve to the
#: server: the page is opened at a non-loopback address, with no PUBLIC_URL.
ROOM_HOST = "explainer.test"
PROJECTOR = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}


@pytest.fixture(scope="module")
def public_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server started as `make serve PUBLIC_URL=http://explainer.test:8866/`."""
    log = tmp_path_factory.mktemp("public") / "voila.log"
    running, proc = start_server(log, options=[f"--public-url={PUBLIC}"])
    yield running
    stop_server(running, proc)


@pytest.fixture(scope="module")
def room_browser(browser: Browser) -> Iterator[Browser]:
    """Chromium in which explainer.test is this computer (every other host still blocked),
    launched by the session's Playwright."""
    rules = f"--host-resolver-rules=MAP {ROOM_HOST} 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
    args = [a for a in CHROMIUM_ARGS if not a.startswith("--host-resolver-rules")] + [rules]
    launched = browser.browser_type.launch(executable_path=str(CHROMIUM), args=args)
    yield launched
    launched.close()


def decoded(code: Locator) -> list[str]:
    """What a phone reads from the code as the browser drew it (every code found in the shot)."""
    png = code.screenshot()
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert all(r.format == zxingcpp.BarcodeFormat.QRCode for r in results)
    return [r.text for r in results]


def code_for(page: Page, address: str) -> Locator:
    """The code once the page shows it for `address`."""
    region = page.locator(f'.room-code[data-address="{address}"]')
    region.wait_for(timeout=CHANGE_TIMEOUT_MS)
    return region.locator("svg.room-qr")


def open_presenter(page: Page, url: str) -> None:
    page.goto(url + "?view=present")
    page.locator(".presenter").wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    # Attached, not visible: at a loopback address the room's panel is hidden.
    page.locator(".room-code").wait_for(state="attached", timeout=CHANGE_TIMEOUT_MS)


def story_link(content: Content, index: int) -> str:
    return room_link(PUBLIC, build_query(dict(content.scenarios[index].answers), content))


def test_the_presenters_code_opens_the_self_check_then_the_storys_answers(
    page: Page, public_server: Server, content: Content
) -> None:
    """Blank by default; "This story's answers" encodes the story's link, and the next story's
    after Next; big enough for the back of the room (40% of a 1280 x 800 screen's height), and
    still read in a high-contrast mode."""
    page.set_viewport_size(PROJECTOR)
    open_presenter(page, public_server.url)
    code = code_for(page, PUBLIC)
    assert decoded(code) == [PUBLIC]
    box = code.bounding_box()
    assert box is not None and box["width"] >= 0.4 * PROJECTOR["height"], box
    assert box["x"] + box["width"] <= PROJECTOR["width"] and box["y"] + box["height"] <= 800, box
    page.locator(".room-opens").get_by_label(content.texts["room_opens_story"]).check()
    assert decoded(code_for(page, story_link(content, 0))) == [story_link(content, 0)]
    page.locator(".presenter-next").click()
    assert decoded(code_for(page, story_link(content, 1))) == [story_link(content, 1)]
    page.emulate_media(forced_colors="active", color_scheme="dark")
    assert decoded(code_for(page, story_link(content, 1))) == [story_link(content, 1)]


def test_the_self_checks_code_follows_the_answers(
    page: Page, public_server: Server, content: Content
) -> None:
    """Off at first; ticked, the code is the link "Copy the link" gives at the room's address,
    and it follows an answer."""
    dash = Dashboard(page).open(public_server.url)
    assert page.locator(".room-code").count() == 0
    page.locator(".room-toggle input[type=checkbox]").check()
    assert decoded(code_for(page, PUBLIC)) == [PUBLIC]
    dash.set_yes_no("rare_cancer", True)
    dash.wait_for_level("essential")
    share = page.locator("a.share-link").get_attribute("href")
    assert share == "?rare_cancer=yes"
    expected = PUBLIC + share
    assert decoded(code_for(page, expected)) == [expected]
    page.locator(".room-toggle input[type=checkbox]").uncheck()
    page.locator(".room-code").wait_for(state="detached", timeout=CHANGE_TIMEOUT_MS)


def test_the_address_the_page_was_opened_at_makes_the_code(
    room_browser: Browser, server: Server, content: Content
) -> None:
    """With no PUBLIC_URL, a page opened at a room's name (not loopback) gets a code of that
    address, read from the request by the visitor's (preheated) kernel."""
    port = urlsplit(server.url).port
    address = f"http://{ROOM_HOST}:{port}/"
    watch = Watch()
    context = room_browser.new_context(viewport=PROJECTOR)
    context.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    context.on(
        "request",
        lambda r: (
            urlsplit(r.url).hostname not in (ROOM_HOST, None)
            and watch.foreign_requests.append(r.url)
        ),
    )
    try:
        page = context.new_page()
        open_presenter(page, address)
        assert decoded(code_for(page, address)) == [address]
    finally:
        context.close()
    watch.check()


def test_a_loopback_address_gets_the_note_and_no_code(page: Page, server: Server) -> None:
    """Opened at http://127.0.0.1:<port>/ with no PUBLIC_URL: no code; the presenter shows the
    room nothing about a code (its note is set-up, not words for the room) but keeps getting
    sessions ready, the self-check the calm note."""
    open_presenter(page, server.url)
    assert page.locator(".room-code-region").is_hidden()
    assert page.locator(".room-opens").is_hidden()
    # Getting sessions ready is one box to tick away from the room's eyes.
    assert page.locator(".group-prep .group-ready").is_hidden()
    page.locator(".group-toggle input[type=checkbox]").check()
    page.locator(".group-prep .group-ready").wait_for(timeout=CHANGE_TIMEOUT_MS)
    assert page.locator(".room-qr").count() == 0
    assert page.locator(".presenter-controls").is_visible()
    Dashboard(page).open(server.url)
    page.locator(".room-toggle input[type=checkbox]").check()
    page.locator(".room-code .room-note").wait_for(timeout=CHANGE_TIMEOUT_MS)
    assert page.locator(".room-qr").count() == 0


@pytest.mark.parametrize("size", [PROJECTOR, PHONE], ids=["projector", "phone"])
def test_axe_finds_nothing_on_the_presenter_with_its_code(
    page: Page, public_server: Server, size: dict[str, int]
) -> None:
    """The presenter with its code shown passes axe's WCAG 2.1 AA rules; on a phone nothing
    scrolls sideways and the code fits the screen."""
    page.set_viewport_size(size)
    open_presenter(page, public_server.url)
    code = code_for(page, PUBLIC)
    assert_clean(page)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= size["width"]
    box = code.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= size["width"], box
