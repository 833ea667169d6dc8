"""The pictures, the summary box and the plan worth keeping, as a visitor sees them in a real
browser: icon arrays named by their numbers, the key points first, a plan with no screen-only
words whose "what matters most" choices fill it in."""

from __future__ import annotations

import re

from voila_harness import CHANGE_TIMEOUT_MS, PAGE_TIMEOUT_MS

from explainer import advise


def _open(page, server, query: str, ready: str) -> None:
    page.goto(server.url + query)
    page.locator(ready).first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)


def test_each_study_figure_is_a_picture_of_100_people_named_by_its_numbers(
    page, server, content
) -> None:
    """On Sources and about, each figure that fits in 100 is an svg[role=img] whose label states
    its numbers, drawn as 100 people."""
    _open(page, server, "", ".explainer-nav")
    page.locator(".explainer-nav").get_by_role(
        "button", name=content.texts["nav_sources"], exact=True
    ).click()
    arrays = page.locator(".evidence-figures svg.icon-array[role=img]")
    arrays.first.wait_for(state="visible", timeout=CHANGE_TIMEOUT_MS)
    drawn = [f for f in content.about.figures if f.icons]
    assert arrays.count() == len(drawn) >= 4
    for n, figure in enumerate(drawn):
        label = arrays.nth(n).get_attribute("aria-label")
        assert label == " ".join(figure.icons.label.split())
        assert re.search(r"\b[0-9]+\b.*\bevery 100\b|\bevery 100\b.*\b[0-9]+\b", label)
        assert arrays.nth(n).locator("use[class^=fig-]").count() == 100


def test_the_advice_opens_with_a_box_of_key_points(page, server, content) -> None:
    """`.advice .summary` shows the key points for the answers on screen, the level's first."""
    _open(page, server, "?rare_cancer=yes", ".advice-region .advice .summary")
    points = page.locator(".advice-region .advice .summary li")
    expected = advise({"rare_cancer": True}, content).key_points
    assert points.count() == len(expected) >= 3
    assert points.first.inner_text() == expected[0].text


def test_the_path_picture_shows_with_one_opinion_and_not_when_treatment_cannot_wait(
    page, server
) -> None:
    """The path to another opinion is drawn above the steps, but not when treatment cannot
    wait (its order would read as waiting for the new doctor)."""
    _open(page, server, "", ".advice-region .advice")
    path = page.locator(".advice-region .path-picture li")
    assert path.count() == 5
    _open(page, server, "?treatment_cannot_wait=yes", ".advice-region .advice .cautions")
    assert page.locator(".advice-region .path-picture").count() == 0


def test_the_plan_has_no_screen_only_words_and_fills_in_what_matters_most(
    page, server, content
) -> None:
    """The plan opens with its key points, says nothing that only makes sense on a screen, and
    a ticked choice adds what to ask about it, ticked, to the plan."""
    _open(page, server, "?view=handout&rare_cancer=yes", ".handout .summary")
    sheet = page.locator(".handout-sheet")
    words = sheet.inner_text()
    for screen_only in ("opens in a new tab", "Ticks are not saved", "Show the source"):
        assert screen_only not in words
    speed = next(c for c in content.options.matters if c.id == "speed")
    assert " ".join(speed.ask.split()) not in " ".join(words.split())
    page.locator(".matters-speed input[type=checkbox]").check()
    page.locator(".handout .plan-matters input[checked]").first.wait_for(
        state="attached", timeout=CHANGE_TIMEOUT_MS
    )
    assert " ".join(speed.ask.split()) in " ".join(sheet.inner_text().split())


def test_the_stories_table_says_how_to_read_it_and_is_shorter_on_a_phone(
    page, server, content
) -> None:
    """The table has its how-to line and no arrow; on a phone each story shows three short
    parts (who, what the tool says, what would change it), not the answers."""
    page.set_viewport_size({"width": 375, "height": 667})
    _open(page, server, "", ".explainer-nav")
    page.locator(".explainer-nav").get_by_role(
        "button", name=content.texts["nav_stories"], exact=True
    ).click()
    table = page.locator("table.scenario-table")
    table.wait_for(state="visible", timeout=CHANGE_TIMEOUT_MS)
    howto = page.locator(".table-howto")
    assert howto.inner_text() == content.texts["stories_howto"]
    assert "→" not in table.inner_text()
    row = table.locator("tbody tr").first
    shown = [c for c in row.locator("td").all() if c.is_visible()]
    assert len(shown) == 3
    assert content.texts["story_col_answers"] not in " ".join(c.inner_text() for c in shown)
