"""Pictures for numbers and steps: an icon array of people as inline SVG, and a path of steps.

Pure functions returning escaped HTML strings. Meaning never rests on colour alone: figures are
solid or outlined, both painted in ``currentColor``, so they stay apart when a browser in
forced-colors mode paints everything in one system colour. The rules both pictures need are in
``static/pictures.css``, the site stylesheet for both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from html import escape

__all__ = [
    "MAX_TOTAL",
    "PATH_ICONS",
    "icon_array_svg",
    "icon_arrays_html",
    "icon_key_html",
    "path_html",
    "path_icon_svg",
]

#: The most figures an icon array draws (a 20 x 20 grid).
MAX_TOTAL = 400
#: One figure's cell in SVG units: the figure is 8 wide, the rest is space.
_CELL_W, _CELL_H = 10, 15
#: A person: a round head over a body with rounded shoulders, in one path.
_FIGURE = "M2.7 2.9a2.3 2.3 0 1 0 4.6 0a2.3 2.3 0 1 0-4.6 0zM1.5 13.6V9.7a3.5 3.5 0 0 1 7 0v3.9z"
#: The two kinds of figure, and the one meaning each has in every array on every page: filled,
#: the people it happened to; outlined, the rest. A reader who learns the key once can read them
#: all (a third kind that meant "a range" in one chart and "a second part" in another could not).
_KINDS = ("filled", "empty")
_PAINT = {"filled": "currentColor", "empty": "none"}
_SVG = (
    'xmlns="http://www.w3.org/2000/svg" stroke="currentColor" stroke-width=".7" '
    'stroke-linejoin="round"'
)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def icon_array_svg(
    count: int, label: str, *, total: int = 100, caption: str = "", place: str = ""
) -> str:
    """A figure of `total` people, the first `count` filled (it happened to them), the rest
    outlined, named by `label` (which states the numbers), under an optional caption. `place`
    tells apart its ids from the same array's elsewhere on the page (the advice panel and the
    sources tab share one document)."""
    _check_count(count, total)
    figure = _figure_id(count, total, label + place)
    cols = _columns(total)
    rows = -(-total // cols)
    name = _e(label)
    svg = (
        f'<svg class="icon-array" role="img" aria-label="{name}" '
        f'viewBox="0 0 {cols * _CELL_W} {rows * _CELL_H}" {_SVG}>'
        f'<title>{name}</title><defs><path id="{figure}" d="{_FIGURE}"/></defs>'
        f"{_figures(count, total, cols, figure)}</svg>"
    )
    # The caption comes first: the reader learns what a picture counts before seeing it.
    text = f'<figcaption class="icon-array-caption">{_e(caption)}</figcaption>' if caption else ""
    return f'<figure class="icon-array-figure">{text}{svg}</figure>'


def icon_arrays_html(
    arrays: Sequence[tuple[int, str, str]], key: tuple[str, str], *, place: str = ""
) -> str:
    """Arrays of 100 people side by side, each (count, label, caption), and one key under them:
    a range is two arrays (lowest and highest study), never one array with a shaded band, so
    every figure drawn is a person. `place` as for :func:`icon_array_svg`."""
    if not arrays:
        raise ValueError("icon arrays: need at least one array, got none")
    figures = "".join(
        icon_array_svg(n, label, caption=caption, place=place) for n, label, caption in arrays
    )
    return f'<div class="icon-arrays">{figures}</div>{icon_key_html(*key)}'


def icon_key_html(happened: str, rest: str) -> str:
    """The key, the same in every picture: a filled figure and what it means, an outlined one
    and what it means (a kind with no words is left out)."""
    items = "".join(
        _key_item(kind, words) for kind, words in zip(_KINDS, (happened, rest), strict=True)
    )
    return f'<p class="icon-array-key">{items}</p>' if items else ""


def _check_count(count: int, total: int) -> None:
    """Raise ValueError unless 1 <= total <= MAX_TOTAL and 0 <= count <= total."""
    if not 1 <= total <= MAX_TOTAL:
        raise ValueError(f"icon array: total must be between 1 and {MAX_TOTAL}, got total={total}")
    if not 0 <= count <= total:
        raise ValueError(f"icon array: need 0 <= count <= total, got count={count}, total={total}")


def _figure_id(count: int, total: int, label: str) -> str:
    """The id of the figure path: distinct for arrays that differ, so pages can hold many."""
    digest = hashlib.blake2s(label.encode(), digest_size=4).hexdigest()
    return f"ia-{count}-{total}-{digest}-fig"


def _columns(total: int) -> int:
    """Ten figures a row (fewer when there are fewer), twenty beyond a hundred figures."""
    return min(total, 10) if total <= 100 else 20


def _figures(count: int, total: int, cols: int, figure: str) -> str:
    """One group a kind, in reading order: figure i sits at column i % cols, row i // cols."""
    groups = []
    for kind, start, end in zip(_KINDS, (0, count), (count, total), strict=True):
        uses = "".join(
            f'<use class="fig-{kind}" href="#{figure}" '
            f'x="{i % cols * _CELL_W}" y="{i // cols * _CELL_H}"/>'
            for i in range(start, end)
        )
        if uses:
            groups.append(f'<g fill="{_PAINT[kind]}">{uses}</g>')
    return "".join(groups)


def _key_item(kind: str, words: str) -> str:
    """A swatch drawn like the figures of `kind` (hidden from screen readers), then its words;
    the swatch holds its own path, so a key needs no array beside it."""
    if not words:
        return ""
    swatch = (
        f'<svg class="icon-array-swatch key-{kind}" aria-hidden="true" focusable="false" '
        f'viewBox="0 0 {_CELL_W} {_CELL_H}" {_SVG}>'
        f'<path d="{_FIGURE}" fill="{_PAINT[kind]}"/></svg>'
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


def path_icon_svg(name: str) -> str:
    """One of :data:`PATH_ICONS`, hidden from screen readers; "" for no name."""
    if not name:
        return ""
    if name not in PATH_ICONS:
        raise ValueError(f"path icon: need one of {', '.join(PATH_ICONS)}, got {name!r}")
    return (
        '<svg class="path-icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" '
        'fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" '
        f'stroke-linejoin="round" xmlns="http://www.w3.org/2000/svg">{PATH_ICONS[name]}</svg>'
    )


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
