"""Pictures for numbers and steps: an icon array of people as inline SVG, and a path of steps.

Pure functions returning escaped HTML strings. Meaning never rests on colour alone: figures are
solid, hatched or outlined, all painted in ``currentColor``, so they stay apart when a browser in
forced-colors mode paints everything in one system colour. The rules both pictures need are in
``static/pictures.css``, the site stylesheet for both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from html import escape

__all__ = ["MAX_TOTAL", "icon_array_svg", "path_html"]

#: The most figures an icon array draws (a 20 x 20 grid).
MAX_TOTAL = 400
#: One figure's cell in SVG units: the figure is 8 wide, the rest is space.
_CELL_W, _CELL_H = 10, 15
#: A person: a round head over a body with rounded shoulders, in one path.
_FIGURE = "M2.7 2.9a2.3 2.3 0 1 0 4.6 0a2.3 2.3 0 1 0-4.6 0zM1.5 13.6V9.7a3.5 3.5 0 0 1 7 0v3.9z"
_KINDS = ("filled", "range", "empty")


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def icon_array_svg(
    low: int,
    high: int,
    label: str,
    *,
    total: int = 100,
    caption: str = "",
    key: tuple[str, str, str] = ("", "", ""),
) -> str:
    """A figure of `total` people, the first `low` solid, those up to `high` hatched, the rest
    outlined, named by `label`, with an optional caption and key (words for the three kinds)."""
    _check_range(low, high, total)
    ids = _ids(low, high, total, label)
    cols = _columns(total)
    rows = -(-total // cols)
    name = _e(label)
    svg = (
        f'<svg class="icon-array" role="img" aria-label="{name}" '
        f'viewBox="0 0 {cols * _CELL_W} {rows * _CELL_H}" xmlns="http://www.w3.org/2000/svg" '
        f'stroke="currentColor" stroke-width=".7" stroke-linejoin="round">'
        f"<title>{name}</title>{_defs(ids)}{_figures((low, high, total), cols, ids)}</svg>"
    )
    return f'<figure class="icon-array-figure">{svg}{_figcaption(caption, key, ids)}</figure>'


def _check_range(low: int, high: int, total: int) -> None:
    """Raise ValueError unless 1 <= total <= MAX_TOTAL and 0 <= low <= high <= total."""
    if not 1 <= total <= MAX_TOTAL:
        raise ValueError(f"icon array: total must be between 1 and {MAX_TOTAL}, got total={total}")
    if not 0 <= low <= high <= total:
        raise ValueError(
            f"icon array: need 0 <= low <= high <= total, got low={low}, high={high}, total={total}"
        )


def _ids(low: int, high: int, total: int, label: str) -> tuple[str, str]:
    """The ids of the figure path and the hatch pattern: distinct for arrays that differ."""
    digest = hashlib.blake2s(label.encode(), digest_size=4).hexdigest()
    base = f"ia-{low}-{high}-{total}-{digest}"
    return f"{base}-fig", f"{base}-hatch"


def _columns(total: int) -> int:
    """Ten figures a row (fewer when there are fewer), twenty beyond a hundred figures."""
    return min(total, 10) if total <= 100 else 20


def _defs(ids: tuple[str, str]) -> str:
    figure, hatch = ids
    return (
        f'<defs><path id="{figure}" d="{_FIGURE}"/>'
        f'<pattern id="{hatch}" width="1.6" height="1.6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><path d="M0 .8h1.6" stroke-width=".7"/></pattern></defs>'
    )


def _paint(kind: str, hatch: str) -> str:
    """The fill that tells a kind apart without colour: solid, hatched or none."""
    return {"filled": "currentColor", "range": f"url(#{hatch})", "empty": "none"}[kind]


def _figures(counts: tuple[int, int, int], cols: int, ids: tuple[str, str]) -> str:
    """One group a kind, in reading order: figure i sits at column i % cols, row i // cols."""
    figure, hatch = ids
    groups = []
    for kind, start, end in zip(_KINDS, (0, *counts[:2]), counts, strict=True):
        uses = "".join(
            f'<use class="fig-{kind}" href="#{figure}" '
            f'x="{i % cols * _CELL_W}" y="{i // cols * _CELL_H}"/>'
            for i in range(start, end)
        )
        if uses:
            groups.append(f'<g fill="{_paint(kind, hatch)}">{uses}</g>')
    return "".join(groups)


def _figcaption(caption: str, key: tuple[str, str, str], ids: tuple[str, str]) -> str:
    """The caption and the key's non-empty entries, or nothing when both are empty."""
    items = "".join(_key_item(kind, words, ids) for kind, words in zip(_KINDS, key, strict=True))
    text = f'<p class="icon-array-caption">{_e(caption)}</p>' if caption else ""
    legend = f'<p class="icon-array-key">{items}</p>' if items else ""
    return f"<figcaption>{text}{legend}</figcaption>" if text or legend else ""


def _key_item(kind: str, words: str, ids: tuple[str, str]) -> str:
    """A swatch drawn like the figures of `kind` (hidden from screen readers), then its words."""
    if not words:
        return ""
    figure, hatch = ids
    swatch = (
        f'<svg class="icon-array-swatch key-{kind}" aria-hidden="true" focusable="false" '
        f'viewBox="0 0 {_CELL_W} {_CELL_H}" xmlns="http://www.w3.org/2000/svg" '
        f'stroke="currentColor" stroke-width=".7" '
        f'stroke-linejoin="round"><use href="#{figure}" fill="{_paint(kind, hatch)}"/></svg>'
    )
    return f'<span class="icon-array-key-item">{swatch}{_e(words)}</span>'


def path_html(steps: Sequence[str], label: str) -> str:
    """The steps a person follows as a numbered list named by `label`; the connectors between
    steps are drawn by CSS, so a screen reader hears only the steps."""
    if not steps:
        raise ValueError("path: need at least one step, got none")
    items = "".join(
        f'<li class="path-step"><span class="path-number" aria-hidden="true">{n}</span>'
        f'<span class="path-text">{_e(step)}</span></li>'
        for n, step in enumerate(steps, start=1)
    )
    return f'<ol class="path-picture" role="list" aria-label="{_e(label)}">{items}</ol>'
