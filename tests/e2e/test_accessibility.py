"""WCAG 2.1 AA in a real browser: axe-core finds nothing, in every view, wide and narrow, before
and after answers change; the page has landmarks and one h1; nothing scrolls sideways on a phone;
the main message is in view after the first answer."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image
from voila_harness import CHANGE_TIMEOUT_MS, PAGE_TIMEOUT_MS, Dashboard

from explainer import advise

AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
SIZES = {"wide": (1280, 900), "phone": (375, 667)}
#: WCAG 2.0/2.1 A and AA rules (axe's own tags).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWS = {
    "self-check": ("", ".advice-region .advice"),
    "presenter": ("?view=present", ".presenter"),
    "plan": ("?view=handout&rare_cancer=yes", ".handout .summary"),
}


def axe_violations(page) -> list[dict[str, object]]:
    """Run axe-core in the page (evaluated, so the page's strict CSP stays on) and list problems."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make test` (it runs npm ci) first")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_clean(page) -> None:
    found = axe_violations(page)
    assert not found, json.dumps(found, indent=1)


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
@pytest.mark.parametrize("view", VIEWS, ids=list(VIEWS))
def test_axe_finds_no_violation(page, server, view: str, size: str) -> None:
    """Every view passes axe-core's WCAG 2.1 AA rules at 1280x900 and at 375x667."""
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    query, ready = VIEWS[view]
    page.goto(server.url + query)
    page.locator(ready).first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    assert_clean(page)


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_axe_finds_no_violation_after_answers_change(open_dashboard, size: str) -> None:
    """After answers change, a story loads and the other views open, axe still finds nothing."""
    dash: Dashboard = open_dashboard("")
    page = dash.page
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    dash.set_yes_no("rare_cancer", True)
    page.locator(".criterion-opinions_so_far").get_by_label(
        "Two doctors, and they disagree", exact=False
    ).check()
    dash.wait_for_advice("essential", "helpful")
    for details in page.locator(".advice details").all()[:3]:
        details.locator("summary").click()
    assert_clean(page)
    dash.nav_button("Patient stories").click()
    page.locator("table.scenario-table").first.wait_for(timeout=CHANGE_TIMEOUT_MS)
    assert_clean(page)
    dash.nav_button("Sources and about").click()
    page.locator(".sources").wait_for(timeout=CHANGE_TIMEOUT_MS)
    assert_clean(page)


@pytest.mark.parametrize("view", VIEWS, ids=list(VIEWS))
def test_each_view_has_one_h1_and_a_main_landmark(page, server, view: str) -> None:
    """One h1 names the page, and the content sits in a <main> landmark."""
    query, ready = VIEWS[view]
    page.goto(server.url + query)
    page.locator(ready).first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    assert page.locator("h1:visible").count() == 1
    assert page.locator("main").count() == 1
    assert page.locator("main h1").count() == 1


def test_a_phone_never_scrolls_sideways_and_keeps_the_main_message_in_view(open_dashboard) -> None:
    """At 375 px nothing is wider than the screen, and after an answer the main message is visible
    without scrolling back up."""
    dash: Dashboard = open_dashboard("")
    page = dash.page
    page.set_viewport_size({"width": 375, "height": 667})
    dash.set_yes_no("rare_cancer", True)
    dash.wait_for_level("essential")
    widest = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('body *')]"
        ".filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= 375 + 1, f"something reaches {widest}px on a 375px screen"
    for view in ("Patient stories", "Sources and about"):
        dash.nav_button(view).click()
        page.wait_for_timeout(300)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    dash.nav_button("Your situation").click()
    page.locator(".criterion-rare_cancer").scroll_into_view_if_needed()
    headline = page.locator(".headline-region .headline")
    box = headline.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 667
    summary = advise({"rare_cancer": True}).summary
    assert " ".join(summary.split()) in " ".join(headline.inner_text().split())


def test_the_main_messages_bar_shows_only_while_the_message_is_out_of_sight(
    open_dashboard,
) -> None:
    """On a wide screen the advice's main message is in view at first, so its bar at the top is
    hidden (its space kept): the page never says it twice at once. Scrolled to the last
    questions, the message is out of sight and the bar shows it; back at the top it hides."""
    dash: Dashboard = open_dashboard("")
    page = dash.page
    page.set_viewport_size({"width": 1280, "height": 900})
    bar = page.locator(".self-check > .headline-region")
    message = page.locator(".self-check > .advice-region .main-message")
    message.wait_for(state="visible", timeout=CHANGE_TIMEOUT_MS)
    page.wait_for_function(
        "() => document.querySelector('.self-check > .headline-region')"
        ".classList.contains('main-in-view')",
        timeout=CHANGE_TIMEOUT_MS,
    )
    assert bar.evaluate("el => getComputedStyle(el).visibility") == "hidden"
    page.locator(".criterion-far_from_cancer_centre").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => !document.querySelector('.self-check > .headline-region')"
        ".classList.contains('main-in-view')",
        timeout=CHANGE_TIMEOUT_MS,
    )
    assert bar.evaluate("el => getComputedStyle(el).visibility") == "visible"
    box = message.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 0
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function(
        "() => document.querySelector('.self-check > .headline-region')"
        ".classList.contains('main-in-view')",
        timeout=CHANGE_TIMEOUT_MS,
    )


def test_focus_is_visible_on_every_kind_of_control(open_dashboard) -> None:
    """Tabbing to a checkbox, a radio button, a disclosure and a button shows a focus outline."""
    dash: Dashboard = open_dashboard("")
    page = dash.page
    for selector in (
        ".criterion-rare_cancer",
        ".criterion-opinions_so_far",
        "details",
        ".start-over",
    ):
        dash.tab_to(selector)
        outline = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        assert outline[0] != "none" and outline[1] >= 2, (selector, outline)


def _ink(png: bytes) -> int:
    """How many pixels of a screenshot differ clearly from its most common colour (the
    background): how much of it is drawn."""
    image = Image.open(io.BytesIO(png)).convert("L")
    counts = image.histogram()
    background = max(range(256), key=counts.__getitem__)
    return sum(n for value, n in enumerate(counts) if abs(value - background) > 80)


@pytest.mark.parametrize("colours", ["none", "active"])
def test_the_level_marks_keep_their_meaning_in_forced_colours(page, server, colours: str) -> None:
    """With forced colours (Windows high contrast) as without, a filled mark is drawn far more
    solidly than an empty one, so "one of three" still reads as one of three."""
    page.emulate_media(forced_colors=colours)
    page.goto(server.url)  # the default answers: one mark of three filled
    marks = page.locator(".advice-region .level-badge .mark")
    marks.first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    filled = [_ink(m.screenshot()) for m in marks.all() if "filled" in m.get_attribute("class")]
    empty = [_ink(m.screenshot()) for m in marks.all() if "filled" not in m.get_attribute("class")]
    assert len(filled) == 1 and len(empty) == 2
    assert min(filled) > 1.6 * max(empty), (filled, empty)
