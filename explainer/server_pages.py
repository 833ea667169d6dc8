"""What the server writes itself, in the words of ``data/ui.yaml``: the page template's own
words and the error pages.

The page template (server/jupyter/nbconvert/templates/explainer/index.html.j2) is made before a
visitor asks for it (a preheated kernel's page waits ready), so it cannot know the visitor's
language: it takes each of its words through :func:`text_html` (the Jinja filter
``explainer_text``, named in server/config/voila.py), which writes the word in every language,
each marked, and the page's script shows the language of the link (static/explainer.js). The
page's head (its language, its title in the browser's tab) is in the default language until that
script changes it (:func:`default_text_html`).

Every error page the server writes (server/pages/error.html, and the busy page past the session
cap) is an :class:`ErrorPages`, made when the server starts (server/voila_app.py), so a broken
``data/`` stops the start instead of a later error page. It is in the visitor's language when the
server knows it, then in the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from .content import default_content
from .render import error_page_html
from .translation import DEFAULT_LANGUAGE, LANGUAGES, language_of

__all__ = ["ErrorPages", "default_text_html", "error_kind", "languages_html", "text_html"]


def text_html(key: str) -> str:
    """A word of ``data/ui.yaml`` by key in every language, each in an element marked with its
    language, escaped for HTML (the template's ``explainer_text``)."""
    return "".join(
        f'<span data-explainer-lang="{code}" lang="{code}">'
        f"{escape(default_content(code).texts[key], quote=True)}</span>"
        for code in LANGUAGES
    )


def default_text_html(key: str) -> str:
    """A word of ``data/ui.yaml`` by key in the default language, escaped for HTML, for where
    markup cannot go (the ``<html lang>`` attribute, the ``<title>``): the template's
    ``explainer_default_text``."""
    return escape(default_content(DEFAULT_LANGUAGE).texts[key], quote=True)


def languages_html(_value: object = None) -> str:
    """The languages the page speaks, as its script reads them (``data-languages``)."""
    return " ".join(LANGUAGES)


def error_kind(status_code: int) -> str:
    """The kind of error page for a status (a key of :data:`explainer.render.ERROR_PAGES`)."""
    if status_code == 404:
        return "not_found"
    if status_code == 503:  # the only 503 the server sends: the session cap (server/kernels.py)
        return "busy"
    return "fault" if status_code >= 500 else "unavailable"


@dataclass(frozen=True, slots=True)
class ErrorPages:
    """The server's error pages, with their words in every language as read when the server
    started (the default language's first)."""

    texts: tuple[Mapping[str, str], ...]

    @classmethod
    def load(cls) -> ErrorPages:
        """The error pages in the words of ``data/`` (raises ContentError if it is broken)."""
        return cls(tuple(default_content(code).texts for code in LANGUAGES))

    def __call__(self, status_code: int = 500, base_url: str = "/", language: object = None) -> str:
        """The whole page for a status: a calm sentence and a way back, never the detail; in
        ``language`` (a visitor's ``?lang=``, anything else is the default), then the others."""
        wanted = language_of(language)
        first = next((t for t in self.texts if t["language"] == wanted), self.texts[0])
        others = [t for t in self.texts if t is not first]
        return error_page_html(error_kind(int(status_code)), base_url, first, others)
