"""The one list of the dashboard's own words (explainer.words.UI_KEYS): the schema requires
exactly it, data/ui.yaml holds exactly it, and every key is on screen somewhere.

To find a key on screen, every view, notice and page is drawn with each word replaced by a
marker that names its key; a key whose marker appears nowhere is a word no visitor reads.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import ipywidgets as w
import jinja2
import pytest
import yaml
from jinja2 import nodes
from pypdf import PdfReader

import explainer.content
import explainer.group
from explainer import Content, ContentError, advise, default_content, load_content
from explainer.dashboard import Dashboard, Handout, Presenter, _widget_tree
from explainer.group import GroupReply
from explainer.handout import plan_html
from explainer.links import parse_query
from explainer.page import WORDS, page_data
from explainer.plan import build_plan
from explainer.preview import first_paint
from explainer.qr import PUBLIC_URL
from explainer.render import ERROR_PAGES, stories_table_html
from explainer.scenarios import scenario_records
from explainer.server_pages import ErrorPages
from explainer.translation import LANGUAGES
from explainer.words import FIRST_VIEW, UI_KEYS

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "server/jupyter/nbconvert/templates/explainer/index.html.j2"
CONNECTION_JS = TEMPLATE.parent / "static/connection.js"
PAGES = ROOT / "server/pages"
SCHEMA = ROOT / "data/schema/ui.schema.json"
UI_YAML = ROOT / "data/ui.yaml"


# -- one list: the schema and the data file hold exactly it ----------------------------------------


def test_the_list_names_each_key_once_and_starts_with_the_first_view() -> None:
    assert len(UI_KEYS) == len(set(UI_KEYS))
    assert UI_KEYS[: len(FIRST_VIEW)] == FIRST_VIEW


def test_the_schema_requires_exactly_the_list_and_allows_nothing_else() -> None:
    """data/schema/ui.schema.json's required and properties are UI_KEYS, in its order."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    expected = json.dumps(list(UI_KEYS))
    assert schema["required"] == list(UI_KEYS), f"required should be {expected}"
    assert list(schema["properties"]) == list(UI_KEYS), f"properties should name {expected}"
    assert schema["additionalProperties"] is False


def test_ui_yaml_holds_the_list_in_its_order() -> None:
    raw = yaml.safe_load(UI_YAML.read_text(encoding="utf-8"))
    assert list(raw) == list(UI_KEYS)


def _ui_copy(tmp_path: Path, change: object) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(explainer.content.DATA_DIR, folder, ignore=shutil.ignore_patterns("schema"))
    raw = yaml.safe_load((folder / "ui.yaml").read_text(encoding="utf-8"))
    assert callable(change)
    change(raw)
    (folder / "ui.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.mark.parametrize("key", ["calm_error", "page_title", "busy_back"])
def test_a_missing_word_stops_the_content_naming_it(tmp_path: Path, key: str) -> None:
    """A key dropped from ui.yaml is not found out by the one page that shows it: nothing loads."""
    folder = _ui_copy(tmp_path, lambda raw: raw.pop(key))
    with pytest.raises(ContentError, match=rf"ui\.yaml.*'{key}'.*missing") as error:
        load_content(folder)
    assert error.value.field == key


def test_a_word_not_on_the_list_stops_the_content_naming_it(tmp_path: Path) -> None:
    folder = _ui_copy(tmp_path, lambda raw: raw.update(answer_maybe="Maybe"))
    with pytest.raises(ContentError, match=r"ui\.yaml.*'answer_maybe'.*unknown field"):
        load_content(folder)


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("presenter_count", "Story {number}"),
        ("loaded_story", "Loaded a story."),
        ("title", "Should you get a {second} opinion?"),
    ],
)
def test_a_word_must_keep_its_placeholders_and_only_those(
    tmp_path: Path, key: str, text: str
) -> None:
    """A translation that drops "{total}" or adds "{second}" would break the page: refused."""
    folder = _ui_copy(tmp_path, lambda raw: raw.update({key: text}))
    with pytest.raises(ContentError, match=rf"'{key}'.*does not match"):
        load_content(folder)


# -- every key on screen --------------------------------------------------------------------------


def _marker(key: str) -> str:
    return f"@@{key}@@"


def marked(content: Content) -> Content:
    """The content with each word replaced by its key's marker (placeholders kept)."""
    texts = tuple(
        (key, " ".join([_marker(key), *re.findall(r"\{\w+\}", text)]))
        for key, text in content.ui_texts
    )
    return dataclasses.replace(content, ui_texts=texts)


class _Screen:
    """Everything drawn so far: each widget's whole state as the page receives it."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def draw(self, root: w.Widget) -> None:
        self.parts.extend(json.dumps(x.get_state(), default=str) for x in _widget_tree(root))

    def add(self, html: str) -> None:
        self.parts.append(html)


def _dashboard_tour(content: Content, screen: _Screen) -> None:
    """The dashboard as it opens, with each story loaded, a bad link, a refused answer and a
    fault in a callback."""
    dash = Dashboard(content)
    dash.harden()
    screen.draw(dash.root)
    for scenario in content.scenarios:
        dash.story_buttons[scenario.id].click()
        screen.draw(dash.root)
    dash.follow_link(parse_query("view=nowhere&no_such_question=yes", content))
    screen.draw(dash.root)
    dash.controls["rare_cancer"].set_state({"description": "forged"})
    screen.draw(dash.root)
    dash.model.set = lambda *_a: 1 / 0  # type: ignore[method-assign]  # a fault on our side
    dash.controls["rare_cancer"].value = not dash.controls["rare_cancer"].value
    screen.draw(dash.root)


def _other_views(content: Content, screen: _Screen) -> None:
    """The presenter, hidden then revealed, and the printable plan with its PDF made."""
    presenter = Presenter(content)
    screen.draw(presenter.root)
    presenter.reveal.click()
    screen.draw(presenter.root)
    handout = Handout(content, date(2025, 1, 2))
    screen.draw(handout.root)
    handout.download.click()
    screen.draw(handout.root)
    # The PDF's own words (its page footer) are read on paper, not on screen.
    found = re.search(r'href="data:application/pdf;base64,([^"]+)"', handout.pdf_link.value)
    assert found is not None
    pdf = PdfReader(io.BytesIO(base64.b64decode(found.group(1))))
    screen.add(" ".join(page.extract_text() for page in pdf.pages))
    # With two opinions the plan lists the records apart (with one, they are a step of the path).
    two = advise({"opinions_so_far": "two_disagree"}, content)
    screen.add(plan_html(build_plan(two, content, date(2025, 1, 2))))


@contextmanager
def _opened_at(host: str) -> Iterator[None]:
    """The kernel serves a request for `host` (no PUBLIC_URL), as Voila puts it in its
    environment."""
    with mock.patch.dict(os.environ, {"SERVER_NAME": host, "SERVER_PORT": "8866"}):
        os.environ.pop(PUBLIC_URL, None)
        yield


#: Each kind of answer to "Get sessions ready": warming, ready, limited, full, failed.
GROUP_REPLIES = (
    GroupReply(ok=True, asked=25, warming=25),
    GroupReply(ok=True, asked=25, warming=25, ready=25),
    GroupReply(ok=True, asked=25, warming=10),
    GroupReply(ok=True, asked=25, warming=0),
    GroupReply(ok=False, asked=25),
)


def _codes_for_phones(content: Content, screen: _Screen) -> None:
    """The codes for phones at a room's address and at a loopback one, and each answer to "Get
    sessions ready" (and the words while it asks)."""
    with _opened_at("explainer.test"):
        dash = Dashboard(content)
        dash.room_toggle.value = True
        screen.draw(dash.root)
        presenter = Presenter(content)
        screen.draw(presenter.root)
    with _opened_at("127.0.0.1"):
        screen.draw(Presenter(content).root)
    for reply in GROUP_REPLIES:

        def ask(_size: int, reply: GroupReply = reply) -> GroupReply:
            screen.draw(presenter.root)
            return reply

        with mock.patch.object(explainer.group, "ask_for_group", ask):
            presenter.group_button.click()
        screen.draw(presenter.root)


def _server_pages(content: Content, screen: _Screen) -> None:
    """What the server writes before any kernel: the first paint, the page data (the lost
    connection's words, shown by connection.js) and the error pages."""
    screen.add(first_paint(content))
    screen.add(json.dumps(page_data(content)))
    pages = ErrorPages((content.texts,))
    for status in (404, 403, 500, 503):
        screen.add(pages(status, "/"))


def shown_keys(content: Content) -> set[str]:
    """The keys whose words a visitor can see, drawn from this content."""
    screen = _Screen()
    parts = (
        _dashboard_tour,
        _other_views,
        _codes_for_phones,
        _server_pages,
        _story_without_changes,
    )
    for part in parts:
        part(marked(content), screen)
    text = "\n".join(screen.parts)
    return {k for k in UI_KEYS if _marker(k) in text} | template_keys(TEMPLATE)


def _with_an_undated_source(content: Content) -> Content:
    """Real data in which a source gives no review date (one may not, in time)."""
    first = dataclasses.replace(content.sources[0], reviewed=None)
    return dataclasses.replace(content, sources=(first, *content.sources[1:]))


def _story_without_changes(content: Content, screen: _Screen) -> None:
    """A story row with no single answer that changes it (one may come)."""
    record = {**scenario_records(content)[0], "changes_if": ""}
    screen.add(stories_table_html([record], content.level_words, content.texts))


def test_every_word_is_on_screen_somewhere() -> None:
    """Each key of the list is shown by some view, notice or page, in some language (a quote's
    rendering, ``quote_translation``, is shown only in a language other than the source's): an
    unused key fails here."""
    shown = set().union(
        *(shown_keys(_with_an_undated_source(default_content(code))) for code in LANGUAGES)
    )
    unused = [k for k in UI_KEYS if k not in shown]
    assert not unused, (
        f"data/ui.yaml words no visitor sees: {unused}. Show them, or drop them from "
        "explainer/words.py, data/schema/ui.schema.json and data/ui.yaml."
    )


def test_every_error_page_kind_has_its_words_on_the_list() -> None:
    assert {k for keys in ERROR_PAGES.values() for k in keys} <= set(UI_KEYS)


# -- the template, the error pages and the page's script hold no words of their own --------------


def template_keys(path: Path) -> set[str]:
    """The keys a Jinja template shows through the ``explainer_text`` filter (every language)
    and ``explainer_default_text`` (the default one, where no markup can go)."""
    env = jinja2.Environment()
    tree = env.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in tree.find_all(nodes.Filter):
        if node.name in ("explainer_text", "explainer_default_text"):
            assert isinstance(node.node, nodes.Const), f"{path.name}: a key must be written out"
            found.add(node.node.value)
    return found


def test_the_template_shows_only_keys_on_the_list() -> None:
    keys = template_keys(TEMPLATE)
    assert {"page_title", "loading", "needs_javascript", "page_error", "language"} <= keys
    assert keys <= set(UI_KEYS)


class _Words(HTMLParser):
    """Text a visitor reads in a piece of markup: text nodes and labelling attributes."""

    LABELS = ("aria-label", "title", "alt", "placeholder", "value")

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")
        self.words.extend(v for k, v in attrs if k in self.LABELS and v and v.strip())

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.words.append(data.strip())


def literal_words(path: Path) -> list[str]:
    """The words a Jinja template writes itself, outside its tags, expressions and comments."""
    env = jinja2.Environment()
    source = path.read_text(encoding="utf-8")
    markup = "".join(v for _, kind, v in env.lex(source) if kind == "data")
    parser = _Words()
    parser.feed(markup)
    return parser.words


@pytest.mark.parametrize("path", [TEMPLATE, *sorted(PAGES.glob("*.html"))], ids=lambda p: p.name)
def test_the_templates_hold_no_words_of_their_own(path: Path) -> None:
    """Every word the page template and the error pages show comes from data/ui.yaml."""
    assert literal_words(path) == []


def test_the_check_finds_a_word_written_into_a_template(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<p>{{ "loading" | explainer_text }}</p><p aria-label="Menu">Hello</p>')
    assert literal_words(page) == ["Menu", "Hello"]
    assert template_keys(page) == {"loading"}


def test_the_page_script_shows_exactly_the_words_of_the_page_data() -> None:
    """connection.js and explainer.js read their words from the page data (explainer/page.py),
    in the page's language, by these keys."""
    connection = CONNECTION_JS.read_text(encoding="utf-8")
    page = (CONNECTION_JS.parent / "explainer.js").read_text(encoding="utf-8")
    used = set(re.findall(r"words\(\)\.(\w+)", connection))
    used |= set(re.findall(r"\bwords\.(\w+)", page))
    assert used == set(WORDS)
