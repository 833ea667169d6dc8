"""What makes the page light and quick on a phone, checked as facts, never as timings
(docs/performance.md; the timings are `make bench`'s, on a simulated phone network):

- before the first paint, nothing over 20 kB holds up the drawing (a render-blocking request);
- every text file comes compressed, the page itself included;
- every file whose address carries its content's hash is cached for a year;
- the dashboard takes the first paint's place without moving anything on the screen.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Response
from voila_harness import Dashboard

#: A render-blocking request before the first paint may weigh this much, compressed.
BLOCKING_LIMIT = 20_000
#: Text worth compressing (server/assets.py sends smaller files as they are).
MIN_COMPRESSED = 1024
#: A content hash in the address: `?v=<hash>`, `remoteEntry.<hash>.js`, `chunks.<hash>.js`.
HASHED = re.compile(r"[.-][0-9a-f]{16,}\.(js|css)$")
YEAR = 365 * 24 * 3600
#: The first paint in English (it holds each language's, each marked: explainer/preview.py).
ENGLISH = '#explainer-preview [data-explainer-lang="en"]'

#: Each resource the page loaded, with whether it blocked rendering (Chromium's Resource Timing
#: `renderBlockingStatus`), its compressed size, and when it ended; and the first paint's time.
TIMINGS = """() => ({
  fcp: (performance.getEntriesByName("first-contentful-paint")[0] || {}).startTime,
  resources: performance.getEntriesByType("resource").map(r => ({
    url: r.name, blocking: r.renderBlockingStatus, encoded: r.encodedBodySize,
    start: r.startTime, end: r.responseEnd,
  })),
})"""

#: Layout shifts, recorded from the start of the page (a PerformanceObserver, buffered).
SHIFTS = """
window.__explainerShifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__explainerShifts.push(entry.value);
  }
}).observe({type: "layout-shift", buffered: true});
"""


def _responses(page) -> list[Response]:
    seen: list[Response] = []

    def note(response: Response) -> None:
        seen.append(response)

    page.on("response", note)
    return seen


def test_nothing_heavy_holds_up_the_first_paint(page, server):
    Dashboard(page).open(server.url)
    timings = page.evaluate(TIMINGS)
    assert timings["fcp"] is not None
    statuses = {r["blocking"] for r in timings["resources"]}
    assert statuses <= {"blocking", "non-blocking"}, statuses  # Chromium reports it
    blocking = [
        r
        for r in timings["resources"]
        if r["blocking"] == "blocking" and r["start"] < timings["fcp"]
    ]
    assert blocking, "the page's own small styles come before the first paint"
    heavy = [(r["url"], r["encoded"]) for r in blocking if r["encoded"] > BLOCKING_LIMIT]
    assert not heavy, f"render-blocking requests over {BLOCKING_LIMIT} bytes: {heavy}"
    # The lab's styles and the page's code are among what does not block.
    names = {urlsplit(r["url"]).path.rsplit("/", 1)[-1] for r in blocking}
    assert not names & {"index.css", "voila.js", "voila-style.js"}, names
    assert not any(n.startswith("chunks.") for n in names), names


def test_every_text_file_comes_compressed_and_hashed_ones_are_cached_for_a_year(page, server):
    responses = _responses(page)
    Dashboard(page).open(server.url)
    checked = {"compressed": 0, "hashed": 0}
    for response in responses:
        url = urlsplit(response.url)
        if response.request.resource_type not in ("document", "script", "stylesheet"):
            continue
        if response.status != 200:
            continue
        headers = response.headers
        size = len(response.body())
        if size >= MIN_COMPRESSED:
            assert headers.get("content-encoding") in ("br", "gzip"), (response.url, headers)
            checked["compressed"] += 1
        if "v" in parse_qs(url.query) or HASHED.search(url.path):
            cache = headers.get("cache-control", "")
            age = re.search(r"max-age=(\d+)", cache)
            assert age and int(age.group(1)) >= YEAR and "no-cache" not in cache, (
                response.url,
                cache,
            )
            checked["hashed"] += 1
    # The page, its scripts and styles, the bundle and the lab extensions' entry scripts.
    assert checked["compressed"] >= 8 and checked["hashed"] >= 5, checked


def test_the_dashboard_takes_the_first_paints_place_without_a_shift(browser, server):
    """The cells stay out of sight until the dashboard is drawn, then replace the first paint in
    one step (static/explainer.js, explainer.css): nothing on the screen jumps."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    try:
        page = context.new_page()
        page.add_init_script(SHIFTS)
        Dashboard(page).open(server.url)
        page.wait_for_timeout(500)  # a frame or two after the dashboard is drawn
        shifts = page.evaluate("window.__explainerShifts")
        assert sum(shifts) < 0.01, shifts
        assert page.locator("#explainer-preview").is_hidden()
    finally:
        context.close()


#: The main message's box and the first question's text, where they are on the screen.
PLACES = """() => {
  const box = el => { if (!el) return null; const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, width: r.width, height: r.height}; };
  const preview = document.querySelector("#explainer-preview:not([hidden]) .headline");
  const drawn = document.querySelector(".explainer-app .headline-region .headline");
  const question = document.querySelector(
    "#explainer-preview .preview-label, .explainer-app .criterion-block .widget-label");
  return {preview: box(preview), drawn: box(drawn), question: box(question), height: innerHeight};
}"""


def _places(browser, server, width: int, height: int, first_paint: bool, query: str = "") -> dict:
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        if first_paint:
            # The first paint as a phone shows it until the widget front end has arrived.
            page.route("**/widgets.js*", lambda route: route.abort())
            page.goto(server.url + query)
            page.locator(f"{ENGLISH} h1").wait_for()
        else:
            Dashboard(page).open(server.url)
        return page.evaluate(PLACES)
    finally:
        context.close()


def test_a_phones_first_screen_shows_the_main_message_and_the_first_question(browser, server):
    """On a 375 x 812 phone, before any scrolling: the whole main message and the first
    question (on a 375 x 667 one, the whole main message)."""
    tall = _places(browser, server, 375, 812, first_paint=False)
    assert tall["drawn"]["top"] >= 0 and tall["drawn"]["bottom"] <= 812, tall
    assert tall["question"]["bottom"] <= 812, tall
    short = _places(browser, server, 375, 667, first_paint=False)
    assert short["drawn"]["bottom"] <= 667, short
    before = _places(browser, server, 375, 667, first_paint=True)
    assert before["preview"]["bottom"] <= 667, before
    before = _places(browser, server, 375, 812, first_paint=True)
    assert before["question"]["bottom"] <= 812, before


def test_the_questions_can_be_read_before_the_widgets_arrive(browser, server, content):
    """The first paint carries the questions the dashboard first asks (no controls yet), for a
    plain link; a link with answers shows the neutral line, neither questions nor message."""
    context = browser.new_context(viewport={"width": 375, "height": 812})
    try:
        page = context.new_page()
        page.route("**/widgets.js*", lambda route: route.abort())
        page.goto(server.url)
        questions = page.locator(f"{ENGLISH} .preview-questions")
        questions.wait_for()
        first = next(c for c in content.criteria if not c.routes)
        assert questions.get_by_text(first.label, exact=True).is_visible()
        assert page.locator("#explainer-preview input, #explainer-preview button").count() == 0
        page.goto(server.url + "?rare_cancer=yes")
        page.locator(f"{ENGLISH} .preview-link").wait_for()
        assert questions.is_hidden()
        assert page.locator(f"{ENGLISH} .preview-default").is_hidden()
    finally:
        context.close()


def test_the_first_paint_sets_the_main_message_as_the_dashboard_does(browser, server):
    """The main message has the same size before and after the dashboard is drawn, on a phone
    and on a laptop: the words do not reflow when the dashboard takes over, and nothing larger
    appears (a phone's browser would count that as the page's main content arriving late)."""
    for width, height in ((375, 812), (412, 823), (1280, 900)):
        before = _places(browser, server, width, height, first_paint=True)["preview"]
        after = _places(browser, server, width, height, first_paint=False)["drawn"]
        assert abs(before["width"] - after["width"]) <= 1, (width, before, after)
        assert abs(before["height"] - after["height"]) <= 1, (width, before, after)
        assert abs(before["top"] - after["top"]) <= 24, (width, before, after)


def test_the_page_runs_its_own_scripts_only(page, server, content):
    """Its widget front end (frontend/, built into static/widgets.js) and the template's three
    scripts: nothing of Voila's front end (voila.js, its chunks, the lab extensions), however
    the page is used."""
    asked: list[str] = []
    page.on("request", lambda r: r.resource_type == "script" and asked.append(r.url))
    Dashboard(page).tour(content, server.url)
    names = {urlsplit(url).path.rsplit("/", 1)[-1] for url in asked}
    assert names == {"connection.js", "explainer.js", "dashboard.js", "widgets.js"}, asked
    assert not [u for u in asked if "/voila/static/" in u or "/labextensions/" in u], asked
