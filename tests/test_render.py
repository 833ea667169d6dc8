"""The dashboard's HTML: escaped, cited, and carrying the hooks tests and screen readers use."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape, unescape

import pytest

from explainer import advise, default_content
from explainer.model import Citation
from explainer.render import (
    advice_html,
    citation_html,
    headline_html,
    help_html,
    sources_html,
    stories_table_html,
    table_html,
)
from explainer.scenarios import scenario_records


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
    """Each reason, step and point appears, and its passage with its link sits in a disclosure
    under the same words: one disclosure a list, not one a point."""
    advice = advise({"doubts_about_doctor": True, "rare_cancer": True}, content)
    html = advice_html(advice, content.level_words, content.texts, answers="")
    html = re.sub(r'<span class="phone">([^<]*)</span>', r"\1", html)  # kept on one line
    points = (*advice.good_points, *advice.drawbacks, *advice.asking, *advice.helplines)
    cited = [(i.text, i.citation) for i in (*advice.reasons, *advice.next_steps)]
    cited += [(p.text, c) for p in points for c in p.citations]
    disclosures = re.findall(r'<details class="citation[^"]*">(.*?)</details>', html, re.S)
    for text, citation in cited:
        shown = text.replace("'", "&#x27;").replace('"', "&quot;")
        assert html.count(shown) >= 2, text  # the point, and again over its source
        assert any(shown in d and citation.url in d for d in disclosures), text
    lists = html.count("<ul") + html.count("<ol")
    assert len(cited) > len(disclosures) and len(disclosures) <= lists


def test_level_is_shown_in_words_and_marks_not_colour_alone(content) -> None:
    """The level's label is text, and the mark count differs between levels."""
    html_ess = advice_html(
        advise({"rare_cancer": True}, content), content.level_words, content.texts, answers=""
    )
    html_opt = advice_html(advise({}, content), content.level_words, content.texts, answers="")
    assert content.level_words["essential"][0] in html_ess
    assert _badge(html_ess).count("mark filled") == 3
    assert _badge(html_opt).count("mark filled") == 1


def _badge(html: str) -> str:
    found = re.search(r'<div class="level-badge[^"]*">.*?</div>', html)
    assert found is not None
    return found.group(0)


def _key(html: str) -> str:
    found = re.search(r'<div class="marks-key">.*?</div>', html)
    assert found is not None
    return found.group(0)


@pytest.mark.parametrize(
    ("answers", "levels", "most"),
    [
        ({}, ("essential", "recommended", "optional"), 3),
        ({"opinions_so_far": "two_agree"}, ("helpful", "not_needed"), 2),
    ],
    ids=["second", "third"],
)
def test_the_marks_have_a_key_under_the_badge(content, answers, levels, most) -> None:
    """Under the badge a key says what the marks measure and what each count means: every level
    the badge can show in this stage, most marks first, each count in words for screen readers
    (the marks themselves are hidden from them)."""
    html = advice_html(advise(answers, content), content.level_words, content.texts, answers="")
    key = _key(html)
    assert escape(content.texts["marks_key"]) in key
    labels = [escape(content.level_words[lv][0], quote=True) for lv in levels]
    assert [key.index(label) for label in labels] == sorted(key.index(lb) for lb in labels)
    counts = re.findall(r'<span class="visually-hidden">([^<]*)</span>', key)
    assert counts[0].strip() == content.texts["marks_count"].format(count=most)
    assert 'class="marks" aria-hidden="true"' in key
    assert html.index("level-badge") < html.index("marks-key")


def test_under_a_caution_the_badge_and_the_bar_take_the_cautions_colour_not_the_levels(
    content,
) -> None:
    """When treatment cannot wait the badge is neutral (no calm green under the red frame) and
    the bar kept in view on a phone is styled as the caution; otherwise both keep the level's."""
    urgent = advise({"treatment_cannot_wait": True}, content)
    calm = advise({}, content)
    words = content.level_words
    assert " neutral" in _badge(advice_html(urgent, words, content.texts, answers=""))
    assert " neutral" not in _badge(advice_html(calm, words, content.texts, answers=""))
    assert 'class="headline caution"' in headline_html(urgent, words, answers="")
    assert 'class="headline level-optional"' in headline_html(calm, words, answers="")


def test_the_panels_box_leaves_out_the_point_the_main_message_says(content) -> None:
    """The summary box under the main message holds the other key points, not the level's own
    (the printable plan, with no main message, keeps it)."""
    advice = advise({"rare_cancer": True}, content)
    html = advice_html(advice, content.level_words, content.texts, answers="")
    box = re.search(r'<section class="summary".*?</section>', html)
    assert box is not None
    assert escape(advice.key_points[0].text, quote=True) not in box.group(0)
    for point in advice.key_points[1:]:
        assert f'data-point="{point.id}"' in box.group(0)


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
    html = sources_html(content.sources, content.texts, content.about.dates)
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


# -- the stories table ---------------------------------------------------------------------------


def _story_rows(content, **record: object) -> list[list[str]]:
    """The stories table's body cells, as visible text, for the real records (``record``: one
    record's fields replaced in the first)."""
    records = scenario_records(content)
    records[0] = {**records[0], **record}
    words = (content.words.second, content.words.third)
    html = stories_table_html(records, content.level_words, content.texts, words, howto=False)
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    assert body is not None
    return [
        [unescape(re.sub(r"<[^>]+>", " ", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body.group(1))
    ]


def test_the_stories_table_says_each_outcome_in_plain_words(content) -> None:
    """Each row says what the tool computes for its story: a second-opinion level by its label
    alone, a third-opinion level after the words that say it is about a third opinion, and a
    change as its sentence, never as codes, arrows or brackets."""
    for row, record in zip(_story_rows(content), scenario_records(content), strict=True):
        said, change = row[2], row[3]
        third = record["third_opinion"]
        if third == "not_yet":
            assert said == content.level(str(record["second_opinion"])).label
        else:
            label = content.level(str(third)).label
            assert said == f"{content.words.third}: {label}", record["id"]
        for sentence in record["changes_if"] or (content.texts["no_change"],):
            assert " ".join(str(sentence).split()) in " ".join(change.split())
        assert not any(mark in said + change for mark in ("→", "(", ";"))


def test_the_stories_table_lists_several_answers_and_shows_one_plainly(content) -> None:
    """A story's several main answers are a short list; a single one is just its words; none
    (where they get care not given either) say so in words."""
    two = ("You have a rare type of cancer", "Two doctors, and they agree")
    html = stories_table_html(
        [{**scenario_records(content)[0], "care_route": "", "key_answers": two}],
        content.level_words,
        content.texts,
        (content.words.second, content.words.third),
    )
    assert '<ul class="story-list"><li>You have a rare type of cancer</li><li>Two' in html
    one = [{**scenario_records(content)[0], "care_route": "", "key_answers": two[:1]}]
    args = (content.level_words, content.texts, (content.words.second, content.words.third))
    html = stories_table_html(one, *args)
    assert "<ul" not in html and f'">{two[0]}</td>' in html
    none = [{**scenario_records(content)[0], "care_route": "", "key_answers": ()}]
    html = stories_table_html(none, *args)
    assert f'">{escape(content.texts["story_no_answers"])}</td>' in html


def test_the_stories_table_has_its_own_caption_and_a_bold_lead_in_only(content) -> None:
    """The caption names the table without repeating the view's heading; of the line on how to
    read it, only the first few words are bold."""
    texts = content.texts
    words = (content.words.second, content.words.third)
    html = stories_table_html(scenario_records(content), content.level_words, texts, words)
    assert f"<caption>{escape(texts['story_caption'])}</caption>" in html
    assert texts["story_caption"] != texts["stories_heading"]
    howto = re.search(r'<p class="table-howto">(.*?)</p>', html, re.S)
    assert howto is not None
    assert re.findall(r"<strong>(.*?)</strong>", howto.group(1)) == [
        escape(texts["stories_howto_lead"])
    ]
