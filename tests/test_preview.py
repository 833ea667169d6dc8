"""The first paint (explainer.preview): what a visitor sees before the kernel is ready."""

from __future__ import annotations

from html import escape

from explainer import advise, default_content
from explainer.preview import first_paint_html
from explainer.translation import LANGUAGES


def test_first_paint_carries_the_default_main_message_and_level() -> None:
    """A plain link's first paint says what the dashboard will say for the default answers."""
    content = default_content()
    advice = advise({}, content)
    html = first_paint_html()
    assert escape(advice.summary) in html
    assert f"level-{advice.second_opinion.level}" in html
    assert content.level_words[advice.second_opinion.level][0] in html


def test_first_paint_has_the_heading_and_the_neutral_text_for_links() -> None:
    """The heading, the not-advice statement and the neutral line for links with a query."""
    texts = default_content().texts
    html = first_paint_html("ignored")
    for key in ("title", "not_advice"):
        assert texts[key] in html
    assert 'class="preview-link"' in html
    assert texts["first_paint_link"] in html


def test_first_paint_imports_no_widgets() -> None:
    """The server makes the first paint: it must not need ipywidgets."""
    import subprocess
    import sys

    code = "import sys, explainer.preview as p; p.first_paint_html(); print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_first_paint_carries_the_questions_the_dashboard_first_asks() -> None:
    """Every question asked for the default answers, in the dashboard's order and groups, with
    its choices and the default one marked, to read before the controls arrive; a question
    asked only on other care routes is not there."""
    import re

    from explainer.model import on_route

    content = default_content()
    html = first_paint_html()
    # The first language's part (each language's follows the other, marked with it).
    english = html[: html.index('<div data-explainer-lang="es" lang="es">')]
    questions = english[english.index('<div class="preview-questions">') :]
    defaults = {c.id: c.default for c in content.criteria}
    asked = [c for c in content.criteria if on_route(c.routes, defaults)]
    assert len(re.findall(r'class="preview-question[ "]', questions)) == len(asked) > 10
    found = [
        m.start() for c in asked for m in [re.search(re.escape(escape(c.label)), questions)] if m
    ]
    assert len(found) == len(asked)
    for group in content.groups:
        if any(c.group == group.id for c in asked):
            assert f"<h3>{escape(group.label)}</h3>" in questions
    for criterion in (c for c in asked if c.kind == "choice"):
        for option in criterion.options:
            mark = "preview-circle filled" if option.id == criterion.default else "preview-circle"
            assert f'<span class="{mark}"></span>{escape(option.label)}</li>' in questions
    assert escape(content.texts["questions_heading"]) in questions
    # Questions the default route does not ask (none today: the check still runs if one comes).
    for criterion in content.criteria:
        if criterion not in asked:
            assert escape(criterion.label) not in questions


def test_first_paint_is_in_every_language_each_marked() -> None:
    """The page is made before the visitor's link is known, so its first paint holds each
    language's heading and questions, each in an element marked with its language; the page's
    script shows one (static/explainer.js, explainer.css)."""
    html = first_paint_html()
    for code in LANGUAGES:
        content = default_content(code)
        start = html.index(f'<div data-explainer-lang="{code}" lang="{code}">')
        part = html[start:]
        assert escape(content.texts["title"]) in part[: part.index("</h1>") + 5]
        assert escape(content.texts["language_switch"]) in part
    assert html.count('id="explainer-preview"') == 1
