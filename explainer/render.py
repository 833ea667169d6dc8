"""HTML for the dashboard: advice, help, stories and sources, as escaped strings.

Pure functions of (content, values). Every piece of text comes from ``data/`` and is escaped
here, so nothing a visitor or a data file holds can inject markup.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING

from .dates import date_words
from .glossary import define_html
from .model import (
    ROUTE,
    SECOND_LEVELS,
    Advice,
    Citation,
    Content,
    Criterion,
    DateWords,
    Figure,
    Options,
    Point,
    Reason,
    Scenario,
    Source,
    Step,
    Term,
    on_route,
    points_on_route,
)
from .pictures import Picture, collect_html, icon_arrays_html, path_html
from .qr import qr_svg
from .range_picture import range_picture_html
from .translation import DEFAULT_LANGUAGE, SOURCE_LANGUAGE

if TYPE_CHECKING:
    from .group import GroupReply

Texts = Mapping[str, str]

#: How many of three marks each level fills: a cue that does not rely on colour. The badge
#: shows a third-opinion level once the advice is about the next opinion (stage "third").
_LEVEL_MARKS = {"essential": 3, "recommended": 2, "optional": 1, "helpful": 2, "not_needed": 1}
#: The id prefix of the summary box's point that restates the main message (explainer/advice.py).
LEVEL_POINT = "level_"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


#: The marks are characters, not painted boxes: high-contrast (forced colours) modes repaint
#: every background, which once turned filled dots into empty rings, saying the opposite of the
#: words. A glyph keeps its shape in every colour mode.
_MARK_GLYPHS = ("\u25cf", "\u25cb")  # filled circle, empty circle


def _marks(level: str) -> str:
    filled = _LEVEL_MARKS.get(level, 0)
    return "".join(
        f'<span class="mark filled">{_MARK_GLYPHS[0]}</span>'
        if i < filled
        else f'<span class="mark">{_MARK_GLYPHS[1]}</span>'
        for i in range(3)
    )


def marks_filled(level: str) -> int:
    """How many of the badge's three marks ``level`` fills (the PDF draws them as shapes)."""
    return _LEVEL_MARKS.get(level, 0)


def _new_tab(texts: Texts) -> str:
    """What a screen reader hears after a link that opens a new tab."""
    return f'<span class="visually-hidden"> {_e(texts["new_tab"])}</span>'


def citation_html(citation: Citation, texts: Texts) -> str:
    """A citation behind a disclosure: a quotation only when the words are the source's own."""
    return (
        f'<details class="citation"><summary>{_e(texts["source_summary"])}</summary>'
        f"{_cited(citation, texts)}</details>"
    )


def cited_list_html(cited: Sequence[tuple[str, Citation]], texts: Texts) -> str:
    """The sources of a list's points behind one disclosure, each under the words of the point
    it backs: every point keeps its passage, and a list of ten reads as ten points, not ten
    points and ten "Source" links. One citation alone is shown as :func:`citation_html`."""
    if len(cited) == 1:
        return citation_html(cited[0][1], texts)
    if not cited:
        return ""
    items = "".join(
        f'<li><p class="cited-point">{_e(point)}</p>{_cited(c, texts)}</li>' for point, c in cited
    )
    return (
        f'<details class="citation grouped"><summary>{_e(texts["sources_summary"])}</summary>'
        f'<ul class="sources-list">{items}</ul></details>'
    )


def _cited(citation: Citation, texts: Texts) -> str:
    """A passage (a quotation only when the words are the source's own) and its link."""
    if citation.verbatim:
        # The source's own words, in the source's language (every source is English); in
        # another language, our rendering follows, said to be ours.
        body = (
            f"<p>{_e(texts['quote_lead'])}</p>"
            f'<blockquote lang="{SOURCE_LANGUAGE}">“{_e(citation.quote)}”</blockquote>'
        )
        if citation.translation:
            body += (
                f'<p class="quote-translation">{_e(texts["quote_translation"])} '
                f"{_e(citation.translation)}</p>"
            )
    else:
        body = f'<p>{_e(texts["summary_lead"])}</p><p class="summary-of-source">{_e(citation.quote)}</p>'
    link = (
        f'<a href="{_e(citation.url)}" rel="noopener noreferrer" target="_blank">'
        f"{_e(texts['read_source'])}{_new_tab(texts)}</a>"
    )
    return f'{body}<p class="citation-link">{link}</p>'


def level_badge_html(level: str, label: str, description: str, *, neutral: bool = False) -> str:
    """The level as a word, a three-mark meter and a plain description. ``neutral`` draws it in
    the text's own colour: under the caution that treatment cannot wait, a calm green "Your
    choice" would say the opposite of the red frame above it."""
    tone = " neutral" if neutral else ""
    return (
        f'<div class="level-badge level-{_e(level)}{tone}">'
        f'<span class="marks" aria-hidden="true">{_marks(level)}</span>'
        f'<strong class="level-label">{_e(label)}</strong></div>'
        f'<p class="level-description">{_e(description)}</p>'
    )


def marks_key_html(stage: str, level_words: Mapping[str, tuple[str, str]], texts: Texts) -> str:
    """The meter's key, under the badge: what the marks measure, then each level the badge can
    show in this stage (the second opinion's, or in stage "third" the next one's), most marks
    first. Screen readers hear the count in words; the marks themselves are hidden from them."""
    levels = [lv for lv in _LEVEL_MARKS if (lv in SECOND_LEVELS) == (stage == "second")]
    items = "".join(
        f'<li><span class="marks" aria-hidden="true">{_marks(lv)}</span> '
        f'<span class="visually-hidden">{_e(texts["marks_count"].format(count=_LEVEL_MARKS[lv]))}'
        f" </span>{_e(level_words[lv][0])}</li>"
        for lv in sorted(levels, key=lambda lv: -_LEVEL_MARKS[lv])
    )
    return (
        f'<div class="marks-key"><p class="marks-key-lead">{_e(texts["marks_key"])}</p>'
        f'<ul class="marks-key-list">{items}</ul></div>'
    )


def _reasons_html(reasons: Iterable[Reason], texts: Texts) -> str:
    """The reasons (or cautions) as a list, their sources together after it; "" for none."""
    found = tuple(reasons)
    if not found:
        return ""
    items = "".join(
        f'<li data-criterion="{_e(r.criterion)}"><p>{_e(r.text)}</p></li>' for r in found
    )
    return f"<ul>{items}</ul>" + cited_list_html([(r.text, r.citation) for r in found], texts)


def shown_level(advice: Advice) -> str:
    """The level the badge shows: the second opinion's, or the next opinion's in stage third."""
    return advice.second_opinion.level if advice.stage == "second" else advice.third_opinion.level


def pros_cons_html(
    pros: Iterable[Point], cons: Iterable[Point], headings: tuple[str, str], texts: Texts, h: str
) -> str:
    """Good points and drawbacks side by side, in the same form (``.pros``, ``.drawbacks``),
    under headings of level ``h`` ("h3", "h4")."""
    return (
        f'<div class="pros-cons-columns"><div class="pros"><{h}>{_e(headings[0])}</{h}>'
        f"{_points_html(pros, texts)}</div>"
        f'<div class="drawbacks"><{h}>{_e(headings[1])}</{h}>'
        f"{_points_html(cons, texts)}</div></div>"
    )


def _section(css_class: str, heading: str, body: str) -> str:
    return f'<section class="{css_class}"><h3>{_e(heading)}</h3>{body}</section>'


def summary_html(advice: Advice, texts: Texts) -> str:
    """The summary box: the key points for these answers (their citations are with the same
    texts further down), but the level's own point: the main message says it just above it (the
    printable plan, which has no main message, keeps it). Empty when no point is left."""
    points = [k for k in advice.key_points if not k.id.startswith(LEVEL_POINT)]
    if not points:
        return ""
    items = "".join(f'<li data-point="{_e(k.id)}">{_e(k.text)}</li>' for k in points)
    return (
        f'<section class="summary" aria-labelledby="summary-heading">'
        f'<h3 id="summary-heading">{_e(texts["summary_heading"])}</h3><ul>{items}</ul></section>'
    )


def checklist_html(steps: Iterable[Step], texts: Texts, *, ordered: bool = False) -> str:
    """Steps to tick, their sources together after them."""
    found = tuple(steps)
    items = "".join(
        # One span for the words: the label is a flex row, and a term's meaning inside it must
        # wrap with the words around it, not beside them.
        f'<li><label><input type="checkbox" name="step-{_e(s.id)}"> '
        f'<span class="step-text">{_e(s.text)}</span></label></li>'
        for s in found
    )
    tag = "ol" if ordered else "ul"
    sources = cited_list_html([(s.text, s.citation) for s in found], texts)
    return f'<{tag} class="checklist">{items}</{tag}>{sources}'


def path_picture_html(
    options: Options, steps: Sequence[Step], texts: Texts, *, urgent: bool = False
) -> str:
    """The path to another opinion, step by step, as a picture (explainer/pictures.py), with
    the next steps to tick under the step of the path each belongs to (``urgent``: treatment
    cannot wait, and the path's words say so)."""
    on_path = options.on_path(steps, urgent=urgent)
    stages = [
        (p.text, checklist_html(under, texts) + collect_html(p.collect, options.collect_label))
        for p, under in on_path
    ]
    icons = [p.icon for p, _ in on_path]
    return f'<div class="path">{path_html(stages, options.path_label, icons)}</div>'


def options_html(advice: Advice, options: Options, texts: Texts, h: str = "h4") -> str:
    """The two options side by side, each with what it involves, its good points and its
    drawbacks: another opinion (the advice's own good points and drawbacks) and going ahead
    with the current plan, in equal detail (no picture on one side only), then the review's
    findings as one picture after both. ``.option-another`` keeps ``.pros`` and ``.drawbacks``
    as before."""
    another = (
        options.another_heading,
        options.another_involves,
        advice.good_points,
        advice.drawbacks,
        "option-another",
    )
    current = (
        options.current_heading,
        options.current_involves,
        options.current_good,
        options.current_drawbacks,
        "option-current",
    )
    # One disclosure of sources per option, after its three parts: every point keeps its
    # passage, and the option reads as one block, not six "Sources" links.
    return (
        '<div class="options-side-by-side">'
        + "".join(
            f'<div class="option {css}"><{h}>{_e(heading)}</{h}>'
            f'<p class="option-involves"><strong>{_e(texts["option_involves"])}</strong> '
            f"{_e(involves.text)}</p>"
            f'<div class="pros"><p class="option-part">{_e(texts["weigh_pros"])}</p>'
            f"{_points_list_html(good)}</div>"
            f'<div class="drawbacks"><p class="option-part">{_e(texts["weigh_cons"])}</p>'
            f"{_points_list_html(bad)}</div>"
            + cited_list_html(
                [(involves.text, c) for c in involves.citations]
                + [(p.text, c) for p in (*good, *bad) for c in p.citations],
                texts,
            )
            + "</div>"
            for heading, involves, good, bad, css in (another, current)
        )
        + "</div>"
        + _ranges_html(options, texts)
    )


def _ranges_html(options: Options, texts: Texts) -> str:
    """The review's findings as ranges on one scale, after both options (never beside one, so
    it weighs neither), with its source as the rest of the advice gives it."""
    ranges = options.ranges
    return range_picture_html(ranges, citation_html(ranges.citation, texts)) if ranges else ""


def advice_html(
    advice: Advice,
    level_words: Mapping[str, tuple[str, str]],
    texts: Texts,
    *,
    answers: str,
    options: Options | None = None,
    terms: Sequence[Term] = (),
) -> str:
    """The advice panel: main message first, then the summary box, cautions, level, reasons,
    the path to another opinion (stage second), next steps, the third opinion (stage second only:
    in stage third the badge and the reasons are about it), the options side by side, asking for
    a second opinion, helplines (where the route has any). Each of ``terms`` is defined where the
    panel first uses it (explainer/glossary.py).

    ``level_words`` maps a level id to (label, description). ``answers`` is the link query of
    the answers the advice is for (links.build_query): the page's script compares it with the
    controls on screen and marks the advice out of date while they differ (connection.js).
    """
    second, third, stage = advice.second_opinion.level, advice.third_opinion, advice.stage
    shown = shown_level(advice)
    heading = texts["level_heading" if stage == "second" else "next_level_heading"]
    reasons = _reasons_html(advice.reasons, texts) or (
        f'<ul><li class="no-reasons"><p>{_e(texts["no_reasons"])}</p></li></ul>'
    )

    cautions = _reasons_html(advice.cautions, texts)
    third_section = (
        f'<section class="third-opinion" data-level="{_e(third.level)}">'
        f"<h3>{_e(texts['third_heading'])}</h3><p><strong>{_e(level_words[third.level][0])}."
        f"</strong> {_e(third.text)}</p>{citation_html(third.citation, texts)}</section>"
    )
    # The options side by side are about a second opinion against one current plan: with two
    # opinions, another opinion's good points and drawbacks alone.
    both = options is not None and stage == "second"
    weigh = (
        options_html(advice, options, texts)
        if options is not None and both
        else pros_cons_html(
            advice.good_points,
            advice.drawbacks,
            (texts["weigh_pros"], texts["weigh_cons"]),
            texts,
            "h4",
        )
    )
    # With one opinion so far the steps are the path to another opinion; with two, a list.
    steps = (
        path_picture_html(options, advice.next_steps, texts, urgent=bool(advice.cautions))
        if options is not None and stage == "second"
        else checklist_html(advice.next_steps, texts, ordered=True)
    )

    html = (
        f'<div class="advice" data-level="{_e(second)}" data-third-opinion="{_e(third.level)}" '
        f'data-stage="{_e(stage)}" data-answers="{_e(answers)}">'
        f'<h2 class="advice-heading">{_e(texts["advice_heading"])}</h2>'
        f'<p class="main-message">{_e(advice.summary)}</p>'
        + summary_html(advice, texts)
        + (_section("cautions", texts["cautions_heading"], cautions) if cautions else "")
        + f'<section class="second-opinion" aria-label="{_e(heading)}"><h3>{_e(heading)}</h3>'
        f"{level_badge_html(shown, *level_words[shown], neutral=bool(advice.cautions))}"
        f"{marks_key_html(stage, level_words, texts)}</section>"
        + _section("reasons", texts["reasons_heading"], reasons)
        + _section(
            "weigh",
            texts["weigh_heading" if both else "weigh_next_heading"],
            f"<p>{_e(texts['weigh_intro' if both else 'weigh_next_intro'])}</p>{weigh}",
        )
        + _section("asking", texts["asking_heading"], _points_html(advice.asking, texts))
        + _section(
            "next-steps",
            texts["steps_heading"],
            f'<p class="hint">{_e(texts["steps_hint"])}</p>{steps}',
        )
        + (third_section if stage == "second" else "")
        + (
            _section(
                "helplines",
                texts["helplines_heading"],
                _points_html(advice.helplines, texts),
            )
            if advice.helplines
            else ""
        )
        + "</div>"
    )
    return nowrap_phones(define_html(html, terms) if terms else html)


def mark_syncing(html: str) -> str:
    """The same HTML with what it made for some answers (its first ``data-answers``) marked out
    of date while the kernel sets the controls (``data-stale="syncing"``): explainer/dashboard.py
    sends it just before it changes them; its redraw takes the mark away."""
    return html.replace(" data-answers=", ' data-stale="syncing" data-answers=', 1)


def help_html(criterion: Criterion, texts: Texts, terms: Sequence[Term] = ()) -> str:
    """The full question with its help text one click away, each of ``terms`` defined where it
    first appears."""
    html = (
        f'<details class="criterion-help"><summary>{_e(texts["help_summary"])}'
        f'<span class="visually-hidden"> ({_e(criterion.label)})</span></summary>'
        f"<p><strong>{_e(criterion.question)}</strong></p><p>{_e(criterion.help)}</p></details>"
    )
    return define_html(html, terms) if terms else html


def header_html(texts: Texts) -> str:
    """The page heading, the purpose and the two plain statements every visitor must see."""
    return (
        f'<header class="explainer-header"><h1>{_e(texts["title"])}</h1>'
        f'<p class="intro">{_e(texts["intro"])}</p>'
        f'<p class="not-advice"><strong>{_e(texts["not_advice"])}</strong></p></header>'
    )


def presenter_link_html(texts: Texts) -> str:
    """The link to the presenter view: for educators, so it sits at the end of "Sources and
    about" rather than in the header every visitor reads first."""
    present = link_html(in_language("view=present", texts), texts["present_link"], "present-link")
    return f'<p class="view-links">{present}</p>'


def intro_html(heading: str, text: str, css_class: str = "") -> str:
    """A view's heading and the short text under it (``css_class`` on the text, if any)."""
    attribute = f' class="{_e(css_class)}"' if css_class else ""
    return f"<h2>{_e(heading)}</h2><p{attribute}>{_e(text)}</p>"


def group_heading_html(label: str) -> str:
    """The heading of a group of questions."""
    return f"<h3>{_e(label)}</h3>"


def stories_table_html(
    records: Iterable[Mapping[str, object]],
    level_words: Mapping[str, tuple[str, str]],
    texts: Texts,
    terms: Sequence[Term] = (),
    *,
    howto: bool = True,
) -> str:
    """The stories in small tables, one per outcome (:func:`story_groups`), each under a short
    heading that names the outcome with the badge's marks; a table with no stories is not
    shown. A row holds only what it needs: the person, their situation (the story's title) and
    the one answer that changes the advice, as a short phrase (``records`` as
    :func:`explainer.scenarios.scenario_records`). The stories with two opinions share one
    table, whose rows say the third opinion's level in words in a column of their own (no
    marks: the marks are the second opinion's). On a phone each row is a block with each
    column's name over its cell (``data-label``; dashboard.css). A line above says how to read
    them (``howto``; the dashboard puts it above the buttons that load the stories,
    :func:`stories_howto_html`)."""
    tables = "".join(
        _story_table_html(key, group, level_words, texts)
        for key, group in story_groups(records)
        if group
    )
    html = (stories_howto_html(texts) if howto else "") + tables
    return define_html(html, terms) if terms else html


#: The key of the stories table for the stories with two opinions (:func:`story_groups`).
THIRD_STORIES = "third"


def story_groups(
    records: Iterable[Mapping[str, object]],
) -> list[tuple[str, list[Mapping[str, object]]]]:
    """The stories by what the tool says for them, strongest second-opinion level first, then
    the stories with two opinions (:data:`THIRD_STORIES`); each group in the records' order,
    an empty one kept (its table is not shown)."""
    groups: dict[str, list[Mapping[str, object]]] = {lv: [] for lv in SECOND_LEVELS}
    groups[THIRD_STORIES] = []
    for record in records:
        third = record["third_opinion"] != "not_yet"
        groups[THIRD_STORIES if third else str(record["second_opinion"])].append(record)
    return list(groups.items())


def _story_table_html(
    key: str,
    records: Sequence[Mapping[str, object]],
    level_words: Mapping[str, tuple[str, str]],
    texts: Texts,
) -> str:
    """One group's heading and table (``key``: a second-opinion level, or
    :data:`THIRD_STORIES`, whose rows add the third opinion's level, in words)."""
    third = key == THIRD_STORIES
    columns = [texts["story_col_story"], texts["story_col_situation"], texts["story_col_changes"]]
    if third:
        columns.insert(2, texts["story_col_outcome"])
        heading = _e(texts["story_third_heading"])
    else:
        heading = _level_words_html(key, level_words)
    rows = (_story_cells(r, level_words, texts, outcome=third) for r in records)
    css = f"scenario-table{' with-outcome' if third else ''}"
    anchor = f"story-table-{key}"
    level = "" if third else f" level-{_e(key)}"
    return (
        f'<div class="story-group{level}">'
        f'<h3 class="story-heading" id="{_e(anchor)}">{heading}</h3>'
        f"{_table_html(columns, rows, css, labelled_by=anchor)}</div>"
    )


def _level_words_html(level: str, level_words: Mapping[str, tuple[str, str]]) -> str:
    """A level's marks as the badge draws them (hidden from screen readers, which hear the
    words) and its label."""
    return (
        f'<span class="marks" aria-hidden="true">{_marks(level)}</span> '
        f'<span class="level-label">{_e(level_words[level][0])}</span>'
    )


def _story_cells(
    record: Mapping[str, object],
    level_words: Mapping[str, tuple[str, str]],
    texts: Texts,
    *,
    outcome: bool,
) -> list[str]:
    """One story's cells, as escaped HTML: who, their situation (the story's title, in the third
    person), with ``outcome`` the third opinion's level in words only, then the changes (kept
    from the glossary's brackets: they quote the form's words, glossary.py)."""
    person = f"<strong>{_e(record['name'])}</strong>, {_e(record['age'])}, {_e(record['cancer'])}"
    situation = _e(record["title"])
    changes = _short_list(_texts(record["changes_if"])) or _e(texts["no_change"])
    changes = f'<div class="story-change">{changes}</div>'
    if not outcome:
        return [person, situation, changes]
    said = _e(level_words[str(record["third_opinion"])][0])
    return [person, situation, said, changes]


def _texts(value: object) -> tuple[str, ...]:
    """A record's tuple of texts (or one text) as a tuple of the non-empty ones."""
    items = value if isinstance(value, tuple | list) else (value,)
    return tuple(str(v) for v in items if v)


def _short_list(items: Iterable[object]) -> str:
    """Escaped HTML: one text as it is, several as a list, none as ""."""
    shown = [str(i) for i in items if i]
    if len(shown) < 2:
        return "".join(_e(i) for i in shown)
    return '<ul class="story-list">' + "".join(f"<li>{_e(i)}</li>" for i in shown) + "</ul>"


def stories_howto_html(texts: Texts) -> str:
    """How to use the stories tables, in one line: its first few words in bold, the rest not."""
    return (
        f'<p class="table-howto"><strong>{_e(texts["stories_howto_lead"])}</strong> '
        f"{_e(texts['stories_howto'])}</p>"
    )


def preview_html(languages: Sequence[tuple[str, str]]) -> str:
    """The first paint (explainer/preview.py): for each language, its code and its
    :func:`preview_html_parts`, each marked with its language (the page's script shows one)."""
    parts = "".join(
        f'<div data-explainer-lang="{_e(code)}" lang="{_e(code)}">{html}</div>'
        for code, html in languages
    )
    return f'<div class="explainer-preview" id="explainer-preview">{parts}</div>'


def preview_html_parts(
    advice: Advice, level_words: Mapping[str, tuple[str, str]], texts: Texts, questions: str = ""
) -> str:
    """The first paint in one language: the heading (under the link to the other language, as
    the dashboard shows it), the main message for the default answers and the questions
    (:func:`preview_questions_html`), and the neutral line a link with answers shows instead of
    the message and the questions (explainer.css)."""
    headline = headline_html(advice, level_words, answers="")
    other = texts["language_switch_code"]
    query = "" if other == DEFAULT_LANGUAGE else f"lang={other}"
    switch = language_switch_html(query, texts, beside_heading=True)
    return (
        f"{switch}{header_html(texts)}"
        # Where the dashboard's view buttons come (dashboard.css keeps the same height).
        '<div class="preview-nav"></div>'
        f'<div class="preview-default headline-region">{headline}</div>'
        f'<p class="preview-link">{_e(texts["first_paint_link"])}</p>'
        f"{questions}"
    )


def preview_questions_html(content: Content) -> str:
    """The questions as the dashboard first asks them, to read before its controls arrive: each
    group's heading, each question and its choices, the default ones marked; no controls. Only
    for the default answers (a link with answers shows none of it: explainer.css)."""
    texts = content.texts
    defaults = {c.id: c.default for c in content.criteria}
    groups = []
    for group in content.groups:
        members = [
            c for c in content.criteria if c.group == group.id and on_route(c.routes, defaults)
        ]
        if members:
            items = "".join(_preview_question(c) for c in members)
            groups.append(
                f'<div class="criterion-group">{group_heading_html(group.label)}{items}</div>'
            )
    intro = intro_html(texts["questions_heading"], texts["questions_hint"], "hint")
    return f'<div class="preview-questions">{intro}{"".join(groups)}</div>'


def _preview_question(criterion: Criterion) -> str:
    if criterion.kind == "yes_no":
        mark = "preview-box filled" if criterion.default else "preview-box"
        return (
            f'<p class="preview-question preview-choice"><span class="{mark}"></span>'
            f"{_e(criterion.label)}</p>"
        )
    choices = "".join(
        f'<li class="preview-choice"><span class="preview-circle'
        f'{" filled" if option.id == criterion.default else ""}"></span>{_e(option.label)}</li>'
        for option in criterion.options
    )
    return (
        f'<div class="preview-question"><p class="preview-label">{_e(criterion.label)}</p>'
        f'<ul class="preview-choices">{choices}</ul></div>'
    )


def table_html(
    columns: Iterable[str], rows: Iterable[Iterable[object]], css_class: str, caption: str
) -> str:
    """A plain, escaped HTML table with a caption and column headers."""
    return _table_html(columns, ([_e(v) for v in row] for row in rows), css_class, caption)


def _table_html(
    columns: Iterable[str],
    rows: Iterable[Iterable[str]],
    css_class: str,
    caption: str = "",
    *,
    labelled_by: str = "",
) -> str:
    """The same from cells that are already escaped HTML; each cell carries its column's name
    (``data-label``), which a phone shows over it when the rows become blocks (dashboard.css).
    The table is named by its ``caption``, or by the heading whose id is ``labelled_by``."""
    names = list(columns)
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in names)
    body = "".join(
        "<tr>"
        + "".join(f'<td data-label="{_e(n)}">{v}</td>' for n, v in zip(names, row, strict=True))
        + "</tr>"
        for row in rows
    )
    if labelled_by:
        name, title = f'aria-labelledby="{_e(labelled_by)}"', ""
        label = f" {name}"
    else:
        name, title = f'aria-label="{_e(caption)}"', f"<caption>{_e(caption)}</caption>"
        label = ""
    return (
        f'<div class="table-scroll" tabindex="0" role="region" {name}>'
        f'<table class="{_e(css_class)}"{label}>{title}'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def sources_html(sources: Iterable[Source], texts: Texts, dates: DateWords) -> str:
    """Every source with its publisher, a link, and its review date where it gives one (a line
    saying "no date" under most sources would only be noise), in words (``dates``)."""
    items = "".join(
        f'<li><span lang="{SOURCE_LANGUAGE}"><a href="{_e(s.url)}" rel="noopener noreferrer" '
        f'target="_blank">{_e(s.title)}</a> ({_e(s.publisher)}).</span>'
        + (f" {_e(texts['reviewed_on'])}: {time_html(s.reviewed, dates)}." if s.reviewed else "")
        + _spanish_page_html(s, texts, dates)
        + "</li>"
        for s in sources
    )
    return (
        f'<section class="sources"><h2>{_e(texts["sources_heading"])}</h2>'
        f'<p>{_e(texts["sources_intro"])}</p><ul class="source-list">{items}</ul></section>'
    )


def _spanish_page_html(source: Source, texts: Texts, dates: DateWords) -> str:
    """The source's own page in Spanish, if it has one: its title, and its date in words."""
    page = source.spanish_page
    if page is None:
        return ""
    link = (
        f'<a href="{_e(page.url)}" hreflang="es" rel="noopener noreferrer" target="_blank">'
        f'<span lang="es">{_e(page.title)}</span>{_new_tab(texts)}</a>'
    )
    when = time_html(page.date, dates)
    return f' <span class="spanish-page">{_e(texts["spanish_page_lead"])} {link} ({when}).</span>'


def notice_html(text: str) -> str:
    """A calm notice for the visitor; empty text gives no notice."""
    return f'<p class="notice">{_e(text)}</p>' if text else ""


def paragraph_html(text: str, css_class: str) -> str:
    """A plain paragraph, such as a line saying what a control does."""
    return f'<p class="{_e(css_class)}">{_e(text)}</p>'


def presenter_html(
    scenario: Scenario,
    number: int,
    total: int,
    advice: Advice | None,
    level_words: Mapping[str, tuple[str, str]],
    texts: Texts,
    *,
    answers: str,
    route: str,
    options: Options | None = None,
    terms: Sequence[Term] = (),
) -> str:
    """One story for the room: the story and where the person gets care (``route``, in words)
    first, the advice only once it is revealed (``options`` and ``terms`` as for
    :func:`advice_html`)."""
    count = texts["presenter_count"].format(number=number, total=total)
    shown = (
        advice_html(advice, level_words, texts, answers=answers, options=options, terms=terms)
        if advice is not None
        else f'<p class="presenter-guess">{_e(texts["presenter_guess"])}</p>'
    )
    return (
        f'<div class="presenter" data-scenario="{_e(scenario.id)}" '
        f'data-revealed="{"true" if advice is not None else "false"}">'
        f'<p class="presenter-count">{_e(count)}</p>'
        f'<h2 class="presenter-title">{_e(scenario.name)}, {_e(scenario.age)}: {_e(scenario.title)}</h2>'
        f'<p class="presenter-cancer">{_e(scenario.cancer)}</p>'
        f'<p class="presenter-route">{_e(texts["presenter_route"].format(route=route))}</p>'
        f'<p class="presenter-story">{_e(scenario.story)}</p>{shown}</div>'
    )


def plan_sheet_html(plan: str, answers: str) -> str:
    """The printable plan's HTML (explainer/handout.py) in the sheet that says which answers it
    was made for (``answers`` as for :func:`advice_html`)."""
    return f'<div class="plan-sheet" data-answers="{_e(answers)}">{plan}</div>'


def link_html(href: str, text: str, css_class: str) -> str:
    """A plain same-site link (the href is built by the caller from known ids)."""
    return f'<a class="{_e(css_class)}" href="{_e(href)}">{_e(text)}</a>'


def back_html(texts: Texts) -> str:
    """The link from the presenter or the printable plan back to the full explainer."""
    return f"<p>{link_html(in_language('', texts), texts['back_link'], 'back-link')}</p>"


def in_language(query: str, texts: Texts) -> str:
    """A same-site link (``?`` and ``query``) that keeps the page's language, as
    :func:`explainer.links.build_query` writes it: after the view, before the answers."""
    language = texts["language"]
    pairs = [query] if query else []
    if language != DEFAULT_LANGUAGE:
        pairs.append(f"lang={language}")
    return "?" + "&".join(pairs)


def language_switch_html(query: str, texts: Texts, *, beside_heading: bool = False) -> str:
    """The link to this view, with the answers on screen (``query``, built by the caller with
    the other language), in the other language: named in that language, so a visitor who reads
    only it finds it. ``beside_heading``: it sits at the end of the heading's first line (the
    self-check's, whose first screen on a phone has no line to spare: dashboard.css)."""
    code = _e(texts["language_switch_code"])
    css = "language-switch beside-heading" if beside_heading else "language-switch"
    return (
        f'<p class="{css}"><a class="language-link" href="?{_e(query)}" '
        f'hreflang="{code}" lang="{code}">{_e(texts["language_switch"])}</a></p>'
    )


def presenter_header_html(texts: Texts) -> str:
    """The presenter view's heading and the way back."""
    return f'<h1 class="presenter-heading">{_e(texts["presenter_title"])}</h1>{back_html(texts)}'


def heading_html(text: str) -> str:
    """A plain second-level heading."""
    return f"<h2>{_e(text)}</h2>"


def print_button_html(texts: Texts) -> str:
    """The printable plan's print button (the page's script prints, dashboard.js)."""
    return f'<button type="button" class="print-plan">{_e(texts["print_plan"])}</button>'


def pdf_link_html(pdf: bytes, texts: Texts) -> str:
    """The made PDF as a download link (a data URL: nothing is kept on the server)."""
    href = "data:application/pdf;base64," + base64.b64encode(pdf).decode("ascii")
    return (
        f'<p class="pdf-ready">{_e(texts["pdf_ready"])} <a class="pdf-link" '
        f'download="{_e(texts["pdf_file_name"])}" href="{href}">{_e(texts["save_pdf"])}</a></p>'
    )


def share_html(query: str, handout_query: str, texts: Texts, *, answers: str | None = None) -> str:
    """A link to this situation, a copy button (the page's script copies it) and the plan;
    ``answers`` as for :func:`advice_html` (default: ``query``, a link in the default language)."""
    made_for = query if answers is None else answers
    return (
        f'<section class="share" data-answers="{_e(made_for)}">'
        f"<h2>{_e(texts['share_heading'])}</h2>"
        f'<p class="hint">{_e(texts["share_hint"])}</p>'
        f"<p>{link_html('?' + query, texts['share_link'], 'share-link')} "
        f'<button type="button" class="copy-link" data-copied="{_e(texts["link_copied"])}">'
        f'{_e(texts["copy_link"])}</button> <span class="copy-status" role="status"></span></p>'
        f"<p>{link_html('?' + handout_query, texts['print_link'], 'handout-link')}</p></section>"
    )


def room_code_html(address: str | None, texts: Texts, *, answers: str | None = None) -> str:
    """A code for phones in the room (explainer/qr.py) with its address in plain text; for no
    address (a loopback one), the calm note that says why there is no code. ``answers``, when
    the code carries the answers on screen, as for :func:`advice_html`."""
    if address is None:
        return f'<div class="room-code room-local"><p class="room-note">{_e(texts["room_local"])}</p></div>'
    made_for = "" if answers is None else f' data-answers="{_e(answers)}"'
    return (
        f'<div class="room-code"{made_for} data-address="{_e(address)}">'
        f'<p class="hint room-hint">{_e(texts["room_hint"])}</p>'
        f"{qr_svg(address, texts['room_code_label'])}"
        f'<p class="room-address">{_e(texts["room_address"])} '
        f'<span class="room-url">{_e(address)}</span></p></div>'
    )


def group_status_html(reply: GroupReply | None, texts: Texts) -> str:
    """What the server said to "Get sessions ready" (None: still asking), in a status line."""
    if reply is None:
        text = texts["group_asking"]
    elif not reply.ok:
        text = texts["group_failed"]
    elif reply.limited:
        key = "group_limited" if reply.warming else "group_full"
        text = texts[key].format(count=reply.warming)
    else:
        key = "group_ready" if reply.ready >= reply.asked else "group_warming"
        text = texts[key].format(count=reply.asked)
    return f'<p class="group-status" role="status">{_e(text)}</p>'


def headline_html(
    advice: Advice, level_words: Mapping[str, tuple[str, str]], *, answers: str
) -> str:
    """The main message in a small bar that stays in view on a phone (a visual copy only:
    screen readers hear the advice panel itself, so this is hidden from them). When treatment
    cannot wait, the bar is the main message alone: a level's label above "treatment must start
    within days" would read as the first thing to do. ``answers`` as for :func:`advice_html`."""
    level = shown_level(advice)
    badge = (
        ""
        if advice.cautions
        else f'<span class="marks">{_marks(level)}</span> '
        f"<strong>{_e(level_words[level][0])}.</strong> "
    )
    # Its colour is the caution's when treatment cannot wait, never the level's calm one.
    tone = "caution" if advice.cautions else f"level-{level}"
    return (
        f'<div class="headline {_e(tone)}" data-answers="{_e(answers)}" '
        f'aria-hidden="true">{badge}'
        f"{_e(advice.summary)}</div>"
    )


# -- about: what a visitor needs to trust the tool (data/about.yaml) ---------------------------


def _points_html(points: Iterable[Point], texts: Texts) -> str:
    """The points as a list, their sources together after it."""
    found = tuple(points)
    sources = cited_list_html([(p.text, c) for p in found for c in p.citations], texts)
    return f"{_points_list_html(found)}{sources}"


def _points_list_html(points: Iterable[Point]) -> str:
    """The points as a list, without their sources."""
    items = "".join(f'<li data-point="{_e(p.id)}"><p>{_e(p.text)}</p></li>' for p in points)
    return f"<ul>{items}</ul>"


def figure_picture_html(figure: Figure) -> str:
    """A study's pictures of 100 people side by side, with its one key (what filled, half filled
    and outlined mean in them); nothing for a figure that has none (one too small to draw in
    100, such as 6 in 1,000)."""
    if not figure.icons or figure.key is None:
        return ""
    pictures = [Picture(i.count, i.label, i.caption, i.half, i.outlined) for i in figure.icons]
    key = (figure.key.filled, figure.key.outlined, figure.key.half)
    return f'<div class="figure-pictures">{icon_arrays_html(pictures, key)}</div>'


def time_html(iso: str, dates: DateWords) -> str:
    """A date in words for the visitor ("November 25, 2026"), in ISO for machines."""
    return f'<time datetime="{_e(iso)}">{_e(date_words(iso, dates))}</time>'


#: A phone number as our sources write one: "1-800-4-CANCER", "1-800-227-2345" (three or more
#: parts joined by hyphens) or "0808 808 00 00" (a UK number in groups).
_PHONE = re.compile(r"(?<![\w-])(?:[0-9]+(?:-[0-9A-Z]+){2,}|0[0-9]{3}(?: [0-9]{2,3}){3})(?![\w-])")
#: Elements whose text is no prose to wrap: an svg's title takes no markup.
_NO_WRAP_INSIDE = ("svg", "script", "style", "title")


def nowrap_phones(html: str) -> str:
    """The same HTML with each phone number in the text kept on one line (``.phone``): on a
    phone a number broken after a hyphen ("1-800-" / "227-2345") reads as two numbers. Tags and
    their attributes are left alone."""
    parts = re.split(r"(<[^>]*>)", html)
    inside = 0
    for n, part in enumerate(parts):
        if part.startswith("<"):
            name = re.match(r"</?([a-zA-Z0-9]+)", part)
            if name and name.group(1).lower() in _NO_WRAP_INSIDE and not part.endswith("/>"):
                inside += -1 if part.startswith("</") else 1
        elif not inside:
            parts[n] = _PHONE.sub(r'<span class="phone">\g<0></span>', part)
    return "".join(parts)


def _study_html(
    figure: Figure, source: Source, texts: Texts, about_text: Callable[[str], str]
) -> str:
    """One study as a short block: who was studied as its heading, what it found, its pictures,
    then the link to its source."""
    # The source's ``url_note`` (how an address was built) is for reviewers: not shown.
    link = (
        f'<a href="{_e(figure.citation.url)}" rel="noopener noreferrer" target="_blank">'
        f'<span lang="{SOURCE_LANGUAGE}">{_e(source.title)}</span>{_new_tab(texts)}</a>'
    )
    return (
        f'<div class="study" data-figure="{_e(figure.id)}"><h3>{_e(figure.population)}</h3>'
        f"<p>{_e(figure.finding)}</p>{figure_picture_html(figure)}"
        f'<p class="study-source">{_e(about_text("figures_source"))} {link}</p></div>'
    )


def _studies_html(content: Content, texts: Texts, note: str) -> str:
    """The studies of people with cancer, then, behind one closed disclosure, those not only
    about cancer (they balance the picture, but are not about the visitor's question) and
    ``note``, which compares with them (so it never points at what is out of sight)."""
    about = content.about

    def blocks(not_only_cancer: bool) -> str:
        return "".join(
            _study_html(f, content.source(f.citation.source), texts, about.text)
            for f in about.figures
            if f.not_only_cancer == not_only_cancer
        )

    other = blocks(True)
    summary = _e(about.text("figures_other"))
    closed = (
        f'<details class="other-studies"><summary>{summary}</summary>{other}{note}</details>'
        if other
        else note
    )
    return f'<div class="studies">{blocks(False)}</div>{closed}'


def about_html(
    content: Content, texts: Texts, others: Sequence[tuple[str, Callable[[str], str]]] = ()
) -> str:
    """The "about" part of "Sources and about": what this is, not advice, privacy; how often a
    second opinion changes things (a short block a study, naming the people it studied); good
    points and drawbacks side by side; then the date written, the update policy and funding.

    Each trust item is a section with its own class (``trust-date``, ``update-policy``,
    ``funding``, ``pros-cons``, ``evidence-figures``) for the page tests to find.

    Last, how the other language's text was made: in this language, then in each of ``others``
    (a language and its about texts), marked with its language.
    """
    about = content.about
    a = about.text
    policy = about.policy
    # Until the adopting team names its reviewers, the page says only who checks it: a note to
    # the makers is no use to a patient.
    reviewer = f'<p class="reviewer">{_e(policy.reviewer)}</p>' if policy.reviewer else ""
    triggers = "".join(f"<li>{_e(t)}</li>" for t in policy.triggers)
    note = about.figures_note
    # The drawbacks as a visitor who has not said where they get care reads them (the cost
    # drawback differs by route).
    unsure = {ROUTE: content.criterion(ROUTE).default}
    pros, cons = points_on_route(about.pros, unsure), points_on_route(about.cons, unsure)
    note_html = f'<p class="figures-note">{_e(note.text)}</p>' + cited_list_html(
        [(note.text, c) for c in note.citations], texts
    )
    # What a visitor came for first (the studies, the good points and drawbacks), then who
    # stands behind it.
    html = (
        f'<div class="about-tool">'
        f'<section class="about"><h2>{_e(texts["about_heading"])}</h2>'
        f"<p>{_e(a('what_this_is'))}</p>"
        f'<p class="not-advice"><strong>{_e(texts["not_advice"])}</strong></p>'
        f'<p class="privacy">{_e(texts["privacy"])}</p></section>'
        f'<section class="evidence-figures"><h2>{_e(a("figures_heading"))}</h2>'
        f'<p>{_e(a("figures_intro"))}</p><p class="uncertainty">{_e(a("figures_uncertainty"))}</p>'
        f"{_studies_html(content, texts, note_html)}</section>"
        f'<section class="pros-cons"><h2>{_e(a("pros_cons_heading"))}</h2>'
        f"<p>{_e(a('pros_cons_intro'))}</p>"
        f"{pros_cons_html(pros, cons, (a('pros_heading'), a('cons_heading')), texts, 'h3')}"
        "</section>"
        f'<section class="trust-date"><h2>{_e(a("trust_date_heading"))}</h2>'
        f"<p>{_e(a('produced_lead'))} {time_html(about.produced, about.dates)}.</p></section>"
        f'<section class="update-policy"><h2>{_e(a("update_policy_heading"))}</h2>'
        f"<p>{_e(policy.who)}</p>{reviewer}<p>{_e(policy.how_often)} "
        f"{_e(a('next_review_lead'))} {time_html(policy.next_review_by, about.dates)}.</p>"
        f"<p>{_e(a('triggers_lead'))}</p><ul>{triggers}</ul></section>"
        f'<section class="funding"><h2>{_e(a("funding_heading"))}</h2>'
        + "".join(f"<p>{_e(t)}</p>" for t in about.funding)
        + "</section>"
        + f'<section class="language-note"><h2>{_e(a("language_heading"))}</h2>'
        f"<p>{_e(a('language_note'))}</p>"
        + "".join(
            f'<div lang="{_e(code)}"><h3>{_e(other("language_heading"))}</h3>'
            f"<p>{_e(other('language_note'))}</p></div>"
            for code, other in others
        )
        + "</section></div>"
    )
    return nowrap_phones(define_html(html, content.glossary))


# -- the server's own pages (explainer/server_pages.py) ----------------------------------------

#: The words of each kind of error page: its title, heading, text and the link back.
ERROR_PAGES: Mapping[str, tuple[str, str, str, str]] = {
    "not_found": ("not_found_title", "not_found_heading", "not_found_text", "open_explainer"),
    "unavailable": (
        "unavailable_title",
        "unavailable_heading",
        "unavailable_text",
        "open_explainer",
    ),
    "fault": ("fault_title", "fault_heading", "fault_text", "open_explainer"),
    "busy": ("busy_title", "busy_heading", "busy_text", "busy_back"),
}

#: The error pages' only style: they must show when nothing else works (no stylesheet to load).
_ERROR_STYLE = """
  body { font-family: system-ui, sans-serif; font-size: 1.25rem; line-height: 1.5; color: #1a1a1a;
         background: #fff; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; }
  h1 { font-size: 1.6rem; }
  a { color: #0b57a4; }
"""


def error_page_html(kind: str, base_url: str, texts: Texts, others: Sequence[Texts] = ()) -> str:
    """A whole, self-contained error page of a kind in :data:`ERROR_PAGES`: a calm sentence and
    a way back to ``base_url``; no script, nothing from another host. The same in each of
    ``others`` (another language's words) follows, marked with its language: the server does
    not always know the visitor's."""
    title, heading, text, back = (texts[key] for key in ERROR_PAGES[kind])
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(texts["language"])}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f'<title>{_e(title)}</title>\n<link rel="icon" href="data:,">\n'
        f"<style>{_ERROR_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"  <h1>{_e(heading)}</h1>\n  <p>{_e(text)}</p>\n"
        f'  <p><a href="{_e(in_language_at(base_url, texts))}">{_e(back)}</a></p>\n'
        + "".join(_error_other_html(kind, base_url, other) for other in others)
        + "</main>\n</body>\n</html>\n"
    )


def _error_other_html(kind: str, base_url: str, texts: Texts) -> str:
    _title, heading, text, back = (texts[key] for key in ERROR_PAGES[kind])
    return (
        f'  <section lang="{_e(texts["language"])}">\n  <h2>{_e(heading)}</h2>\n'
        f"  <p>{_e(text)}</p>\n"
        f'  <p><a href="{_e(in_language_at(base_url, texts))}">{_e(back)}</a></p>\n  </section>\n'
    )


def in_language_at(base_url: str, texts: Texts) -> str:
    """The explainer's address ``base_url`` in the language of ``texts``."""
    query = in_language("", texts)
    return base_url if query == "?" else base_url + query
