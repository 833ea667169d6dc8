"""Links that carry answers: ``?rare_cancer=yes&opinions_so_far=two_disagree``.

The presenter's link names a story instead: ``?view=present&story=maria``. Any link may name
the language of the page: ``?lang=es`` (:data:`explainer.translation.LANGUAGES`; English without
it). A language the explainer does not speak counts as ignored: the page is in English.

A link is untrusted input. Parsing never raises: what it cannot use is dropped and counted in
``Link.ignored`` so the page can say so calmly, without echoing it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from .content import Content
from .model import ROUTE, Answer, Answers, on_route
from .translation import DEFAULT_LANGUAGE, LANGUAGES

#: Longer query strings, or ones with more fields, are not parsed at all.
MAX_QUERY_LENGTH = 2000
MAX_FIELDS = 100
#: Parameters that choose a view rather than answer a question.
VIEWS = ("present", "handout")
#: The view whose link may name a story (``story=<scenario id>``).
STORY_VIEW = "present"
_YES_NO = {"yes": True, "no": False}


@dataclass(frozen=True, slots=True)
class Link:
    """What a query string asked for: answers, a view, the presenter's story, and how many
    parameters were ignored."""

    answers: tuple[tuple[str, Answer], ...]
    view: str | None
    ignored: int
    story: str | None
    language: str = DEFAULT_LANGUAGE

    def answers_dict(self) -> Answers:
        """The answers as a fresh dict."""
        return dict(self.answers)


def parse_query(query: str, content: Content) -> Link:
    """Read answers, a view and a story from a query string, ignoring anything unknown or
    malformed (a story counts only with the presenter's view)."""
    pairs = _pairs(query)
    if pairs is None:
        return Link(answers=(), view=None, ignored=1, story=None, language=DEFAULT_LANGUAGE)
    answers: dict[str, Answer] = {}
    view: str | None = None
    story: str | None = None
    language: str | None = None
    ignored = 0
    stories = {s.id for s in content.scenarios}
    for key, raw in pairs:
        if key == "view" and raw in VIEWS and view is None:
            view = raw
            continue
        if key == "story" and raw in stories and story is None:
            story = raw
            continue
        if key == "lang" and raw in LANGUAGES and language is None:
            language = raw
            continue
        value = _value(key, raw, content)
        if value is None or key in answers:
            ignored += 1
        else:
            answers[key] = value
    if story is not None and view != STORY_VIEW:
        story, ignored = None, ignored + 1
    # An answer to a question the link's route does not ask is not used: say so, like any other.
    chosen = {ROUTE: content.criterion(ROUTE).default, **answers}
    unasked = [k for k in answers if not on_route(content.criterion(k).routes, chosen)]
    for key in unasked:
        del answers[key]
    ignored += len(unasked)
    return Link(
        answers=tuple(answers.items()),
        view=view,
        ignored=ignored,
        story=story,
        language=language or DEFAULT_LANGUAGE,
    )


def _pairs(query: str) -> list[tuple[str, str]] | None:
    """The query's parameters, or None for one not read at all (too long, too many fields)."""
    if len(query) > MAX_QUERY_LENGTH:
        return None
    try:
        return parse_qsl(query.lstrip("?"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:  # more than MAX_FIELDS fields
        return None


def link_language(query: str) -> str:
    """The language a query string asks for, read as :func:`parse_query` reads it (the first
    ``lang`` the explainer speaks; the default for anything else): for pages the server writes
    itself (the busy page, server/kernels.py). Never raises, never returns the visitor's text."""
    pairs = _pairs(query) or []
    return next((raw for key, raw in pairs if key == "lang" and raw in LANGUAGES), DEFAULT_LANGUAGE)


def _value(key: str, raw: str, content: Content) -> Answer | None:
    criterion = next((c for c in content.criteria if c.id == key), None)
    if criterion is None:
        return None
    if criterion.kind == "yes_no":
        return _YES_NO.get(raw)
    return raw if raw in {o.id for o in criterion.options} else None


def story_query(scenario_id: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The presenter's link to one story (the page's script builds the same, connection.js)."""
    return urlencode([("view", STORY_VIEW), *_language(language), ("story", scenario_id)])


def _language(language: str) -> list[tuple[str, str]]:
    return [] if language == DEFAULT_LANGUAGE else [("lang", language)]


def build_query(
    answers: Answers, content: Content, view: str | None = None, language: str | None = None
) -> str:
    """The query string for these answers in ``language`` (default: the content's): the view,
    the language, then only the answers that differ from the defaults, in display order."""
    pairs: list[tuple[str, str]] = [("view", view)] if view else []
    pairs += _language(content.language if language is None else language)
    for criterion in content.criteria:
        value = answers.get(criterion.id, criterion.default)
        if value == criterion.default:
            continue
        pairs.append(
            (criterion.id, ("yes" if value else "no") if isinstance(value, bool) else value)
        )
    return urlencode(pairs)
