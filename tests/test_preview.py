"""The first paint (explainer.preview): what a visitor sees before the kernel is ready."""

from __future__ import annotations

from html import escape

from explainer import advise, default_content
from explainer.preview import first_paint_html


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
