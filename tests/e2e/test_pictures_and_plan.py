"""The pictures, the summary box and the plan worth keeping, as a visitor sees them in a real
browser: icon arrays named by their numbers, the key points first, a plan with no screen-only
words whose "what matters most" choices fill it in."""

from __future__ import annotations

import re

from voila_harness import CHANGE_TIMEOUT_MS, PAGE_TIMEOUT_MS

from explainer import advise
from explainer.pemat import SCREEN_ONLY


def _open(page, server, query: str, ready: str) -> None:
    page.goto(server.url + query)
    page.locator(ready).first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)


def test_each_study_figure_is_a_picture_of_100_people_named_by_its_numbers(
    page, server, content
) -> None:
    """On Sources and about the studies are short blocks, not a table: each figure that fits in
    100 is drawn as pictures of 100 people (a range as its lowest and highest study, a finding in
    parts as one picture), each an svg[role=img] whose label states its numbers, under its
    caption if any, its filled, half-filled and outlined people as many as its numbers, with one
    key per study. The studies not only about cancer wait in one closed disclosure."""
    _open(page, server, "", ".explainer-nav")
    page.locator(".explainer-nav").get_by_role(
        "button", name=content.texts["nav_sources"], exact=True
    ).click()
    section = page.locator(".evidence-figures")
    arrays = section.locator("svg.icon-array[role=img]")
    arrays.first.wait_for(state="visible", timeout=CHANGE_TIMEOUT_MS)
    assert section.locator("table").count() == 0
    other = section.locator("details.other-studies")
    assert other.count() == 1 and other.get_attribute("open") is None
    assert other.locator(".study").first.is_hidden()
    # The cancer studies first, then the others, as the page orders them.
    figures = sorted(content.about.figures, key=lambda f: f.not_only_cancer)
    drawn = [(f, i) for f in figures for i in f.icons]
    assert arrays.count() == len(drawn) >= 6
    for n, (figure, icons) in enumerate(drawn):
        array = arrays.nth(n)
        label = array.get_attribute("aria-label")
        assert label == " ".join(icons.label.split())
        outlined = 100 - icons.count - icons.half if icons.outlined is None else icons.outlined
        for number in (icons.count, icons.half, icons.outlined):  # the rest goes unsaid
            assert not number or re.search(rf"\b{number} in every 100\b", label), figure.id
        assert array.locator("use.fig-filled").count() == icons.count
        assert array.locator("use.fig-half").count() == icons.half
        assert array.locator("use.fig-empty").count() == outlined
        study = section.locator(f'.study[data-figure="{figure.id}"]')
        if icons.caption:
            assert icons.caption in study.locator(".icon-array-caption").all_inner_texts()
        assert study.locator(".icon-array-key").count() == 1
    sarcoma = section.locator('.study[data-figure="ray_coquard_2012"]')
    assert sarcoma.locator("svg.icon-array").count() == 1
    assert sarcoma.locator("h3").inner_text() == next(
        f.population for f in figures if f.id == "ray_coquard_2012"
    )
    other.locator(":scope > summary").click()
    assert other.locator(".study").first.is_visible()


def test_the_current_plans_drawback_gives_its_numbers_in_words(page, server, content) -> None:
    """With one opinion so far, going ahead with the current plan's "no other doctor checks"
    drawback says how often a second opinion changed things, in words, with no picture on one
    side only; and the helplines' phone numbers are never split over two lines on a phone."""
    page.set_viewport_size({"width": 375, "height": 667})
    _open(page, server, "", ".advice-region .advice .option-current")
    item = page.locator(".advice-region .option-current li[data-point=no_second_check]")
    assert re.search(r"\b12 to 69 in every 100\b", item.inner_text())
    assert page.locator(".advice-region .options-side-by-side svg").count() == 0
    phones = page.locator(".advice-region .helplines .phone")
    assert phones.count() >= 2
    # An inline element broken over two lines has two boxes.
    lines = phones.evaluate_all("els => els.map(e => [e.textContent, e.getClientRects().length])")
    assert all(count == 1 for _, count in lines), lines


def test_the_advice_opens_with_a_box_of_key_points(page, server, content) -> None:
    """`.advice .summary` shows the key points for the answers on screen but the level's own,
    which the main message just above says."""
    _open(page, server, "?rare_cancer=yes", ".advice-region .advice .summary")
    points = page.locator(".advice-region .advice .summary li")
    expected = advise({"rare_cancer": True}, content).key_points[1:]
    assert points.count() == len(expected) >= 2
    assert [li.get_attribute("data-point") for li in points.all()] == [p.id for p in expected]


def test_with_one_opinion_the_steps_to_tick_sit_under_the_path(page, server, content) -> None:
    """With one opinion so far, the next steps are the path to another opinion: each step of
    the path that has tasks, in order, with its boxes under it, and no box outside it. When
    treatment cannot wait, its first step holds asking about a delay and keeping booked care.
    With two opinions, the steps are one list and there is no path."""
    for query, answers in (
        ("", {}),
        ("?treatment_cannot_wait=yes", {"treatment_cannot_wait": True}),
    ):
        _open(page, server, query, ".advice-region .advice .path-picture")
        advice = advise(answers, content)
        on_path = content.options.on_path(advice.next_steps, urgent=bool(advice.cautions))
        steps = page.locator(".advice-region .path-picture > li")
        assert steps.locator("h4").all_inner_texts() == [p.text for p, _ in on_path]
        for i, (_, under) in enumerate(on_path):
            boxes = steps.nth(i).locator("input[type=checkbox]")
            names = [boxes.nth(j).get_attribute("name") for j in range(boxes.count())]
            assert names == [f"step-{s.id}" for s in under], query
        every = page.locator(".advice-region .next-steps input[type=checkbox]").count()
        assert every == sum(len(under) for _, under in on_path)
    first = page.locator(".advice-region .path-picture > li").first.locator(".step-text")
    assert first.first.inner_text().startswith("Before you look for another opinion")
    _open(page, server, "?opinions_so_far=two_disagree", ".advice-region .advice .next-steps")
    assert page.locator(".advice-region .path-picture").count() == 0
    assert page.locator(".advice-region .next-steps ol.checklist > li").count() > 0


def test_the_plan_has_no_screen_only_words_and_fills_in_what_matters_most(
    page, server, content
) -> None:
    """The plan opens with its key points, says nothing that only makes sense on a screen, and
    lists each choice of what matters most with what to ask about it; a choice ticked on the
    page is ticked in the plan."""
    _open(page, server, "?view=handout&rare_cancer=yes", ".handout .summary")
    sheet = page.locator(".handout-sheet")
    words = sheet.inner_text()
    for screen_only in SCREEN_ONLY:
        assert screen_only not in words
    speed = next(c for c in content.options.matters if c.id == "speed")
    assert " ".join(speed.ask.split()) in " ".join(words.split())
    assert page.locator(".handout .plan-matters input[checked]").count() == 0
    page.locator(".matters-speed input[type=checkbox]").check()
    page.locator(".handout .plan-matters input[checked]").first.wait_for(
        state="attached", timeout=CHANGE_TIMEOUT_MS
    )
    assert page.locator(".handout .plan-matters input[checked]").count() == 1


def test_the_stories_tables_say_how_to_read_them_and_are_shorter_on_a_phone(
    page, server, content
) -> None:
    """The small tables have their how-to line (only its first words bold), each its heading
    above it, and no arrow; on a phone each story is a card of its short parts (who, their
    situation, one answer that changes the advice, and for two opinions the third opinion's
    level), each named, and the page does not scroll sideways."""
    page.set_viewport_size({"width": 375, "height": 667})
    _open(page, server, "", ".explainer-nav")
    page.locator(".explainer-nav").get_by_role(
        "button", name=content.texts["nav_stories"], exact=True
    ).click()
    tables = page.locator("table.scenario-table")
    tables.first.wait_for(state="visible", timeout=CHANGE_TIMEOUT_MS)
    howto = page.locator(".table-howto")
    lead, rest = content.texts["stories_howto_lead"], content.texts["stories_howto"]
    assert " ".join(howto.inner_text().split()) == " ".join(f"{lead} {rest}".split())
    assert howto.locator("strong").inner_text() == lead
    assert tables.count() == page.locator(".stories .story-heading:visible").count() > 1
    assert tables.count() == page.locator(".stories .table-scroll[aria-labelledby]").count()
    for table in tables.all():
        assert "→" not in table.inner_text()
        row = table.locator("tbody tr").first
        shown = [c for c in row.locator("td").all() if c.is_visible()]
        assert len(shown) == table.locator("th").count() in (3, 4)
        labels = [c.get_attribute("data-label") for c in shown]
        assert content.texts["story_col_situation"] in labels
        widths = [c.bounding_box()["width"] for c in shown]
        assert widths == [widths[0]] * len(shown)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 375
    regions = page.locator(".stories .table-scroll")
    assert regions.evaluate_all("es => es.every(e => e.scrollWidth <= e.clientWidth)")


def test_the_options_are_followed_by_one_picture_of_the_reviews_ranges(
    page, server, content
) -> None:
    """After both options (inside neither), the review's two findings are one svg[role=img] whose
    label states 12 to 69 and 43 to 82, with the same numbers as visible text; on a phone it fits
    the screen. The printable plan shows it after its options table."""
    page.set_viewport_size({"width": 375, "height": 667})
    _open(page, server, "", ".advice-region .weigh .range-picture")
    picture = page.locator(".advice-region .weigh .options-side-by-side + .range-picture")
    svg = picture.locator("svg[role=img]")
    assert svg.count() == 1
    label = svg.get_attribute("aria-label")
    for number in ("12", "69", "43", "82"):
        assert re.search(rf"\b{number}\b", label), label
    assert re.search(r"\b12 to 69 in every 100\b.*\b43 to 82 in every 100\b", label)
    words = " ".join(picture.locator(".range-text").inner_text().split())
    assert "12 to 69 in every 100" in words and "43 to 82 in every 100" in words
    box = svg.bounding_box()
    assert box is not None and box["width"] <= 375 and box["height"] > 40
    assert page.locator(".advice-region .options-side-by-side svg").count() == 0
    _open(page, server, "?view=handout", ".handout .plan-table")
    sheet = page.locator(".handout .plan-table + .range-picture svg[role=img]")
    assert sheet.count() == 1 and "43 to 82" in (sheet.get_attribute("aria-label") or "")


def test_the_plan_says_what_to_collect_and_ends_with_its_sources_by_site(
    page, server, content
) -> None:
    """In the printable plan the records step shows, after its boxes, each record to collect as
    its picture (hidden from screen readers) beside its words, two to a row; the plan ends with
    its sources, each showing its site alone (no "http", no "www."), a link to its full address,
    in type as large as the steps'."""
    _open(page, server, "?view=handout", ".handout .plan-step-records .collect")
    step = page.locator(".handout .plan-step-records")
    items = step.locator(".collect-items > li")
    records = next(p for p in content.options.path if p.id == "records")
    wanted = [words for _, words in records.collect]
    assert [" ".join(t.split()) for t in items.all_inner_texts()] == wanted
    assert items.locator("svg.collect-icon[aria-hidden=true]").count() == len(wanted) == 4
    boxes = [items.nth(n).bounding_box() for n in range(items.count())]
    assert boxes[0]["y"] == boxes[1]["y"] < boxes[2]["y"] == boxes[3]["y"]  # two to a row
    icon, words = (
        items.first.locator("svg").bounding_box(),
        items.first.locator("span").bounding_box(),
    )
    assert icon["x"] + icon["width"] <= words["x"] and abs(icon["y"] - words["y"]) < icon["height"]
    last_box = step.locator(".plan-boxes").bounding_box()
    assert last_box["y"] + last_box["height"] <= step.locator(".collect").bounding_box()["y"]
    sources = page.locator(".handout section.plan-sources")
    assert page.locator(".handout section").last.get_attribute("class") == sources.get_attribute(
        "class"
    )
    links = sources.locator("ol.plan-sources > li a")
    assert links.count() >= 5
    for link in links.all():
        shown, href = link.inner_text(), link.get_attribute("href") or ""
        assert href.startswith("http") and "/" not in shown and "www." not in shown, shown
        assert shown.split(" ")[0] in href
    size = "el => getComputedStyle(el).fontSize"
    assert sources.locator("ol.plan-sources > li").first.evaluate(size) == step.locator(
        ".plan-check"
    ).first.evaluate(size)
