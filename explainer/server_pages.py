"""What the server writes itself, in the words of ``data/ui.yaml``: the page template's own
words and the error pages.

The page template (server/jupyter/nbconvert/templates/explainer/index.html.j2) takes each of its
words through :func:`text_html` (the Jinja filter ``explainer_text``, named in
server/config/voila.py). Every error page the server writes (server/pages/error.html, and the
busy page past the session cap) is an :class:`ErrorPages`, made when the server starts
(server/voila_app.py), so a broken ``data/`` stops the start instead of a later error page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from .content import default_content
from .render import error_page_html

__all__ = ["ErrorPages", "error_kind", "text_html"]


def text_html(key: str) -> str:
    """A word of ``data/ui.yaml`` by key, escaped for HTML (the template's ``explainer_text``)."""
    return escape(default_content().texts[key], quote=True)


def error_kind(status_code: int) -> str:
    """The kind of error page for a status (a key of :data:`explainer.render.ERROR_PAGES`)."""
    if status_code == 404:
        return "not_found"
    if status_code == 503:  # the only 503 the server sends: the session cap (server/kernels.py)
        return "busy"
    return "fault" if status_code >= 500 else "unavailable"


@dataclass(frozen=True, slots=True)
class ErrorPages:
    """The server's error pages, with their words as read when the server started."""

    texts: Mapping[str, str]

    @classmethod
    def load(cls) -> ErrorPages:
        """The error pages in the words of ``data/`` (raises ContentError if it is broken)."""
        return cls(default_content().texts)

    def __call__(self, status_code: int = 500, base_url: str = "/") -> str:
        """The whole page for a status: a calm sentence and a way back, never the detail."""
        return error_page_html(error_kind(int(status_code)), base_url, self.texts)
