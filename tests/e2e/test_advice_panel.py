"""The advice panel as a visitor reads it: the stage, the cautions, the drawbacks and the words
for asking, in a real browser, for the stories a clinical reviewer looks at first.

Every test here also fails if its page logs a console error or asks another host for anything
(see the `context` fixture in conftest.py).
"""

from __future__ import annotations

from voila_harness import CHANGE_TIMEOUT_MS, PAGE_TIMEOUT_MS

from explainer import advise


def _open_story(open_dashboard, content, story_id: str):
    """The self-check with a story's answers, opened from a link (as a shared link would be)."""
    story = content.scenario(story_id)
    query = "&".join(
        f"{k}={'yes' if v is True else 'no' if v is False else v}" for k, v in story.answers
    )
    dashboard = open_dashboard(f"?{query}")
    dashboard.wait_for_advice(story.expected_second, story.expected_third)
    return dashboard, advise(story.answers_dict(), content)


def test_two_that_disagree_read_as_the_next_opinion(open_dashboard, content):
    """James (two doctors who disagree): stage third; the badge, main message and first reason
    are about a third opinion; the second-opinion verdict is not shown."""
    dashboard, advice = _open_story(open_dashboard, content, "james_prostate")
    panel = dashboard.advice
    assert panel.get_attribute("data-stage") == "third"
    assert panel.locator(".main-message").inner_text() == advice.summary
    assert (
        panel.locator(".second-opinion .level-label").inner_text() == content.level("helpful").label
    )
    first = panel.locator(".reasons > ul > li").first
    assert first.get_attribute("data-criterion") == "opinions_so_far"
    assert panel.locator(".third-opinion").count() == 0
    text = panel.inner_text()
    assert not [lv.label for lv in content.second_levels if lv.label in text]


def test_two_that_agree_with_a_trigger_do_not_read_as_needing_one(open_dashboard, content):
    """Daniel (a rare cancer, two doctors who agree): the level stays the sources' verdict in
    data-level, but the page speaks of the agreed plan, not of needing a second opinion."""
    dashboard, advice = _open_story(open_dashboard, content, "daniel_leukaemia")
    panel = dashboard.advice
    assert (panel.get_attribute("data-level"), panel.get_attribute("data-stage")) == (
        "essential",
        "third",
    )
    assert panel.locator(".main-message").inner_text() == content.level("not_needed").summary
    steps = panel.locator(".next-steps li label").all_inner_texts()
    assert steps[0].strip() == advice.next_steps[0].text
    assert advice.next_steps[0].id == "talk_over_the_plan"
    assert content.level("essential").label not in panel.inner_text()


def test_treatment_that_cannot_wait_shows_cautions_first(open_dashboard, content):
    """Nadia (treatment must start within days): the cautions stand above the reasons, the main
    message is the urgent one, and the first step is about timing."""
    dashboard, advice = _open_story(open_dashboard, content, "nadia_urgent")
    panel = dashboard.advice
    cautions = panel.locator(".cautions > ul > li")
    assert cautions.count() == len(advice.cautions) >= 1
    assert panel.locator(".main-message").inner_text() == advice.summary
    assert advice.summary == content.level("recommended").urgent_summary
    caution_box = panel.locator(".cautions").bounding_box()
    reasons_box = panel.locator(".reasons").bounding_box()
    assert caution_box and reasons_box and caution_box["y"] < reasons_box["y"]
    first_step = panel.locator(".next-steps li label").first.inner_text()
    assert first_step.strip() == advice.next_steps[0].text
    assert "few weeks" not in panel.inner_text()


def test_cautions_come_and_go_with_the_answer(dashboard, content):
    """Ticking "treatment must start within days" adds the cautions at once; unticking removes
    them; the stage follows the opinions question live."""
    page = dashboard.page
    dashboard.set_yes_no("treatment_cannot_wait", True)
    page.locator(".advice-region .advice .cautions").wait_for(timeout=CHANGE_TIMEOUT_MS)
    dashboard.set_yes_no("treatment_cannot_wait", False)
    page.locator(".advice-region .advice .cautions").wait_for(
        state="detached", timeout=CHANGE_TIMEOUT_MS
    )
    option = content.criterion("opinions_so_far").options[1]
    dashboard.criterion("opinions_so_far").get_by_label(option.label, exact=True).check()
    page.locator('.advice-region .advice[data-stage="third"]').wait_for(timeout=CHANGE_TIMEOUT_MS)


def test_drawbacks_and_the_words_for_asking_are_there_at_every_level(open_dashboard, content):
    """At each level and stage, at least three drawbacks beside as many good points, the
    article's answer on asking, and the two helplines."""
    for query in (
        "",
        "?rare_cancer=yes",
        "?far_from_cancer_centre=yes",
        "?opinions_so_far=two_agree",
    ):
        panel = open_dashboard(query).advice
        drawbacks = panel.locator(".drawbacks > ul > li")
        assert drawbacks.count() >= 3, query
        assert drawbacks.count() == panel.locator(".pros > ul > li").count(), query
        assert drawbacks.first.is_visible(), query
        asking = panel.locator(".asking").inner_text()
        assert "not rude" in asking, query
        helplines = panel.locator(".helplines").inner_text()
        assert "1-800-4-CANCER" in helplines and "1-800-227-2345" in helplines, query


def test_the_printable_plan_keeps_the_cautions_and_the_drawbacks(page, server, content):
    """The plan for treatment that cannot wait carries the cautions right after its key points,
    and each option's drawbacks beside its good points."""
    page.goto(server.url + "?view=handout&treatment_cannot_wait=yes")
    cautions = page.locator(".handout .plan-cautions")
    cautions.wait_for(timeout=PAGE_TIMEOUT_MS)
    caution = advise({"treatment_cannot_wait": True}, content).cautions[0].text
    assert " ".join(caution.split())[:40] in " ".join(cautions.inner_text().split())
    sections = page.locator(".handout section").evaluate_all("s => s.map(x => x.className)")
    assert sections[0].startswith("summary") and "plan-cautions" in sections[1]
    drawbacks = page.locator(".handout .plan-options tbody tr").nth(2)
    assert drawbacks.locator("td").count() == 2
    for cell in drawbacks.locator("td").all():
        assert cell.locator("li").count() >= 3
