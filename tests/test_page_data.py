"""The answer key and words the page's script needs when the kernel is gone (explainer.page)."""

from __future__ import annotations

import json
import re

from explainer import default_content
from explainer.links import build_query
from explainer.page import WORDS, json_script, page_data, page_data_html
from explainer.translation import LANGUAGES


def test_the_answer_key_lists_every_criterion_in_link_order_with_its_default() -> None:
    """The script writes the same link as build_query: same order, same default, same values."""
    content = default_content()
    key = page_data(content)["criteria"]
    assert [c["id"] for c in key] == [c.id for c in content.criteria]
    for entry, criterion in zip(key, content.criteria, strict=True):
        assert entry["options"] == [o.id for o in criterion.options]
        # A link of every default names nothing: the key's default is the link's spelling.
        value = entry["default"] == "yes" if criterion.kind == "yes_no" else entry["default"]
        assert build_query({criterion.id: value}, content) == ""


def test_the_answer_key_says_which_routes_ask_each_question() -> None:
    """The script counts a question its route does not ask as its default, as the kernel does:
    the key names the route question and each question's routes (none: every route)."""
    content = default_content()
    data = page_data(content)
    assert data["route"] == "care_route"
    routes = {c["id"]: c["routes"] for c in data["criteria"]}  # type: ignore[attr-defined]
    assert routes["insurer_requires"] == list(content.criterion("insurer_requires").routes)
    assert routes["care_route"] == [] and routes["rare_cancer"] == []


def test_the_words_come_from_data_ui_yaml_in_every_language() -> None:
    """The page is made before the visitor's link is known: it carries each language's words."""
    contents = [default_content(code) for code in LANGUAGES]
    words = page_data(*contents)["words"]
    assert set(words) == set(LANGUAGES)
    for content in contents:
        assert set(words[content.language]) == set(WORDS)
        assert all(
            words[content.language][k] == content.texts[k] and words[content.language][k]
            for k in WORDS
        )
    assert words["es"]["page_title"] != words["en"]["page_title"]


SCRIPT = re.compile(r'<script id="explainer-page-data" type="application/json">(.*)</script>', re.S)


def test_the_page_carries_the_page_data_as_json() -> None:
    match = SCRIPT.fullmatch(page_data_html())
    assert match
    assert json.loads(match.group(1)) == page_data(*(default_content(c) for c in LANGUAGES))


def test_no_text_can_break_out_of_the_script_element() -> None:
    """A word in data/ui.yaml that holds markup stays a word: it cannot end the element."""
    data = {"words": {"connection_lost": "</script><script>alert(1)</script><!--"}}
    match = SCRIPT.fullmatch(json_script(data))
    assert match and "<" not in match.group(1)
    assert json.loads(match.group(1)) == data
