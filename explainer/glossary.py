"""Medical and insurance words, defined where a view first uses them (``data/glossary.yaml``).

A word is defined once, in data, and the renderer shows its meaning in brackets the first time a
view uses it: "your oncologist (a doctor who treats cancer)". Brackets, not a tooltip: they work
on a phone, for a screen reader and on paper.

Two forms: :func:`define_html` for a view's finished HTML (it changes only text a visitor reads
as prose: never a quotation, a heading, a link, a button or a citation), and :func:`define_text`
for plain text (the printable plan and its PDF), each with the set of terms already defined on
that page, so a word is explained once per page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

from .model import Term

__all__ = ["define_html", "define_text"]

#: Elements whose text is never changed: quotations keep the source's exact words, and
#: headings, links, buttons and table headers stay short.
_KEEP = frozenset(
    {
        "a",
        "blockquote",
        "button",
        "caption",
        "dfn",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "script",
        "style",
        "summary",
        "svg",
        "th",
        "title",
    }
)
#: Elements kept whole by their class: a citation's disclosure (the source, in its words or
#: ours), the page's own copy of the main message that screen readers skip, and a story's
#: change, which quotes an answer as the form words it so a reader can find it there.
_KEEP_CLASSES = frozenset({"citation", "headline", "room-code", "story-change"})
_TAG = re.compile(r"(<[^>]*>)")
_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")
_END = re.compile(r"</([a-zA-Z][a-zA-Z0-9]*)\s*>")
_CLASS = re.compile(r'\bclass="([^"]*)"')
_VOID = frozenset(
    {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def _pattern(terms: Sequence[Term]) -> tuple[re.Pattern[str], dict[str, Term]]:
    owner = {form: term for term in terms for form in term.forms}
    forms = sorted(owner, key=len, reverse=True)
    alternatives = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    # A possessive stays with its word: "your oncologist's (…)" would split it.
    possessive = "(?:\u2019s|'s|&\\#x27;s)?"  # curly, straight, or escaped straight apostrophe
    return re.compile(rf"(?<![\w-])({alternatives}){possessive}(?![\w-])", re.IGNORECASE), owner


def _first_uses(
    text: str, terms: Sequence[Term], seen: set[str]
) -> Iterable[tuple[re.Match[str], Term]]:
    """Each term's first use in ``text`` that ``seen`` does not hold yet (``seen`` grows). A use
    that the text explains itself, in brackets right after it ("Original Medicare (without an
    Advantage plan)"), counts as defined: a second meaning after it would say it twice."""
    if not terms:
        return
    pattern, owner = _pattern(terms)
    for match in pattern.finditer(text):
        term = owner[" ".join(match.group(1).lower().split())]
        if term.id not in seen:
            seen.add(term.id)
            if not text[match.end() :].lstrip().startswith("("):
                yield match, term


def define_text(text: str, terms: Sequence[Term], seen: set[str]) -> str:
    """Plain text with each term not yet in ``seen`` followed by its meaning in brackets."""
    out, at = [], 0
    for match, term in list(_first_uses(text, terms, seen)):
        out += [text[at : match.end()], f" ({term.definition})"]
        at = match.end()
    return "".join(out) + text[at:]


def define_html(html: str, terms: Sequence[Term], seen: set[str] | None = None) -> str:
    """A view's escaped HTML with each term's first use in prose marked and explained: the word
    in ``<dfn>``, its meaning in brackets after it."""
    seen = set() if seen is None else seen
    parts = _TAG.split(html)
    keeping: list[str] = []  # the open elements whose text is kept as it is
    for i, part in enumerate(parts):
        if part.startswith("<"):
            _follow(part, keeping)
        elif part and not keeping:
            parts[i] = _define_escaped(part, terms, seen)
    return "".join(parts)


def _follow(tag: str, keeping: list[str]) -> None:
    """Track the kept elements: a start tag opens one (or nests in one), its end tag closes it."""
    end = _END.fullmatch(tag)
    if end:
        if keeping and keeping[-1] == end.group(1).lower():
            keeping.pop()
        return
    start = _START.fullmatch(tag)
    if not start or tag.endswith("/>"):
        return
    name = start.group(1).lower()
    if name in _VOID:
        return
    found = _CLASS.search(start.group(2))
    classes = set(found.group(1).split()) if found else set()
    if keeping or name in _KEEP or classes & _KEEP_CLASSES:
        keeping.append(name)


def _define_escaped(text: str, terms: Sequence[Term], seen: set[str]) -> str:
    out, at = [], 0
    for match, term in list(_first_uses(text, terms, seen)):
        word = text[match.start() : match.end()]
        out += [
            text[at : match.start()],
            f'<dfn class="term" data-term="{escape(term.id)}">{word}</dfn>',
            f'<span class="term-meaning"> ({escape(term.definition)})</span>',
        ]
        at = match.end()
    return "".join(out) + text[at:]
