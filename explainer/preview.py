"""The page's first paint: the heading, the main message and the questions, made by the server,
not the kernel.

Voila's page template calls :func:`first_paint_html` (a Jinja filter named in
server/config/voila.py), so a visitor sees them while the kernel and the widgets start. The
message is the advice for the default answers, which is what a plain link shows. A link with a
query may carry answers, so the page shows the neutral ``first_paint_link`` text instead
(server/jupyter/.../static/explainer.js), until the dashboard is drawn and replaces it all.
"""

from __future__ import annotations

import functools

from .advice import advise
from .content import default_content
from .model import Content
from .render import preview_html, preview_html_parts, preview_questions_html
from .translation import LANGUAGES

__all__ = ["first_paint", "first_paint_html"]


def first_paint_html(_value: object = None) -> str:
    """The first paint's HTML (a Jinja filter: the value it is applied to is not used)."""
    return _first_paint()


@functools.cache
def _first_paint() -> str:
    return first_paint(*(default_content(code) for code in LANGUAGES))


def first_paint(content: Content, *others: Content) -> str:
    """The first paint for this content (and, each marked with its language, for ``others``:
    the page is made before the visitor's link is known): its heading, its advice for the
    default answers, and its questions to read."""
    return preview_html(
        [
            (
                c.language,
                preview_html_parts(
                    advise({}, c), c.level_words, c.texts, preview_questions_html(c)
                ),
            )
            for c in (content, *others)
        ]
    )
