"""The dashboard's HTML: escaped, cited, and carrying the hooks tests and screen readers use."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape, unescape

import pytest

from explainer import advise, default_content
from explainer.model import SECOND_LEVELS, Citation
from explainer.render import (
    advice_html,
    citation_html,
    headline_html,
    help_html,
    level_badge_html,
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
    assert '<blockquote lang="en">“Own words.”</blockquote>' in quoted
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


# -- the stories tables --------------------------------------------------------------------------


def _visible(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _story_tables(html: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """Each stories table, in order, as (its heading's HTML, its column names, its body rows'
    cells as HTML), found only where the table is named by the heading just above it."""
    found = re.findall(
        r'<h3 class="story-heading" id="([^"]+)">(.*?)</h3>'
        r'<div class="table-scroll" tabindex="0" role="region" aria-labelledby="\1">'
        r'<table class="[^"]*" aria-labelledby="\1"><thead>(.*?)</thead><tbody>(.*?)</tbody>',
        html,
        re.S,
    )
    assert len(found) == html.count("<table"), "a stories table not named by its heading"
    return [
        (
            heading,
            [_visible(c) for c in re.findall(r"<th[^>]*>(.*?)</th>", head)],
            [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr>(.*?)</tr>", body)],
        )
        for _id, heading, head, body in found
    ]


def _name(cell: str) -> str:
    """The person's name, from a row's first cell."""
    found = re.search(r"<strong>(.*?)</strong>", cell)
    assert found is not None, cell
    return unescape(found.group(1))


def _badge_marks(level: str) -> str:
    """The marks as the page's level badge draws them for ``level``."""
    badge = level_badge_html(level, "label", "description")
    found = re.search(r'<span class="marks" aria-hidden="true">.*?</span></span>', badge)
    assert found is not None
    return found.group(0)


def _all_tables(content) -> list[tuple[str, list[str], list[list[str]]]]:
    """The real stories tables, without the line on how to read them."""
    records = scenario_records(content)
    return _story_tables(stories_table_html(records, content.level_words, content.texts))


def test_every_story_is_in_one_table_under_the_level_the_tool_computes(content) -> None:
    """Each story is a row of exactly one table: the one headed by the dots (as the badge draws
    them) and the words of the second-opinion level advise() gives it, or, with two opinions,
    the table of third-opinion stories. The tables come strongest level first, the
    third-opinion one last; the rows keep the stories' order."""
    tables = _all_tables(content)
    where: dict[str, list[str]] = {}
    for heading, _columns, rows in tables:
        for row in rows:
            where.setdefault(_name(row[0]), []).append(heading)
    third = escape(content.texts["story_third_heading"])
    outcomes = []
    for scenario in content.scenarios:
        advice = advise(scenario.answers_dict(), content)
        assert len(where.get(scenario.name, [])) == 1, (scenario.id, where.get(scenario.name))
        heading = where[scenario.name][0]
        if advice.stage == "third":
            assert heading == third, scenario.id
            outcomes.append("third")
            continue
        level = advice.second_opinion.level
        assert _visible(heading).strip("●○ ") == content.level(level).label, scenario.id
        assert heading.startswith(_badge_marks(level) + " "), scenario.id
        outcomes.append(level)
    assert sum(len(rows) for _h, _c, rows in tables) == len(content.scenarios)
    order = [*SECOND_LEVELS, "third"]
    expected = sorted(set(outcomes), key=order.index)
    shown = [h for h, _c, _r in tables]
    assert len(shown) == len(expected) > 2
    assert [h == third for h in shown] == [o == "third" for o in expected]
    names = [s.name for s in content.scenarios]
    for _heading, _columns, rows in tables:
        got = [_name(row[0]) for row in rows]
        assert got == [n for n in names if n in got]


def test_a_tables_dots_differ_by_level_and_mean_only_the_second_opinions_level(content) -> None:
    """A second-opinion table's heading draws three dots as glyphs (which forced colours cannot
    fill or empty), more filled for a stronger level, in a part screen readers skip, then the
    level's words; the third-opinion table draws no dots at all, in its heading or its rows,
    so the dots mean only the second opinion's level."""
    filled = []
    for heading, _columns, rows in _all_tables(content):
        if heading == escape(content.texts["story_third_heading"]):
            cells = [heading, *(cell for row in rows for cell in row)]
            assert not any(re.search(r'[\u25cf\u25cb]|class="marks?[ "]', c) for c in cells)
            continue
        marks = re.search(r'<span class="marks" aria-hidden="true">(.*?)</span> ', heading)
        assert marks is not None, heading
        glyphs = re.findall(r'<span class="mark(?: filled)?">(.)</span>', marks.group(1))
        assert len(glyphs) == 3 and set(glyphs) <= {"\u25cf", "\u25cb"}, heading
        spoken = heading.replace(marks.group(0), "")
        assert "\u25cf" not in spoken and "\u25cb" not in spoken and _visible(spoken)
        assert not any("\u25cf" in c or "\u25cb" in c for row in rows for c in row), heading
        filled.append(heading.count('class="mark filled"'))
    assert filled == sorted(filled, reverse=True) and len(set(filled)) == len(filled) > 1


def test_a_level_with_no_stories_has_no_table(content) -> None:
    """Without a story at a level, no table (and no heading) for it is shown."""
    records = [r for r in scenario_records(content) if r["second_opinion"] != "optional"]
    html = stories_table_html(records, content.level_words, content.texts, howto=False)
    headings = [_visible(h) for h, _c, _r in _story_tables(html)]
    assert all(content.level("optional").label not in h for h in headings)
    assert len(headings) == len(_all_tables(content)) - 1
    one = [r for r in scenario_records(content) if r["third_opinion"] == "not_yet"]
    html = stories_table_html(one, content.level_words, content.texts, howto=False)
    assert escape(content.texts["story_third_heading"]) not in html


def test_the_stories_tables_say_each_outcome_in_plain_words(content) -> None:
    """A second-opinion table's rows hold the person, their situation (the story's title) and
    the change, with no column for the outcome its heading names; the third-opinion table's
    rows add the third opinion's level by its label alone. A change is its phrase, never codes,
    arrows or brackets."""
    texts = content.texts
    three = [texts["story_col_story"], texts["story_col_situation"], texts["story_col_changes"]]
    records = {str(r["name"]): r for r in scenario_records(content)}
    tables = _all_tables(content)
    for heading, columns, rows in tables:
        third = heading == escape(texts["story_third_heading"])
        assert columns == ([*three[:2], texts["story_col_outcome"], three[2]] if third else three)
        for row in rows:
            record = records[_name(row[0])]
            assert row[1] == escape(str(record["title"])), record["id"]
            said = row[2] if third else ""
            if third:
                assert said == escape(content.level(str(record["third_opinion"])).label)
            change = _visible(row[-1])
            for phrase in record["changes_if"] or (texts["no_change"],):
                assert " ".join(str(phrase).split()) in change
            assert not any(mark in said + change for mark in ("→", "(", ";"))
    assert tables[-1][0] == escape(texts["story_third_heading"])


def test_a_row_says_the_situation_in_the_third_person_and_the_change_in_few_words(
    content,
) -> None:
    """The situation names no "you" (the form's answers, worded for the reader, are not in the
    table); a change is the answer, quoted as the form words it, and the new level, with a few
    words around them and none about "the tool"."""
    records = {str(r["name"]): r for r in scenario_records(content)}
    labels = [level.label for level in (*content.second_levels, *content.third_levels)]
    for _heading, _columns, rows in _all_tables(content):
        for row in rows:
            record = records[_name(row[0])]
            assert not re.search(r"\byou(r)?\b", _visible(row[1]), re.I), record["id"]
            for phrase in map(str, record["changes_if"]):
                quoted = re.findall(r"“([^”]*)”", phrase)
                assert len(quoted) == 2 and quoted[1] in labels, phrase
                rest = re.sub(r"“[^”]*”", "", phrase)
                assert len(re.findall(r"\w+", rest)) <= 5 and "tool" not in rest.lower(), phrase


def test_a_rows_several_changes_are_a_list_one_is_plain_and_none_is_said(content) -> None:
    """A story's several changes are a short list; a single one is just its words; none is said
    in words."""
    two = ("Uncheck “A”. New advice: “B”.", "Choose “C”. New advice: “D”.")
    args = (content.level_words, content.texts)
    first = scenario_records(content)[0]
    html = stories_table_html([{**first, "changes_if": two}], *args)
    assert f'<ul class="story-list"><li>{escape(two[0])}</li><li>{escape(two[1])}' in html
    html = stories_table_html([{**first, "changes_if": two[:1]}], *args)
    assert "<ul" not in html and f'">{escape(two[0])}</div></td>' in html
    html = stories_table_html([{**first, "changes_if": ()}], *args)
    assert f'">{escape(content.texts["no_change"])}</div></td>' in html


def test_a_change_quotes_the_forms_words_even_where_the_glossary_explains_a_term(
    content,
) -> None:
    """With the glossary's meanings added to the page's prose, a change still quotes its answer
    exactly as the form words it (no meaning in brackets inside the quotation)."""
    records = {str(r["name"]): r for r in scenario_records(content)}
    args = (content.level_words, content.texts, content.glossary)
    html = stories_table_html(list(records.values()), *args)
    assert 'class="term-meaning"' in html
    changes = 0
    for _heading, _columns, rows in _story_tables(html):
        for row in rows:
            for phrase in records[_name(row[0])]["changes_if"]:
                assert escape(str(phrase)) in row[-1], phrase
                changes += 1
    assert changes > 0


def test_the_stories_tables_have_their_own_headings_and_a_bold_lead_in_only(content) -> None:
    """Each table is named by a heading of its own (never the view's heading again); of the
    line on how to read them, only the first few words are bold."""
    texts = content.texts
    html = stories_table_html(scenario_records(content), content.level_words, texts)
    headings = [_visible(h) for h, _c, _r in _story_tables(html)]
    assert len(set(headings)) == len(headings) > 1 and texts["stories_heading"] not in headings
    howto = re.search(r'<p class="table-howto">(.*?)</p>', html, re.S)
    assert howto is not None
    assert re.findall(r"<strong>(.*?)</strong>", howto.group(1)) == [
        escape(texts["stories_howto_lead"])
    ]
