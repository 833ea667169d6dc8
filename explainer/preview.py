"""The page's first paint: the heading and the main message, made by the server, not the kernel.

Voila's page template calls :func:`first_paint_html` (a Jinja filter named in
server/config/voila.py), so a visitor sees them while the kernel and the widgets start. The
message is the advice for the default answers, which is what a plain link shows. A link with a
query may carry answers, so the page shows the neutral ``first_paint_link`` text instead
(server/jupyter/.../static/explainer.js), until the dashboard is drawn and replaces it all.
"""

from __future__ import annotations

import functools
from html import escape

from .advice import advise
from .content import default_content
from .render import header_html, headline_html

__all__ = ["first_paint_html"]


def first_paint_html(_value: object = None) -> str:
    """The first paint's HTML (a Jinja filter: the value it is applied to is not used)."""
    return _first_paint()


@functools.cache
def _first_paint() -> str:
    content = default_content()
    texts = content.texts
    headline = headline_html(advise({}, content), content.level_words, answers="")
    return (
        '<div class="explainer-preview" id="explainer-preview">'
        f"{header_html(texts)}"
        f'<div class="preview-default">{headline}</div>'
        f'<p class="preview-link">{escape(texts["first_paint_link"], quote=True)}</p>'
        "</div>"
    )
