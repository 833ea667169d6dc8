"""The presenter view, links that carry answers, and the printable plan, in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from voila_harness import CHANGE_TIMEOUT_MS, PAGE_TIMEOUT_MS

from explainer import advise


def open_view(page, server, query: str, ready: str) -> None:
    page.goto(server.url + query)
    page.locator(ready).first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)


def current_story(page) -> str | None:
    return page.locator(".presenter").get_attribute("data-scenario")


def wait_for_story(page, scenario_id: str) -> None:
    page.locator(f'.presenter[data-scenario="{scenario_id}"]').wait_for(timeout=CHANGE_TIMEOUT_MS)


def test_the_presenter_steps_through_the_stories_with_buttons_and_arrow_keys(page, server, content):
    """Next/Previous and the arrow keys move between stories; the advice waits to be revealed."""
    stories = [s.id for s in content.scenarios]
    open_view(page, server, "?view=present", ".presenter")
    assert current_story(page) == stories[0]
    assert page.locator(".presenter .advice").count() == 0
    page.locator(".presenter-next").click()
    wait_for_story(page, stories[1])
    page.keyboard.press("ArrowRight")
    wait_for_story(page, stories[2])
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    wait_for_story(page, stories[0])
    page.locator(".presenter-prev").click()
    wait_for_story(page, stories[-1])


def test_the_presenter_reveals_the_advice_and_updates_it_live(page, server, content):
    """Show the advice gives the story's expected outcome; toggling an answer changes it in place."""
    story = content.scenarios[0]
    open_view(page, server, "?view=present", ".presenter")
    page.locator(".presenter-reveal").click()
    page.locator(
        f'.presenter .advice[data-level="{story.expected_second}"]'
        f'[data-third-opinion="{story.expected_third}"]'
    ).wait_for(timeout=CHANGE_TIMEOUT_MS)
    page.locator(".criterion-opinions_so_far").get_by_label(
        content.criterion("opinions_so_far").options[2].label, exact=True
    ).check()
    page.locator('.presenter .advice[data-third-opinion="helpful"]').wait_for(
        timeout=CHANGE_TIMEOUT_MS
    )
    assert current_story(page) == story.id


def test_the_presenter_is_linked_from_sources_and_about(dashboard, content):
    """The dashboard links to the presenter view at the end of "Sources and about" (not in the
    header every visitor reads)."""
    assert dashboard.page.locator("a.present-link").is_hidden()
    dashboard.nav_button(content.texts["nav_sources"]).click()
    dashboard.page.locator("a.present-link").click()
    dashboard.page.locator(".presenter").wait_for(timeout=PAGE_TIMEOUT_MS)


def test_a_link_prefills_the_answers_and_the_controls_show_them(open_dashboard, content):
    """`?rare_cancer=yes&opinions_so_far=two_disagree` opens with those answers ticked."""
    dash = open_dashboard("?rare_cancer=yes&opinions_so_far=two_disagree")
    dash.wait_for_advice("essential", "helpful")
    assert dash.answer(content.criterion("rare_cancer")) is True
    assert dash.answer(content.criterion("opinions_so_far")) == "two_disagree"
    assert dash.answer(content.criterion("doubts_about_doctor")) is False


def test_a_malformed_link_gives_a_working_page_and_echoes_nothing(open_dashboard, content):
    """Unknown, oversized or script-bearing parameters are dropped with a quiet notice."""
    evil = "?rare_cancer=%3Cscript%3Ealert(1)%3C/script%3E&%3Cimg%20src=x%3E=1&zz=" + "A" * 3000
    dash = open_dashboard(evil)
    page = dash.page
    assert page.locator(".notice-region .notice").is_visible()
    html = page.content()
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "A" * 100 not in html
    dash.set_yes_no("doubts_about_doctor", True)
    dash.wait_for_level("essential")


def test_the_copy_control_builds_the_link_from_the_current_answers(open_dashboard, context):
    """The share link carries the current answers; the copy button puts the full address on the clipboard."""
    dash = open_dashboard("")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    dash.set_yes_no("rare_cancer", True)
    dash.wait_for_level("essential")
    page = dash.page
    page.locator('a.share-link[href="?rare_cancer=yes"]').wait_for(timeout=CHANGE_TIMEOUT_MS)
    page.locator("button.copy-link").click()
    page.locator(".copy-status").filter(has_text=re.compile(r"\S")).wait_for(
        timeout=CHANGE_TIMEOUT_MS
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith("/?rare_cancer=yes")
    assert copied.startswith("http://127.0.0.1:")


def test_the_plan_prints_without_controls(page, server, content):
    """In print media the plan shows its key points, steps and questions and hides every
    control of the page (the sheet's own boxes print)."""
    open_view(page, server, "?view=handout&rare_cancer=yes", ".handout .summary")
    key_point = content.level("essential").key_point
    assert page.locator(".handout .summary li").first.inner_text() == key_point
    page.emulate_media(media="print")
    for selector in (
        ".handout-tools",
        ".matters-panel",
        "button",
        ".jupyter-button",
        ".notice-region",
    ):
        for element in page.locator(selector).all():
            assert not element.is_visible(), selector
    assert page.locator(".handout .summary").is_visible()
    assert page.locator(".handout .plan-checks input[type=checkbox]").first.is_visible()
    assert page.locator(".handout .plan-questions li").count() == len(content.questions)
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


def test_the_download_gives_a_pdf_that_holds_the_advice(page, server, tmp_path: Path):
    """Make a PDF, then Save the PDF: the file's text holds the key points and the date."""
    open_view(page, server, "?view=handout&rare_cancer=yes", ".handout .summary")
    page.locator(".download-pdf").click()
    link = page.locator("a.pdf-link")
    link.wait_for(timeout=CHANGE_TIMEOUT_MS)
    with page.expect_download() as download_info:
        link.click()
    target = tmp_path / "plan.pdf"
    download_info.value.save_as(target)
    text = " ".join("".join(p.extract_text() for p in PdfReader(target).pages).split())
    assert advise({"rare_cancer": True}).key_points[0].text in text
    assert re.search(r"[A-Z][a-z]+ \d{1,2}, \d{4}", text)  # the date it was made, in words
