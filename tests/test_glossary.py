"""Terms defined where a view first uses them (explainer/glossary.py, data/glossary.yaml)."""

from __future__ import annotations

import pytest

from explainer import advise, default_content
from explainer.glossary import define_html, define_text
from explainer.model import Citation, Term
from explainer.render import about_html, advice_html

CITE = Citation(source="s", quote="q", url="https://example.org/")
TRIAL = Term(
    "trial", "clinical trial", ("clinical trial", "clinical trials"), "a study <of> care", CITE
)
LEUKEMIA = Term("acute", "acute leukemia", ("acute leukemia",), "a fast cancer of the blood", CITE)
BLOOD = Term("leukemia", "leukemia", ("leukemia",), "a cancer of the blood", CITE)
TERMS = (TRIAL, LEUKEMIA, BLOOD)


def test_a_term_is_defined_at_its_first_use_only() -> None:
    """The meaning follows the first use, in brackets, and not the second."""
    text = "Clinical trials help. Ask about clinical trials."
    assert define_text(text, TERMS, set()) == (
        "Clinical trials (a study <of> care) help. Ask about clinical trials."
    )


def test_the_longest_form_wins_and_a_page_defines_each_term_once() -> None:
    """ "acute leukemia" is one term, not "leukemia"; a term already defined on the page is not
    defined again."""
    seen: set[str] = set()
    first = define_text("Some, such as acute leukemia, cannot wait.", TERMS, seen)
    assert first == "Some, such as acute leukemia (a fast cancer of the blood), cannot wait."
    assert define_text("Acute leukemia again.", TERMS, seen) == "Acute leukemia again."
    assert seen == {"acute"}


def test_a_use_the_text_explains_in_brackets_counts_as_defined() -> None:
    """A use followed by the text's own words in brackets gets no second meaning, and later uses
    on the page none either; a use without brackets still does."""
    seen: set[str] = set()
    text = "Clinical trials (new care) help. Ask about clinical trials."
    assert define_text(text, TERMS, seen) == text
    assert seen == {"trial"}
    html = "<p>Acute leukemia  (fast) is rare. So is leukemia.</p>"
    assert define_html(html, TERMS) == (
        '<p>Acute leukemia  (fast) is rare. So is <dfn class="term" data-term="leukemia">'
        'leukemia</dfn><span class="term-meaning"> (a cancer of the blood)</span>.</p>'
    )


def test_html_keeps_quotes_headings_links_and_citations_as_they_are() -> None:
    """Only prose is changed: a blockquote, a heading, a link or a citation keeps its words, and
    the meaning is escaped."""
    html = (
        "<h3>Clinical trials</h3><blockquote>clinical trials</blockquote>"
        '<a href="x">clinical trials</a><details class="citation"><p>clinical trials</p></details>'
        "<p>Join clinical trials.</p>"
    )
    out = define_html(html, TERMS)
    assert out.startswith(
        "<h3>Clinical trials</h3><blockquote>clinical trials</blockquote>"
        '<a href="x">clinical trials</a><details class="citation"><p>clinical trials</p></details>'
    )
    assert out.endswith(
        '<p>Join <dfn class="term" data-term="trial">clinical trials</dfn>'
        '<span class="term-meaning"> (a study &lt;of&gt; care)</span>.</p>'
    )


def test_a_whole_word_only() -> None:
    """A form inside another word is not a use of the term."""
    assert define_text("Subleukemias are not leukemia-like.", TERMS, set()) == (
        "Subleukemias are not leukemia-like."
    )


@pytest.mark.parametrize("answers", [{}, {"care_route": "us_medicare"}, {"care_route": "uk_nhs"}])
def test_the_advice_panel_defines_each_term_it_uses_once(answers: dict[str, str]) -> None:
    """On the real content, each glossary term in the panel's prose is defined once."""
    content = default_content()
    html = advice_html(
        advise(answers, content),
        content.level_words,
        content.texts,
        answers="",
        options=content.options,
        terms=content.glossary,
    )
    defined = [t for t in content.glossary if f'data-term="{t.id}"' in html]
    assert defined
    for term in defined:
        assert html.count(f'data-term="{term.id}"') == 1, term.id


def test_the_about_view_defines_the_review_of_many_studies() -> None:
    """The studies' "review of many studies" is explained on the Sources and about view."""
    content = default_content()
    assert 'data-term="review_of_studies"' in about_html(content, content.texts)
