"""The served page shows what a decision aid must show to be trusted (the IPDAS items)."""

from __future__ import annotations

import pytest
from voila_harness import CHANGE_TIMEOUT_MS

TRUST_SECTIONS = ("trust-date", "update-policy", "funding", "pros-cons", "evidence-figures")


@pytest.fixture
def about(dashboard, content):
    dashboard.nav_button(content.texts["nav_sources"]).click()
    dashboard.page.locator(".sources-view").wait_for(timeout=CHANGE_TIMEOUT_MS)
    return dashboard.page


@pytest.mark.parametrize("section", TRUST_SECTIONS)
def test_each_trust_item_is_shown(about, section: str) -> None:
    """Production date, update policy, funding, pros and cons, and the figures are all visible."""
    element = about.locator(f".sources-view .{section}")
    assert element.count() == 1 and element.is_visible()
    assert len(element.inner_text().split()) >= 5


def test_pros_and_cons_are_shown_in_equal_detail(about, content) -> None:
    """As many good points as drawbacks, each with its source one click away: one "Sources"
    link after each list opens every point's passage under that point's words."""
    lists = about.locator(".sources-view .pros-cons ul:not(.sources-list)")
    counts = [lst.locator(":scope > li").count() for lst in lists.all()]
    assert len(counts) == 2 and counts[0] == counts[1] > 1
    for side in ("pros", "drawbacks"):
        column = about.locator(f".sources-view .pros-cons .{side}")
        disclosure = column.locator("details.citation")
        assert disclosure.count() == 1
        disclosure.locator("summary").click()
        points = disclosure.locator(".cited-point")
        assert points.count() >= counts[0]  # a point with two sources is named twice
        assert points.first.is_visible()
        assert disclosure.locator("a[href^='http']").count() == points.count()


def test_figures_name_their_population_and_every_source_has_its_date(about, content) -> None:
    """Each study figure is a block headed by who was studied; the article shows its 2009
    review."""
    headings = about.locator(".sources-view .evidence-figures .study h3")
    assert headings.all_text_contents() == [
        f.population for f in sorted(content.about.figures, key=lambda f: f.not_only_cancer)
    ]
    text = about.locator(".sources-view").inner_text()
    assert "April 23, 2009" in text and "2009-04-23" not in text
    for source in content.sources:
        assert source.title in text
    assert content.texts["privacy"].split(".")[0] in text
    assert content.texts["not_advice"].split(".")[0] in text
