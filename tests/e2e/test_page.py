"""The dashboard as a visitor meets it: real Voila, real kernel, headless Chromium.

Every test here also fails if its page logs a console error or asks another host for anything
(see the `context` fixture in conftest.py).
"""

from __future__ import annotations

from explainer import Content, Criterion, advise

TITLE = "Second opinion explainer"
TRACEBACK_WORDS = ("Traceback", "Error:", "ExecutionError", "raise ", 'File "')


def first_level_changer(content: Content) -> tuple[Criterion, str, str]:
    """A yes/no criterion whose "yes" alone changes the advice, with the level before and after."""
    before = advise({}, content).second_opinion.level
    for criterion in content.criteria:
        if criterion.kind == "yes_no":
            after = advise({criterion.id: True}, content).second_opinion.level
            if after != before:
                return criterion, before, after
    raise AssertionError("no single yes/no answer changes the advice")


def test_page_opens_straight_into_the_dashboard(dashboard, content):
    """The address shows the dashboard: right title and language; no file list, code, traceback."""
    page = dashboard.page
    assert page.title() == TITLE
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".explainer-app").is_visible()
    code = ".jp-InputArea, .jp-CodeMirrorEditor, .cm-editor, pre.highlight"
    assert page.locator(code).count() == 0
    assert page.locator(".voila-tree, #voila-tree-main, .jp-DirListing").count() == 0
    text = page.locator("body").inner_text()
    assert "build_app" not in text
    assert not [w for w in TRACEBACK_WORDS if w in text]
    assert dashboard.level() == advise({}, content).second_opinion.level
    assert page.locator("#loading").is_hidden()


def test_viewport_and_live_region_are_set(dashboard):
    """Phones get a viewport; the advice region is announced politely when it changes."""
    page = dashboard.page
    viewport = page.locator("meta[name=viewport]").get_attribute("content") or ""
    assert "width=device-width" in viewport
    region = page.locator(".advice-region").first
    assert region.get_attribute("aria-live") == "polite"
    assert region.get_attribute("role") == "status"
    # The live region is the widget's own element, which stays when the advice is redrawn.
    assert region.locator(".widget-html-content .advice").count() == 1


def test_toggling_a_criterion_changes_the_advice(dashboard, content):
    """Ticking one answer gives the level the content says; unticking restores it."""
    criterion, before, after = first_level_changer(content)
    dashboard.set_yes_no(criterion.id, True)
    dashboard.wait_for_level(after)
    dashboard.set_yes_no(criterion.id, False)
    dashboard.wait_for_level(before)


def test_advice_region_survives_a_redraw(dashboard, content):
    """After the advice changes, the live region still wraps the new advice."""
    criterion, _, after = first_level_changer(content)
    region = dashboard.page.locator(".advice-region").first
    handle = region.element_handle()
    dashboard.set_yes_no(criterion.id, True)
    dashboard.wait_for_level(after)
    assert handle.evaluate("e => e.isConnected && e.getAttribute('aria-live')") == "polite"
    assert handle.evaluate("e => e.querySelector('.advice').dataset.level") == after


def test_every_story_loads_its_answers_and_its_advice(dashboard, content):
    """Loading each story, one after another, sets every control and shows the expected advice."""
    wrong: list[str] = []
    for story in content.scenarios:
        dashboard.load_scenario(story.id, content.texts["nav_stories"])
        dashboard.wait_for_advice(story.expected_second, story.expected_third)
        answers = story.answers_dict()
        for criterion in content.criteria:
            expected = answers.get(criterion.id, criterion.default)
            shown = dashboard.answer(criterion)
            if shown != expected:
                wrong.append(f"{story.id}: {criterion.id} shows {shown!r}, expected {expected!r}")
    assert not wrong, "\n".join(wrong)


def test_keyboard_only_visitor_can_answer(dashboard, content):
    """Tab reaches a question; Space ticks it and the advice changes; Space again unticks it."""
    criterion, before, after = first_level_changer(content)
    dashboard.tab_to(f".criterion-{criterion.id}")
    dashboard.page.keyboard.press("Space")
    dashboard.wait_for_level(after)
    assert dashboard.yes_no_input(criterion.id).is_checked()
    dashboard.page.keyboard.press("Space")
    dashboard.wait_for_level(before)


def test_keyboard_only_visitor_can_start_over(dashboard, content):
    """Tab reaches "Start over"; Enter clears the answers and the advice returns to its start."""
    criterion, before, after = first_level_changer(content)
    dashboard.set_yes_no(criterion.id, True)
    dashboard.wait_for_level(after)
    dashboard.tab_to(".start-over")
    dashboard.page.keyboard.press("Enter")
    dashboard.wait_for_level(before)
    assert not dashboard.yes_no_input(criterion.id).is_checked()


def test_start_over_restores_every_default(dashboard, content):
    """After a story is loaded, "Start over" puts every control back to its default."""
    story = max(content.scenarios, key=lambda s: len(s.answers))
    dashboard.load_scenario(story.id, content.texts["nav_stories"])
    dashboard.wait_for_advice(story.expected_second, story.expected_third)
    dashboard.start_over_button.click()
    start = advise({}, content)
    dashboard.wait_for_advice(start.second_opinion.level, start.third_opinion.level)
    wrong = [c.id for c in content.criteria if dashboard.answer(c) != c.default]
    assert not wrong, f"not back to default: {wrong}"


def test_template_and_theme_cannot_be_overridden_from_the_address(open_dashboard):
    """?template= and ?theme= are ignored: the page stays the explainer's own."""
    dashboard = open_dashboard("?template=classic&theme=dark")
    page = dashboard.page
    assert page.title() == TITLE
    assert page.locator("body").get_attribute("data-jp-theme-light") == "true"
    assert dashboard.level()


def test_page_asks_only_this_server_and_logs_no_error(dashboard, content, watch):
    """Loading and using the page makes no request to another host and logs no console error."""
    criterion, _, after = first_level_changer(content)
    dashboard.set_yes_no(criterion.id, True)
    dashboard.wait_for_level(after)
    dashboard.page.wait_for_load_state("networkidle")
    assert watch.foreign_requests == []
    assert watch.console_errors == []
