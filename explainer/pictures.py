"""Pictures for numbers and steps: an icon array of people as inline SVG, and a path of steps.

Pure functions returning escaped HTML strings. Meaning never rests on colour alone: figures are
solid, half filled or outlined, all painted in ``currentColor``, so they stay apart by shape when
a browser in forced-colors mode paints everything in one system colour. The rules both pictures
need are in ``static/pictures.css``, the site stylesheet for both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = [
    "COLLECT_ICONS",
    "MAX_TOTAL",
    "PATH_ICONS",
    "Picture",
    "collect_html",
    "collect_icon_svg",
    "icon_array_svg",
    "icon_arrays_html",
    "icon_key_html",
    "path_html",
    "path_icon_svg",
    "picture_html",
]

#: The most figures an icon array draws (a 20 x 20 grid).
MAX_TOTAL = 400
#: One figure's cell in SVG units: the figure is 8 wide, the rest is space.
_CELL_W, _CELL_H = 10, 15
#: A person: a round head over a body with rounded shoulders, in one path.
_FIGURE = "M2.7 2.9a2.3 2.3 0 1 0 4.6 0a2.3 2.3 0 1 0-4.6 0zM1.5 13.6V9.7a3.5 3.5 0 0 1 7 0v3.9z"
#: The left half of that person (head and body), filled over the outline for a half-filled one.
_HALF = "M5 .6a2.3 2.3 0 0 0 0 4.6zM1.5 13.6V9.7a3.5 3.5 0 0 1 3.5-3.5v7.4z"
#: The three kinds of figure, in the order they are drawn and keyed. What each means is given by
#: the key under each study's pictures ("Changed", "Not changed"), never assumed across studies.
_KINDS = ("filled", "half", "empty")
_PAINT = {"filled": "currentColor", "half": "currentColor", "empty": "none"}
_SVG = (
    'xmlns="http://www.w3.org/2000/svg" stroke="currentColor" stroke-width=".7" '
    'stroke-linejoin="round"'
)


@dataclass(frozen=True, slots=True)
class Picture:
    """One array to draw: ``count`` filled, ``half`` half filled, then ``outlined`` outlined
    (None: the rest of ``total``; fewer leaves the last places empty), named by ``label`` (which
    states every number), under ``caption`` if any."""

    count: int
    label: str
    caption: str = ""
    half: int = 0
    outlined: int | None = None
    total: int = 100


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def icon_array_svg(
    count: int,
    label: str,
    *,
    total: int = 100,
    caption: str = "",
    half: int = 0,
    outlined: int | None = None,
) -> str:
    """A figure of `total` people, the first `count` filled, the next `half` half filled, then
    `outlined` outlined (the rest if None), named by `label` (which states the numbers), under
    an optional caption: :func:`picture_html` of that :class:`Picture`."""
    return picture_html(Picture(count, label, caption, half, outlined, total))


def picture_html(picture: Picture) -> str:
    """A figure of ``picture.total`` places, in reading order its filled people, its half-filled
    ones, then its outlined ones, named by its label, under its caption if any. Its ids come from
    its numbers and label, so two arrays on one page share none unless they are the same."""
    parts = _parts(picture)
    base = _figure_id(picture, parts)
    cols = _columns(picture.total)
    rows = -(-picture.total // cols)
    name = _e(picture.label)
    half = (
        f'<g id="{base}-half"><path d="{_FIGURE}" fill="none"/><path d="{_HALF}"/></g>'
        if picture.half
        else ""
    )
    svg = (
        f'<svg class="icon-array" role="img" aria-label="{name}" '
        f'viewBox="0 0 {cols * _CELL_W} {rows * _CELL_H}" {_SVG}>'
        f'<title>{name}</title><defs><path id="{base}-fig" d="{_FIGURE}"/>{half}</defs>'
        f"{_figures(parts, cols, base)}</svg>"
    )
    # The caption comes first: the reader learns what a picture counts before seeing it.
    caption = picture.caption
    text = f'<figcaption class="icon-array-caption">{_e(caption)}</figcaption>' if caption else ""
    return f'<figure class="icon-array-figure">{text}{svg}</figure>'


def icon_arrays_html(pictures: Sequence[Picture], key: Sequence[str]) -> str:
    """Arrays side by side, and one key under them all (``key``: the words for filled, outlined
    and, if any, half filled): a range is two arrays (lowest and highest study), never one array
    with a shaded band, so every figure drawn is a person."""
    if not pictures:
        raise ValueError("icon arrays: need at least one array, got none")
    figures = "".join(picture_html(p) for p in pictures)
    return f'<div class="icon-arrays">{figures}</div>{icon_key_html(*key)}'


def icon_key_html(filled: str, outlined: str, half: str = "") -> str:
    """The key: a swatch of each kind of figure and what it means, filled first, then half
    filled, then outlined, as they are drawn (a kind with no words is left out)."""
    words = {"filled": filled, "half": half, "empty": outlined}
    items = "".join(_key_item(kind, words[kind]) for kind in _KINDS)
    return f'<p class="icon-array-key">{items}</p>' if items else ""


def _parts(picture: Picture) -> tuple[int, int, int]:
    """How many of each kind (filled, half, outlined); raise ValueError unless 1 <= total <=
    MAX_TOTAL and the parts are each at least 0 and together at most total."""
    total = picture.total
    if not 1 <= total <= MAX_TOTAL:
        raise ValueError(f"icon array: total must be between 1 and {MAX_TOTAL}, got total={total}")
    count, half = picture.count, picture.half
    rest = total - count - half if picture.outlined is None else picture.outlined
    if min(count, half, rest) < 0 or count + half + rest > total:
        raise ValueError(
            "icon array: need parts of at least 0 making at most total, got "
            f"count={count}, half={half}, outlined={rest}, total={total}"
        )
    return count, half, rest


def _figure_id(picture: Picture, parts: tuple[int, int, int]) -> str:
    """The base of the ids in an array, a digest of its numbers and label: distinct for arrays
    that differ, so pages can hold many (short, as every figure repeats it)."""
    named = f"{parts}/{picture.total}/{picture.label}"
    return f"ia-{hashlib.blake2s(named.encode(), digest_size=5).hexdigest()}"


def _columns(total: int) -> int:
    """Ten figures a row (fewer when there are fewer), twenty beyond a hundred figures."""
    return min(total, 10) if total <= 100 else 20


def _figures(parts: tuple[int, int, int], cols: int, base: str) -> str:
    """One group a kind, in reading order: figure i sits at column i % cols, row i // cols."""
    groups, start = [], 0
    for kind, n in zip(_KINDS, parts, strict=True):
        ref = f"#{base}-half" if kind == "half" else f"#{base}-fig"
        uses = "".join(
            f'<use class="fig-{kind}" href="{ref}" '
            f'x="{i % cols * _CELL_W}" y="{i // cols * _CELL_H}"/>'
            for i in range(start, start + n)
        )
        start += n
        if uses:
            groups.append(f'<g fill="{_PAINT[kind]}">{uses}</g>')
    return "".join(groups)


def _key_item(kind: str, words: str) -> str:
    """A swatch drawn like the figures of `kind` (hidden from screen readers), then its words;
    the swatch holds its own paths, so a key needs no array beside it."""
    if not words:
        return ""
    fill = "none" if kind == "half" else _PAINT[kind]
    half = f'<path d="{_HALF}" fill="currentColor"/>' if kind == "half" else ""
    swatch = (
        f'<svg class="icon-array-swatch key-{kind}" aria-hidden="true" focusable="false" '
        f'viewBox="0 0 {_CELL_W} {_CELL_H}" {_SVG}>'
        f'<path d="{_FIGURE}" fill="{fill}"/>{half}</svg>'
    )
    return f'<span class="icon-array-key-item">{swatch}{_e(words)}</span>'


#: The path's small pictures, one for each kind of step: line drawings on a 24-unit square in
#: the text's colour (so they keep their meaning in forced colours). Their words are the step's
#: heading, so each is hidden from screen readers.
PATH_ICONS: dict[str, str] = {
    "clock": '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>',
    "card": '<rect x="3" y="6" width="18" height="12" rx="2"/><path d="M3 10h18M7 15h4"/>',
    "find": '<circle cx="10" cy="8" r="3.5"/><path d="M4 20c0-3.5 2.7-6 6-6"/>'
    '<circle cx="16.5" cy="16.5" r="3"/><path d="M18.7 18.7L21 21"/>',
    "folder": '<path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"/>',
    "visit": '<circle cx="8" cy="8" r="3"/><circle cx="16" cy="8" r="3"/>'
    '<path d="M3 19c0-3 2.2-5 5-5s5 2 5 5M11 19c0-3 2.2-5 5-5s5 2 5 5"/>',
    "compare": '<path d="M12 4v16M7 20h10M5 8h14M5 8l-3 6h6zM19 8l-3 6h6z"/>',
}


#: Small pictures of the records to collect for a step (options.yaml, a path step's `collect`),
#: drawn as the path's are; their words stand beside them, so each is hidden from screen readers.
#: A report is a page with a folded corner; other test results, a clipboard of lines; the slides,
#: two thin glass slides, one over the other, the front one with its frosted label end and a spot
#: of tissue (a slide is three times as long as it is wide, never a banknote's shape).
COLLECT_ICONS: dict[str, str] = {
    "report": '<path d="M6 3h9l4 4v14H6z"/><path d="M14 3v5h5M9 12h7M9 16h7"/>',
    "disc": '<circle cx="12" cy="12" r="9"/><circle cx="12" cy="12" r="2.5"/>',
    "results": '<rect x="5" y="4" width="14" height="17" rx="2"/>'
    '<rect x="9" y="2.5" width="6" height="3" rx="1"/><path d="M9 10h6M9 13.5h6M9 17h4"/>',
    "slides": '<path d="M4 14.5L2.8 11.5L20.9 4.2L22.7 8.7L8.3 14.5"/>'
    '<path d="M18.5 10.4L22.7 8.7L20.9 4.2L16.7 5.9z" fill="currentColor"/>'
    '<rect x="1.5" y="14.5" width="20.5" height="5" rx=".8"/>'
    '<path d="M6 14.5H2.3a.8.8 0 0 0-.8.8v3.4a.8.8 0 0 0 .8.8H6z" fill="currentColor"/>'
    '<path d="M12.5 16.2c.9-.7 2.8-.7 3.3.1s-.1 1.7-1.2 1.9-2.5 0-2.7-.7.2-1 .6-1.3z" '
    'fill="currentColor" stroke="none"/>',
}


def _line_icon(css_class: str, body: str) -> str:
    """A small line drawing on a 24-unit square in the text's colour, hidden from screen readers
    (its words stand beside it)."""
    return (
        f'<svg class="{css_class}" aria-hidden="true" focusable="false" viewBox="0 0 24 24" '
        'fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" '
        f'stroke-linejoin="round" xmlns="http://www.w3.org/2000/svg">{body}</svg>'
    )


def collect_icon_svg(name: str) -> str:
    """One of :data:`COLLECT_ICONS`, hidden from screen readers; raise ValueError naming an
    unknown one."""
    if name not in COLLECT_ICONS:
        raise ValueError(f"collect: need one of {', '.join(COLLECT_ICONS)}, got {name!r}")
    return _line_icon("collect-icon", COLLECT_ICONS[name])


def collect_html(items: Sequence[tuple[str, str]], label: str) -> str:
    """What to collect for a step of the path: small pictures (names in :data:`COLLECT_ICONS`)
    each beside its words, under ``label``; "" for none."""
    if not items:
        return ""
    shown = "".join(
        f"<li>{collect_icon_svg(name)}<span>{_e(words)}</span></li>" for name, words in items
    )
    return (
        f'<div class="collect"><p class="collect-label">{_e(label)}</p>'
        f'<ul class="collect-items" role="list">{shown}</ul></div>'
    )


def path_icon_svg(name: str) -> str:
    """One of :data:`PATH_ICONS`, hidden from screen readers; "" for no name."""
    if not name:
        return ""
    if name not in PATH_ICONS:
        raise ValueError(f"path icon: need one of {', '.join(PATH_ICONS)}, got {name!r}")
    return _line_icon("path-icon", PATH_ICONS[name])


def path_html(steps: Sequence[tuple[str, str]], label: str, icons: Sequence[str] = ()) -> str:
    """The path a person follows as a numbered list named by `label`: each step is its words as
    a heading, with its small picture (`icons`, names in :data:`PATH_ICONS`, one a step, if
    given), and under it the tasks for that step (`steps`: pairs of plain words and the tasks'
    HTML, which the caller has escaped). The line joining one step's number to the next is drawn
    by CSS, so a screen reader hears only the steps and their tasks."""
    if not steps:
        raise ValueError("path: need at least one step, got none")
    pictures = [path_icon_svg(i) for i in icons] or [""] * len(steps)
    items = "".join(
        f'<li class="path-step"><span class="path-number" aria-hidden="true">{n}</span>'
        f'<h4 class="path-text">{picture}{_e(words)}</h4><div class="path-tasks">{tasks}</div></li>'
        for n, ((words, tasks), picture) in enumerate(zip(steps, pictures, strict=True), start=1)
    )
    return f'<ol class="path-picture" role="list" aria-label="{_e(label)}">{items}</ol>'
