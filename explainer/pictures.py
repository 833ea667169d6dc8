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

__all__ = ["MAX_TOTAL", "icon_array_svg", "icon_arrays_html", "icon_key_html", "path_html"]

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


def path_html(steps: Sequence[tuple[str, str]], label: str) -> str:
    """The path a person follows as a numbered list named by `label`: each step is its words as
    a heading and, under it, the tasks for that step (`steps`: pairs of plain words and the
    tasks' HTML, which the caller has escaped). The line joining one step's number to the next
    is drawn by CSS, so a screen reader hears only the steps and their tasks."""
    if not steps:
        raise ValueError("path: need at least one step, got none")
    items = "".join(
        f'<li class="path-step"><span class="path-number" aria-hidden="true">{n}</span>'
        f'<h4 class="path-text">{_e(words)}</h4><div class="path-tasks">{tasks}</div></li>'
        for n, (words, tasks) in enumerate(steps, start=1)
    )
    return f'<ol class="path-picture" role="list" aria-label="{_e(label)}">{items}</ol>'
