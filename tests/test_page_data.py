"""The answer key and words the page's script needs when the kernel is gone (explainer.page)."""

from __future__ import annotations

import json
import re

from explainer import default_content
from explainer.links import build_query
from explainer.page import WORDS, page_data, page_data_html


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


def test_the_words_come_from_data_ui_yaml() -> None:
    content = default_content()
    words = page_data(content)["words"]
    assert set(words) == set(WORDS)
    assert all(words[k] == content.texts[k] and words[k] for k in WORDS)


def test_the_page_data_is_inert_json_that_no_text_can_break_out_of() -> None:
    html = page_data_html()
    match = re.fullmatch(
        r'<script id="explainer-page-data" type="application/json">(.*)</script>', html, re.S
    )
    assert match and "<" not in match.group(1)
    assert json.loads(match.group(1)) == page_data(default_content())
