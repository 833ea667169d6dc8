"""Where you get your care, in a real browser: the route's steps, and the health plan's
question shown only on the routes that ask it."""

from __future__ import annotations

from voila_harness import CHANGE_TIMEOUT_MS


def _steps(dash) -> str:
    return dash.page.locator(".advice-region .next-steps").inner_text()


def test_a_link_to_the_nhs_route_shows_the_nhs_steps_and_hides_the_plan_question(
    open_dashboard, content
):
    """`?care_route=uk_nhs`: the route chosen, the GP in the steps, no health plan anywhere in
    them, and no health plan question on screen."""
    dash = open_dashboard("?care_route=uk_nhs")
    dash.wait_for_level("optional")
    assert dash.answer(content.criterion("care_route")) == "uk_nhs"
    steps = _steps(dash)
    assert "GP" in steps and "health plan" not in steps and "insurance" not in steps
    assert not dash.criterion("insurer_requires").is_visible()
    assert dash.page.locator(".notice-region .notice").count() == 0


def test_choosing_a_us_plan_asks_the_plan_question_and_leaving_it_drops_the_answer(
    open_dashboard, content
):
    """A US plan shows the plan's question; a yes there makes a second opinion recommended;
    moving to the NHS hides it again, and the advice and the link no longer count it."""
    dash = open_dashboard("?care_route=uk_nhs")
    route = content.criterion("care_route")
    assert not dash.criterion("insurer_requires").is_visible()
    dash.choose(route, "us_private")
    dash.criterion("insurer_requires").wait_for(state="visible", timeout=CHANGE_TIMEOUT_MS)
    dash.set_yes_no("insurer_requires", True)
    dash.wait_for_level("recommended")
    assert "Call your health plan" in _steps(dash)
    dash.choose(route, "uk_nhs")
    dash.wait_for_level("optional")
    dash.criterion("insurer_requires").wait_for(state="hidden", timeout=CHANGE_TIMEOUT_MS)
    dash.page.locator('.advice-region .advice[data-answers="care_route=uk_nhs"]').wait_for(
        timeout=CHANGE_TIMEOUT_MS
    )
    dash.page.locator('a.share-link[href="?care_route=uk_nhs"]').wait_for(timeout=CHANGE_TIMEOUT_MS)


def test_medicare_shows_what_part_b_pays(open_dashboard, content):
    """On Original Medicare, the first task under "Check who pays" is what Part B pays: $20 of
    every $100."""
    dash = open_dashboard("?care_route=us_medicare")
    dash.wait_for_level("optional")
    pays = next(p.text for p in content.options.path if p.id == "pay")
    step = dash.page.locator(".advice-region .path-step").filter(
        has=dash.page.get_by_role("heading", name=pays, exact=True)
    )
    first = step.locator(".checklist > li").first.inner_text()
    assert "Part B" in first and "$20 of every $100" in first
