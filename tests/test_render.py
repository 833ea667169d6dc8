"""The dashboard's HTML: escaped, cited, and carrying the hooks tests and screen readers use."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape

import pytest

from explainer import advise, default_content
from explainer.model import Citation
from explainer.render import (
    advice_html,
    citation_html,
    headline_html,
    help_html,
    sources_html,
    table_html,
)


@pytest.fixture(scope="module")
def content():
    return default_content()


def test_advice_root_carries_both_levels(content) -> None:
    """The advice root has class `advice` and the second- and third-opinion level ids."""
    html = advice_html(
        advise({"rare_cancer": True, "opinions_so_far": "two_disagree"}, content),
        content.level_words,
        content.texts,
        answers="rare_cancer=yes&opinions_so_far=two_disagree",
    )
    assert re.match(
        r'<div class="advice" data-level="essential" data-third-opinion="helpful" '
        r'data-stage="third" data-answers="rare_cancer=yes&amp;opinions_so_far=two_disagree">',
        html,
    )


def test_main_message_comes_before_everything_else(content) -> None:
    """The summary is the first paragraph, before the level, reasons and steps."""
    advice = advise({}, content)
    html = advice_html(advice, content.level_words, content.texts, answers="")
    first_paragraph = re.search(r"<p[^>]*>(.*?)</p>", html)
    assert first_paragraph is not None
    assert "main-message" in first_paragraph.group(0)
    assert html.index("main-message") < html.index("second-opinion")


def test_every_reason_and_step_is_shown_with_its_source(content) -> None:
    """Each reason and each step appears with a disclosure holding its citation link."""
    advice = advise({"doubts_about_doctor": True, "rare_cancer": True}, content)
    html = advice_html(advice, content.level_words, content.texts, answers="")
    for item in (*advice.reasons, *advice.next_steps):
        assert item.text.replace("'", "&#x27;").replace('"', "&quot;") in html
    points = (*advice.good_points, *advice.drawbacks, *advice.asking, *advice.helplines)
    cited = len(advice.reasons) + len(advice.next_steps) + 1 + sum(len(p.citations) for p in points)
    assert html.count('<details class="citation">') == cited


def test_level_is_shown_in_words_and_marks_not_colour_alone(content) -> None:
    """The level's label is text, and the mark count differs between levels."""
    html_ess = advice_html(
        advise({"rare_cancer": True}, content), content.level_words, content.texts, answers=""
    )
    html_opt = advice_html(advise({}, content), content.level_words, content.texts, answers="")
    assert content.level_words["essential"][0] in html_ess
    assert html_ess.count("mark filled") == 3
    assert html_opt.count("mark filled") == 1


def test_a_summary_is_never_shown_as_a_quotation() -> None:
    """Only the source's own words get quotation marks; a summary is labelled as one."""
    texts = default_content().texts
    quoted = citation_html(Citation("s", "Own words.", "https://example.org", True), texts)
    summed = citation_html(Citation("s", "Our summary.", "https://example.org", False), texts)
    assert "<blockquote>“Own words.”</blockquote>" in quoted
    assert "“" not in summed and "<blockquote>" not in summed
    assert texts["summary_lead"] in summed


def test_markup_in_content_is_escaped(content) -> None:
    """A data file holding markup shows it as text, never as HTML."""
    evil = replace(
        content.criteria[0], question="<script>alert(1)</script>", help='" onmouseover="x'
    )
    html = help_html(evil, content.texts)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '" onmouseover' not in html
    table = table_html(["<b>"], [["<img src=x>"]], "t", "caption")
    assert "<img" not in table and "<b>" not in table


def test_sources_show_their_review_dates(content) -> None:
    """Every source is listed with its date, or a plain note when it has none."""
    html = sources_html(content.sources, content.texts)
    for source in content.sources:
        assert source.url in html
        if source.reviewed:
            assert source.reviewed in html
    assert "2009-04-23" in html


def test_the_phone_bar_shows_the_next_opinion_or_only_the_urgent_message(content) -> None:
    """The bar kept in view on a phone shows the level the panel's badge shows; when treatment
    cannot wait it shows the main message alone, with no level label above it."""
    third = advise({"rare_cancer": True, "opinions_so_far": "two_agree"}, content)
    assert content.level_words["not_needed"][0] in headline_html(
        third, content.level_words, answers=""
    )
    assert content.level_words["essential"][0] not in headline_html(
        third, content.level_words, answers=""
    )
    urgent = advise({"rare_cancer": True, "treatment_cannot_wait": True}, content)
    bar = headline_html(urgent, content.level_words, answers="")
    assert content.level_words["essential"][0] not in bar and 'class="marks"' not in bar
    assert escape(urgent.summary) in bar
