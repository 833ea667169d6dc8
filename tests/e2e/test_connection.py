"""The page never shows advice that no longer matches its answers (issue 14).

Each test loses the page's kernel as a visitor would meet it (a crash, a network drop, a server
restart, a session culled while the phone slept) and requires:

- the calm notice (`.connection-lost`, role="alert") within NOTICE_WITHIN_S, the advice marked
  out of date with words, the controls disabled, and no ipywidgets error text or broken-link icon;
- a "Reload with my answers" link, built in the browser, that opens a new session with the
  answers on screen (the presenter's story, the handout's answers);
- at no moment (checked in the page before every frame is painted) a control next to advice
  made for other answers, unless that advice is marked out of date.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, WebSocketRoute
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from voila_harness import (
    PAGE_TIMEOUT_MS,
    Dashboard,
    DroppableNetwork,
    Server,
    Watch,
    start_server,
    stop_server,
    watched_context,
)

from explainer import Content, advise, default_content
from explainer.links import build_query, parse_query

NOTICE_WITHIN_S = 5
#: How long the page waits for the advice to follow a change before it calls the page lost
#: (connection.js UPDATE_TIMEOUT_MS), with a margin.
UPDATE_TIMEOUT_S = 4
#: What Chromium itself logs when a connection fails: expected here, and nothing else is.
NETWORK_ERRORS = re.compile(
    r"^(WebSocket connection to 'ws://127\.0\.0\.1:\d+/api/kernels/[^']+' failed: "
    r"(?!Error during WebSocket handshake: Unexpected response code)"
    r"|Failed to load resource: net::ERR_)"
)
#: A kernel websocket the server refused: Chromium logs it twice, once as this line...
SOCKET_REFUSED = re.compile(
    r"^WebSocket connection to 'ws://127\.0\.0\.1:\d+/api/kernels/([^/']+)/channels[^']*' "
    r"failed: Error during WebSocket handshake: Unexpected response code: 404$"
)
#: ... and once as this one, which it also logs for an HTTP 404 (with a "response" event).
NOT_FOUND = re.compile(r"^Failed to load resource: the server responded with a status of 404")
#: A kernel that is gone lets the page try to reconnect with growing pauses (Jupyter's
#: client: up to 1, 3, 7, 15 s...); a short drop is over well within this.
RECONNECT_WITHIN_S = 60

#: In the page, before each frame is painted: the answers the controls show against the
#: answers each thing the kernel made was made for (the advice, the headline bar, the share
#: links: their data-answers). Records every frame in which one differs and is not marked out
#: of date.
MONITOR = """(key) => {
  window.__frames = 0;
  window.__noticeFrames = 0;
  window.__violations = [];
  const onScreen = (root) => {
    const pairs = [];
    for (const c of key) {
      const el = root.querySelector('.criterion-' + c.id);
      if (!el) return null;
      let value;
      if (c.kind === 'yes_no') {
        value = el.querySelector('input[type=checkbox]').checked ? 'yes' : 'no';
      } else {
        const radios = [...el.querySelectorAll('input[type=radio]')];
        value = c.options[radios.findIndex((r) => r.checked)];
      }
      if (value !== c.default) pairs.push(c.id + '=' + value);
    }
    return pairs.join('&');
  };
  const frame = () => {
    const root = document.getElementById('rendered_cells');
    const made = root ? [...root.querySelectorAll('[data-answers]')] : [];
    const answers = root && onScreen(root);
    if (made.length && answers !== null) {
      window.__frames += 1;
      const notice = document.querySelector('.connection-lost');
      if (notice && notice.firstChild) window.__noticeFrames += 1;
      for (const el of made) {
        if (answers !== el.getAttribute('data-answers') && !el.hasAttribute('data-stale')) {
          window.__violations.push(
            {what: el.className, onScreen: answers, madeFor: el.getAttribute('data-answers')});
        }
      }
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}"""


def answer_key(content: Content) -> list[dict[str, object]]:
    return [
        {
            "id": c.id,
            "kind": c.kind,
            "default": ("yes" if c.default else "no") if c.kind == "yes_no" else c.default,
            "options": [o.id for o in c.options],
        }
        for c in content.criteria
    ]


def watch_frames(page: Page, content: Content) -> None:
    page.evaluate(MONITOR, answer_key(content))


def frames_checked(page: Page) -> tuple[int, list[object]]:
    return page.evaluate("[window.__frames, window.__violations]")


def assert_never_mismatched(page: Page) -> None:
    frames, violations = frames_checked(page)
    assert frames > 10, "the page was watched for too few frames"
    assert not violations, f"controls next to advice for other answers: {violations[:3]}"


@dataclass
class Lossy:
    """Pages that may log Chromium's own connection errors, and two kinds of refusal a test can
    expect, each 404 accounted for:

    - a page leaving a server that no longer knows its kernel asks that server to end it
      (Voila's shutdown beacon) and gets a 404;
    - a page whose kernel is gone (culled, or a server restarted) tries its websocket again and
      is refused with a 404, for the kernels a test names in `gone`.
    """

    watch: Watch = field(default_factory=Watch)
    contexts: list[BrowserContext] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    gone: set[str] = field(default_factory=set)

    def check(self) -> None:
        errors = [e for e in self.watch.console_errors if not NETWORK_ERRORS.match(e)]
        sockets = [m.group(1) for m in map(SOCKET_REFUSED.match, errors) if m]
        assert set(sockets) <= self.gone, f"websockets refused for live kernels: {sockets}"
        assert all(p.startswith("/voila/api/shutdown/") for p in self.refused), self.refused
        not_found = [e for e in errors if NOT_FOUND.match(e)]
        assert len(not_found) <= len(sockets) + len(self.refused), (
            f"404s with no cause: {not_found}, refused: {self.refused}, sockets: {sockets}"
        )
        self.watch.console_errors[:] = [
            e for e in errors if not (SOCKET_REFUSED.match(e) or NOT_FOUND.match(e))
        ]
        self.watch.check()


@pytest.fixture
def lossy() -> Iterator[Lossy]:
    lossy = Lossy()
    yield lossy
    for context in lossy.contexts:
        context.close()
    lossy.check()


@pytest.fixture
def page(browser: Browser, lossy: Lossy) -> Page:
    context = watched_context(browser, lossy.watch)
    lossy.contexts.append(context)
    context.on("response", lambda r: r.status >= 400 and lossy.refused.append(urlsplit(r.url).path))
    return context.new_page()


def open_watched(page: Page, url: str, content: Content) -> tuple[Dashboard, list[str]]:
    """Open a view, note the page's kernel websocket addresses, and watch every frame."""
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(url)
    page.locator(".explainer-app").first.wait_for(timeout=PAGE_TIMEOUT_MS)
    watch_frames(page, content)
    return Dashboard(page), sockets


def kernel_of(sockets: list[str]) -> str:
    """The page's kernel id, read from its kernel websocket address."""
    ids = {re.search(r"/api/kernels/([^/]+)/channels", url).group(1) for url in sockets}  # type: ignore[union-attr]
    assert len(ids) == 1, f"one kernel per page, got {ids}"
    return ids.pop()


def kill_kernel(server: Server, kernel_id: str) -> None:
    """End the kernel as an out-of-memory kill or a crash would."""
    os.kill(server.kernel_pids()[kernel_id], signal.SIGKILL)


def click_if_enabled(dashboard: Dashboard, criterion_id: str) -> None:
    """A visitor's click; once the page has held the controls, it does nothing."""
    with contextlib.suppress(PlaywrightTimeout):
        dashboard.yes_no_input(criterion_id).click(timeout=1500)


def wait_for_notice(page: Page, within_s: float) -> float:
    """Seconds until the notice shows; fails after `within_s`."""
    start = time.monotonic()
    page.locator(".connection-lost").wait_for(state="visible", timeout=within_s * 1000)
    return time.monotonic() - start


def assert_lost_calmly(page: Page, content: Content, has_advice: bool = True) -> None:
    notice = page.locator(".connection-lost")
    assert notice.get_attribute("role") == "alert"
    assert content.texts["connection_lost"] in notice.inner_text()
    assert notice.get_by_role("link", name=content.texts["reload_with_answers"]).is_visible()
    if has_advice:
        advice = page.locator(".advice-region .advice")
        assert advice.get_attribute("data-stale") == "lost"
        assert advice.locator(".stale-note").inner_text() == content.texts["advice_out_of_date"]
        page.wait_for_function(  # dimmed, not hidden
            "() => +getComputedStyle(document.querySelector("
            "'.advice-region .advice .main-message')).opacity < 0.5"
        )
    controls = page.locator(".explainer-app input, .explainer-app button:not(.print-plan)")
    enabled = [i for i in range(controls.count()) if controls.nth(i).is_enabled()]
    assert not enabled, f"{len(enabled)} controls still work with no kernel behind them"
    text = page.locator("body").inner_text()
    assert "Error displaying widget" not in text and "Javascript Error" not in text
    icons = page.evaluate(
        "[...document.querySelectorAll('.jupyter-widgets-disconnected')]"
        ".map(el => getComputedStyle(el, '::before').content)"
        ".filter(c => c && c !== 'none' && c !== 'normal')"
    )
    assert not icons, f"broken-link icons shown: {icons[:3]}"


def reload_link(page: Page) -> str:
    return page.locator(".connection-lost a.reload-with-answers").get_attribute("href") or ""


def on_screen(dashboard: Dashboard, content: Content) -> dict[str, object]:
    return {c.id: dashboard.answer(c) for c in content.criteria}


def follow_reload_link(page: Page, content: Content) -> Dashboard:
    """Click "Reload with my answers" and wait for the new page's dashboard."""
    page.locator(".connection-lost a.reload-with-answers").click()
    page.locator(".explainer-app").first.wait_for(timeout=PAGE_TIMEOUT_MS)
    return Dashboard(page)


def assert_it_works(dashboard: Dashboard, content: Content) -> None:
    """The page follows a toggle again: the advice is for the new answers."""
    answers = on_screen(dashboard, content)
    answers["rare_cancer"] = not answers["rare_cancer"]
    dashboard.set_yes_no("rare_cancer", bool(answers["rare_cancer"]))
    expected = advise(answers, content)  # type: ignore[arg-type]
    dashboard.wait_for_advice(expected.second_opinion.level, expected.third_opinion.level)
    query = build_query(answers, content)  # type: ignore[arg-type]
    dashboard.page.locator(f'.advice-region .advice[data-answers="{query}"]').wait_for()
    assert not dashboard.page.locator(".connection-lost").is_visible()


# -- Ordinary use ----------------------------------------------------------------------------------


def test_in_ordinary_use_the_advice_follows_every_frame_and_no_notice_shows(
    page: Page, server: Server, content: Content
) -> None:
    """Clicks, a story loaded and Start over (the kernel setting the controls): every frame's
    advice is for the answers on screen or marked as updating, and the notice never shows."""
    dashboard, _ = open_watched(page, server.url, content)
    answers: dict[str, object] = {c.id: c.default for c in content.criteria}
    for criterion_id in ("rare_cancer", "doubts_about_doctor", "treatment_cannot_wait"):
        answers[criterion_id] = True
        dashboard.set_yes_no(criterion_id, True)
    expected = advise(answers, content)  # type: ignore[arg-type]
    dashboard.wait_for_advice(expected.second_opinion.level, expected.third_opinion.level)
    story = max(content.scenarios, key=lambda s: len(s.answers))
    dashboard.load_scenario(story.id, content.texts["nav_stories"])
    dashboard.wait_for_advice(story.expected_second, story.expected_third)
    dashboard.start_over_button.click()
    page.locator('.advice-region .advice[data-answers=""]:not([data-stale])').wait_for()
    page.wait_for_timeout(UPDATE_TIMEOUT_S * 1000)  # longer than the page waits for an update
    assert_never_mismatched(page)
    assert page.evaluate("window.__noticeFrames") == 0
    assert page.locator(".advice-region .advice[data-stale]").count() == 0


# -- A crash: the kernel killed ------------------------------------------------------------------


def test_a_killed_kernel_gives_the_notice_and_a_link_with_the_answers(
    page: Page, server: Server, content: Content
) -> None:
    dashboard, sockets = open_watched(page, server.url + "?rare_cancer=yes", content)
    choice = next(c for c in content.criteria if c.kind == "choice")
    option = choice.options[-1]
    dashboard.criterion(choice.id).get_by_label(option.label, exact=True).check()
    query = build_query({"rare_cancer": True, choice.id: option.id}, content)
    page.locator(f'.advice-region .advice[data-answers="{query}"]').wait_for()
    kernel = kernel_of(sockets)
    kill_kernel(server, kernel)
    clicked = time.monotonic()
    click_if_enabled(dashboard, "doubts_about_doctor")
    wait_for_notice(page, NOTICE_WITHIN_S - (time.monotonic() - clicked))
    assert_lost_calmly(page, content)
    assert_never_mismatched(page)

    answers = on_screen(dashboard, content)
    href = reload_link(page)
    assert href == "?" + build_query(answers, content)  # type: ignore[arg-type]  # as "Copy the link"
    dashboard = follow_reload_link(page, content)
    assert on_screen(dashboard, content) == answers
    assert kernel_of(sockets[-1:]) != kernel
    assert_it_works(dashboard, content)


def test_the_presenter_returns_to_its_story(page: Page, server: Server, content: Content) -> None:
    _, sockets = open_watched(page, server.url + "?view=present", content)
    story = content.scenarios[2]
    for _ in range(2):
        page.locator(".presenter-next").click()
    page.locator(f'.presenter[data-scenario="{story.id}"]').wait_for()
    kill_kernel(server, kernel_of(sockets))
    wait_for_notice(page, NOTICE_WITHIN_S)
    assert_lost_calmly(page, content, has_advice=False)
    assert urlsplit(reload_link(page)).query == f"view=present&story={story.id}"
    follow_reload_link(page, content)
    page.locator(f'.presenter[data-scenario="{story.id}"]').wait_for()
    page.locator(".presenter-reveal").click()
    expected = advise(story.answers_dict(), content)
    page.locator(
        f'.presenter .advice[data-level="{expected.second_opinion.level}"]'
        f'[data-third-opinion="{expected.third_opinion.level}"]'
    ).wait_for()


@pytest.mark.parametrize("view", ["self-check", "presenter"])
def test_a_spanish_page_keeps_its_language_when_its_kernel_is_gone(
    page: Page, server: Server, view: str
) -> None:
    """The notice is in Spanish, and "Reload with my answers" keeps ``lang=es`` (written by
    static/connection.js, as explainer/links.py writes it: after the view, before the answers)."""
    spanish = default_content("es")
    start = "?lang=es&rare_cancer=yes" if view == "self-check" else "?view=present&lang=es"
    dashboard, sockets = open_watched(page, server.url + start, spanish)
    if view == "self-check":
        dashboard.wait_for_level("essential")
    else:
        page.locator(".presenter-next").click()
        page.locator(f'.presenter[data-scenario="{spanish.scenarios[1].id}"]').wait_for()
    kill_kernel(server, kernel_of(sockets))
    wait_for_notice(page, NOTICE_WITHIN_S)
    assert_lost_calmly(page, spanish, has_advice=view == "self-check")
    expected = (
        "?" + build_query({"rare_cancer": True}, spanish)
        if view == "self-check"
        else f"?view=present&lang=es&story={spanish.scenarios[1].id}"
    )
    assert reload_link(page) == expected
    follow_reload_link(page, spanish)
    assert page.evaluate("document.documentElement.lang") == "es"
    assert (
        page.locator("h1:visible").first.inner_text()
        == spanish.texts["title" if view == "self-check" else "presenter_title"]
    )


def test_leaving_while_the_widgets_are_asked_for_again_logs_no_error(
    page: Page, server: Server, content: Content
) -> None:
    """After a crash the page reconnects to the restarted kernel and asks for its widgets again
    (the control comm, which a fresh kernel closes, then a comm_info_request). A visitor who
    follows the reload link before the reply comes leaves a request the page cancels as it goes:
    that is no error. Holding every comm_info_request in the browser makes the moment certain."""
    held: list[str] = []

    def hold_comm_info_requests(ws: WebSocketRoute) -> None:
        kernel = ws.connect_to_server()

        def to_kernel(message: str | bytes) -> None:
            raw = message if isinstance(message, bytes) else message.encode()
            if b'"msg_type":"comm_info_request"' in raw:
                held.append(ws.url)
            else:
                kernel.send(message)

        ws.on_message(to_kernel)

    page.route_web_socket(re.compile(r"/api/kernels/[^/]+/channels"), hold_comm_info_requests)
    open_watched(page, server.url + "?rare_cancer=yes", content)
    kernel_id = page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    kill_kernel(server, kernel_id)
    wait_for_notice(page, NOTICE_WITHIN_S)
    deadline = time.monotonic() + RECONNECT_WITHIN_S
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert held, "the page did not ask the restarted kernel for its widgets"
    follow_reload_link(page, content)
    # The lossy fixture then finds no console error: the canceled request was not reported.


def test_the_handout_keeps_its_answers(page: Page, server: Server, content: Content) -> None:
    query = "view=handout&rare_cancer=yes&opinions_so_far=two_disagree"
    _, sockets = open_watched(page, f"{server.url}?{query}", content)
    kill_kernel(server, kernel_of(sockets))
    with contextlib.suppress(PlaywrightTimeout):  # needs the kernel; held once the page knows
        page.locator(".download-pdf").click(timeout=1500)
    wait_for_notice(page, NOTICE_WITHIN_S)
    assert_lost_calmly(page, content, has_advice=False)
    assert page.locator(".print-plan").is_enabled(), "printing needs no kernel"
    link = parse_query(urlsplit(reload_link(page)).query, content)
    assert (link.view, link.answers_dict()) == (
        "handout",
        parse_query(query, content).answers_dict(),
    )


# -- The network -------------------------------------------------------------------------------


def test_a_short_network_drop_recovers_by_itself(
    page: Page, server: Server, content: Content
) -> None:
    """The notice comes from the websocket alone (no click), then the websocket comes back to
    the same kernel: the notice goes, with no reload, and the page works on."""
    port = urlsplit(server.url).port
    assert port
    network = DroppableNetwork(port)
    try:
        dashboard, _ = open_watched(page, network.url + "?rare_cancer=yes", content)
        page.evaluate("window.__samePage = true")
        network.drop()
        dropped = time.monotonic()
        wait_for_notice(page, NOTICE_WITHIN_S)
        assert_lost_calmly(page, content)
        time.sleep(max(0.0, 3 - (time.monotonic() - dropped)))
        network.restore()
        page.locator(".connection-lost").wait_for(state="hidden", timeout=RECONNECT_WITHIN_S * 1000)
        assert page.evaluate("window.__samePage === true"), "the page reloaded"
        answers = on_screen(dashboard, content)
        page.locator(
            f'.advice-region .advice[data-answers="{build_query(answers, content)}"]'  # type: ignore[arg-type]
        ).wait_for()
        assert_it_works(dashboard, content)
        assert_never_mismatched(page)
    finally:
        network.close()


def test_a_network_that_hangs_gives_the_notice_at_the_first_click_then_recovers(
    page: Page, server: Server, content: Content
) -> None:
    """The websocket stays open but nothing passes: a click gets no answer, so the notice comes
    within 5 s of it; when the network moves again the answer arrives and the notice goes."""
    port = urlsplit(server.url).port
    assert port
    network = DroppableNetwork(port)
    try:
        dashboard, _ = open_watched(page, network.url + "?rare_cancer=yes", content)
        network.stall()
        clicked = time.monotonic()
        dashboard.set_yes_no("doubts_about_doctor", True)
        wait_for_notice(page, NOTICE_WITHIN_S - (time.monotonic() - clicked))
        assert_lost_calmly(page, content)
        network.restore()
        page.locator(".connection-lost").wait_for(state="hidden", timeout=RECONNECT_WITHIN_S * 1000)
        query = build_query({"rare_cancer": True, "doubts_about_doctor": True}, content)
        page.locator(f'.advice-region .advice[data-answers="{query}"]:not([data-stale])').wait_for()
        assert_it_works(dashboard, content)
        assert_never_mismatched(page)
    finally:
        network.close()


def test_twenty_seconds_offline(page: Page, server: Server, content: Content) -> None:
    """Offline (Chromium's emulation) and back: the page updates or shows the notice, never
    stale advice; afterwards it works or offers the link."""
    dashboard, _ = open_watched(page, server.url + "?rare_cancer=yes", content)
    page.context.set_offline(True)
    click_if_enabled(dashboard, "doubts_about_doctor")
    page.wait_for_timeout(20_000)
    page.context.set_offline(False)
    assert_never_mismatched(page)
    deadline = time.monotonic() + RECONNECT_WITHIN_S
    while not page.locator(".advice-region .advice:not([data-stale])").is_visible():
        assert time.monotonic() < deadline, "neither working nor offering the link"
        with contextlib.suppress(PlaywrightTimeout):  # it may recover as the link is clicked
            page.locator(".connection-lost a.reload-with-answers").click(timeout=1000)
            page.locator(".explainer-app").first.wait_for(timeout=PAGE_TIMEOUT_MS)
            watch_frames(page, content)
    assert_it_works(Dashboard(page), content)
    assert_never_mismatched(page)


# -- The server ---------------------------------------------------------------------------------


def test_a_restarted_server_gives_the_notice_then_the_link_works(
    page: Page, lossy: Lossy, tmp_path, content: Content
) -> None:
    first, proc = start_server(tmp_path / "first.log")
    port = urlsplit(first.url).port
    try:
        dashboard, sockets = open_watched(page, first.url + "?rare_cancer=yes", content)
        lossy.gone.add(kernel_of(sockets))  # the new server does not know it
        dashboard.set_yes_no("doubts_about_doctor", True)
        answers = on_screen(dashboard, content)
        page.locator(
            f'.advice-region .advice[data-answers="{build_query(answers, content)}"]'  # type: ignore[arg-type]
        ).wait_for()
    finally:
        stop_server(first, proc)
    wait_for_notice(page, NOTICE_WITHIN_S)
    assert_lost_calmly(page, content)
    second, proc = start_server(tmp_path / "second.log", port=port)
    try:
        dashboard = follow_reload_link(page, content)
        assert on_screen(dashboard, content) == answers
        assert_it_works(dashboard, content)
        for log in (first.log_text(), second.log_text()):
            assert "doubts_about_doctor" not in log, "the visitor's answers reached the log"
    finally:
        stop_server(second, proc)


def test_a_session_culled_while_away_gives_the_notice_on_return(
    page: Page, lossy: Lossy, tmp_path, content: Content
) -> None:
    culling, proc = start_server(
        tmp_path / "voila.log",
        ["--MappingKernelManager.cull_idle_timeout=3", "--MappingKernelManager.cull_interval=1"],
    )
    port = urlsplit(culling.url).port
    assert port
    network = DroppableNetwork(port)
    try:
        dashboard, sockets = open_watched(page, network.url + "?rare_cancer=yes", content)
        kernel = kernel_of(sockets)
        lossy.gone.add(kernel)  # its tries at the culled kernel are refused
        network.drop()  # the phone sleeps: its connection goes
        deadline = time.monotonic() + 60
        while kernel in culling.kernel_pids():
            assert time.monotonic() < deadline, "the idle kernel was not culled"
            time.sleep(0.5)
        tries = len(sockets)
        network.restore()  # the phone wakes: the page tries its kernel again
        deadline = time.monotonic() + RECONNECT_WITHIN_S
        while len(sockets) == tries:
            assert time.monotonic() < deadline, "the page never tried to reconnect"
            page.wait_for_timeout(500)
        # The page's tries at its old kernel fail, one after another: the notice stays up.
        for _ in range(50):
            assert page.evaluate("!!document.querySelector('.connection-lost').firstChild")
            page.wait_for_timeout(100)
        assert_lost_calmly(page, content)
        dashboard = follow_reload_link(page, content)
        assert on_screen(dashboard, content)["rare_cancer"] is True
        assert_it_works(dashboard, content)
    finally:
        network.close()
        stop_server(culling, proc)
