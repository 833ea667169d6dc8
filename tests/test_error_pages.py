"""The server's error pages (server/pages/error.html, 404.html; explainer/server_pages.py),
rendered as Jupyter Server does.

tests/e2e/test_server.py checks that the running server writes them; here, every kind of status
reads right, including a fault on our side (a 500), which a visitor cannot cause on purpose.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from explainer.server_pages import ErrorPages

PAGES = Path(__file__).resolve().parents[1] / "server" / "pages"


def render(name: str, **namespace: object) -> str:
    """The page as the server writes it: its words set when the server starts (voila_app.py)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PAGES), autoescape=True)
    env.globals["explainer_error_page"] = ErrorPages.load()
    return env.get_template(name).render(**namespace)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._in: str | None = None
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag
        if tag == "a":
            self._href = dict(attrs).get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "h1":
            self.h1.append(data)
        elif self._in == "a":
            self.links.append((self._href, data))


def parsed(page: str) -> _Text:
    text = _Text()
    text.feed(page)
    return text


@pytest.mark.parametrize(
    ("status", "heading", "title"),
    [
        (404, "We could not find this page", "page not found"),
        (403, "This page is not available", "page not available"),
        (405, "This page is not available", "page not available"),
        (500, "Something went wrong on our side", "something went wrong"),
        (502, "Something went wrong on our side", "something went wrong"),
    ],
)
def test_each_status_reads_calmly_and_leads_back(status, heading, title):
    page = render(
        "error.html",
        status_code=status,
        base_url="/explainer/",
        message="secret detail",
        exception=RuntimeError("secret detail"),
    )
    text = parsed(page)
    assert text.h1 == [heading]
    assert f"<title>Second opinion explainer: {title}</title>" in page
    assert text.links[0] == ("/explainer/", "Open the second opinion explainer")
    assert "secret detail" not in page and str(status) not in page
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    # The server does not know the visitor's language here: the same in Spanish follows.
    assert text.links[1:] == [("/explainer/?lang=es", "Abrir la guía sobre la segunda opinión")]
    assert '<section lang="es">' in page


def test_503_is_the_busy_page_past_the_session_cap():
    page = render("error.html", status_code=503, base_url="/")
    assert parsed(page).h1 == ["Many people are using this right now"]
    assert "Please try again in a minute." in page
    assert parsed(page).links == [("/", "Try again"), ("/?lang=es", "Volver a intentar")]


@pytest.mark.parametrize("language", ["es"])
def test_the_busy_page_is_in_the_visitor_s_language_first(language):
    page = render("error.html", status_code=503, base_url="/", language=language)
    assert f'<html lang="{language}">' in page
    assert parsed(page).h1 == ["Mucha gente está usando la guía en este momento"]
    assert parsed(page).links == [("/?lang=es", "Volver a intentar"), ("/", "Try again")]
    assert '<section lang="en">' in page


@pytest.mark.parametrize("language", ["fr", "", "<script>alert(1)</script>", "ES"])
def test_an_unknown_language_is_english_and_never_echoed(language):
    page = render("error.html", status_code=503, base_url="/", language=language)
    assert '<html lang="en">' in page
    assert parsed(page).h1 == ["Many people are using this right now"]
    if language:
        assert language not in page


def test_404_html_is_the_same_page():
    assert render("404.html", status_code=404, base_url="/") == render(
        "error.html", status_code=404, base_url="/"
    )


def test_the_page_stands_alone():
    """No script, no stylesheet or font from anywhere: it must show when nothing else works."""
    page = render("error.html", status_code=500, base_url="/")
    assert "<script" not in page and '<link rel="stylesheet"' not in page
    assert "http://" not in page and "https://" not in page


def test_without_a_status_it_is_a_fault_on_our_side():
    assert parsed(render("error.html")).h1 == ["Something went wrong on our side"]
