"""What the page's own script needs from the content, written into the page by the server.

When the page loses its kernel (a crash, a restart, a network drop, a culled session), its
script (server/.../static/connection.js) must still be able to say so and to offer a link that
reloads the page with the answers on screen. So the page carries, from the start:

- the answer key: each criterion's id, kind, default, option ids and the routes it is asked on
  (none: every route), in the content's order, and the route question's id, so the script
  reads the controls and writes the same link as "Copy the link"
  (:func:`explainer.links.build_query`; a question the route does not ask counts as its
  default, as in :func:`explainer.advice.validate_answers`);
- the words of the notice (data/ui.yaml) and the page's title, in every language (the page is
  made before the visitor's link is known), so every word a visitor reads stays in data/.

Voila's page template calls :func:`page_data_html` (a Jinja filter named in
server/config/voila.py).
"""

from __future__ import annotations

import functools
import json

from .content import Content, default_content
from .model import ROUTE
from .translation import LANGUAGES

__all__ = ["WORDS", "json_script", "page_data", "page_data_html"]

#: The data/ui.yaml keys the page's script shows.
WORDS = (
    "connection_lost",
    "reload_with_answers",
    "advice_out_of_date",
    "advice_updating",
    "page_title",
)


def page_data(content: Content, *others: Content) -> dict[str, object]:
    """The answer key and the notice's words in the language of ``content`` and of each of
    ``others`` (by language code), as the page's script reads them."""
    criteria = [
        {
            "id": c.id,
            "kind": c.kind,
            "default": ("yes" if c.default else "no") if c.kind == "yes_no" else c.default,
            "options": [o.id for o in c.options],
            "routes": list(c.routes),
        }
        for c in content.criteria
    ]
    words = {c.language: {key: c.texts[key] for key in WORDS} for c in (content, *others)}
    return {"criteria": criteria, "route": ROUTE, "words": words}


def page_data_html(_value: object = None) -> str:
    """The page data as an inert JSON script element (a Jinja filter: its value is not used)."""
    return _page_data_html()


@functools.cache
def _page_data_html() -> str:
    return json_script(page_data(*(default_content(code) for code in LANGUAGES)))


def json_script(data: object) -> str:
    """``data`` as the page data's JSON script element, which no text in it can close."""
    # JSON parsers read \u003c as "<", so escaping every "<" leaves the data as it was.
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return f'<script id="explainer-page-data" type="application/json">{text}</script>'
