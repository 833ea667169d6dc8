"""A review's findings as ranges on one scale of 0 to 100, drawn as inline SVG on the server.

Each finding is a bar from the lowest to the highest number its studies found, over an outlined
track from 0 to 100. Meaning never rests on colour: every shape is painted in ``currentColor``,
the first bar solid and the next hatched, each inside an outline, so they stay apart when forced
colours paint everything in one system colour. The picture is named by its numbers
(``aria-label``), and the same numbers follow it as text. The PDF (:mod:`explainer.pdf`) draws
the same picture from :data:`KINDS` and :func:`hatch`.
"""

from __future__ import annotations

import textwrap
from html import escape

from .model import RangeBar, Ranges

__all__ = ["KINDS", "hatch", "range_label", "range_picture_html", "range_svg"]

#: How each bar is filled, in order (a third bar would be hatched too): solid, then hatched.
KINDS = ("solid", "hatched")
#: The picture's size in SVG units: a row a bar (its label over it, wrapped to fit a phone's
#: width at a readable size), then the scale.
_W, _AXIS, _LINE, _LABEL_CHARS = 300, 40, 19, 27
_LEFT = _RIGHT = 26  # room for a number beside a bar at either end
_BAR_H, _ROW_GAP = 20, 14
_TICKS = (0, 50, 100)
_HATCH_GAP = 6.0


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _x(value: float) -> float:
    """Where ``value`` (0 to 100) sits along the scale."""
    return _LEFT + value / 100 * (_W - _LEFT - _RIGHT)


def hatch(
    left: float, right: float, top: float, bottom: float, gap: float
) -> list[tuple[float, float, float, float]]:
    """Lines rising at 45 degrees, ``gap`` apart, that fill the box from ``left`` to ``right``
    and ``top`` to ``bottom`` (y grows down), each cut at the box's edges: (x1, y1, x2, y2)."""
    height, lines = bottom - top, []
    start = left - height + gap / 2
    while start < right:
        x1, y1 = max(start, left), bottom - max(0.0, left - start)
        x2, y2 = min(start + height, right), top + max(0.0, start + height - right)
        lines.append((x1, y1, x2, y2))
        start += gap
    return lines


def range_label(ranges: Ranges) -> str:
    """What the picture shows, in words: every bar with its numbers, one sentence each."""
    return " ".join(f"{ranges.text(bar)}." for bar in ranges.bars)


def _row_height(bar: RangeBar) -> int:
    return len(_label_lines(bar)) * _LINE + 6 + _BAR_H + _ROW_GAP


def _label_lines(bar: RangeBar) -> list[str]:
    return textwrap.wrap(bar.label, _LABEL_CHARS) or [""]


def _bar(n: int, bar: RangeBar, row: int) -> str:
    """One row from ``row`` down: the bar's label, the outlined track from 0 to 100, the range
    (solid or hatched, outlined) and its two numbers beside it."""
    lines = _label_lines(bar)
    label = "".join(
        f'<tspan x="0" dy="{_LINE if i else 0}">{_e(line)}</tspan>' for i, line in enumerate(lines)
    )
    top = row + len(lines) * _LINE + 6
    x1, x2, mid = _x(bar.low), _x(bar.high), top + _BAR_H / 2
    kind = KINDS[min(n, len(KINDS) - 1)]
    fill = "currentColor" if kind == "solid" else "none"
    strokes = "".join(
        f'<line x1="{a:.1f}" y1="{b:.1f}" x2="{c:.1f}" y2="{d:.1f}"/>'
        for a, b, c, d in hatch(x1, x2, top, top + _BAR_H, _HATCH_GAP)
    )
    pattern = (
        f'<g stroke="currentColor" stroke-width="1.4">{strokes}</g>' if kind == "hatched" else ""
    )
    return (
        f'<g class="range-bar range-{_e(kind)}">'
        f'<text x="0" y="{row + _LINE - 4}" font-weight="700">{label}</text>'
        f'<rect class="range-track" x="{_x(0)}" y="{top}" width="{_x(100) - _x(0)}" '
        f'height="{_BAR_H}" fill="none" stroke="currentColor" stroke-width="1" stroke-dasharray="3 2"/>'
        f"{pattern}"
        f'<rect x="{x1:.1f}" y="{top}" width="{x2 - x1:.1f}" height="{_BAR_H}" fill="{fill}" '
        f'stroke="currentColor" stroke-width="2"/>'
        f'<text x="{x1 - 4:.1f}" y="{mid + 5}" text-anchor="end">{bar.low}</text>'
        f'<text x="{x2 + 4:.1f}" y="{mid + 5}" text-anchor="start">{bar.high}</text></g>'
    )


def _axis(top: float) -> str:
    """The scale under the bars: a line from 0 to 100 with a tick and its number at each of
    :data:`_TICKS`."""
    ticks = "".join(f'<line x1="{_x(t)}" y1="{top}" x2="{_x(t)}" y2="{top + 6}"/>' for t in _TICKS)
    numbers = "".join(
        f'<text x="{_x(t)}" y="{top + 22}" text-anchor="middle">{t}</text>' for t in _TICKS
    )
    return (
        f'<g class="range-axis"><g stroke="currentColor" stroke-width="1.2">'
        f'<line x1="{_x(0)}" y1="{top}" x2="{_x(100)}" y2="{top}"/>{ticks}</g>{numbers}</g>'
    )


def range_svg(ranges: Ranges) -> str:
    """The picture: one row a bar, then the scale, named by :func:`range_label`."""
    if not ranges.bars:
        raise ValueError("range picture: need at least one bar, got none")
    name = _e(range_label(ranges))
    tops = [0]
    for bar in ranges.bars:
        tops.append(tops[-1] + _row_height(bar))
    rows = "".join(_bar(n, bar, tops[n]) for n, bar in enumerate(ranges.bars))
    height = tops[-1] + _AXIS
    return (
        f'<svg class="range-svg" role="img" aria-label="{name}" viewBox="0 0 {_W} {height}" '
        'xmlns="http://www.w3.org/2000/svg" fill="currentColor" font-size="16">'
        f"<title>{name}</title>{rows}{_axis(tops[-1] - _ROW_GAP + 8)}</svg>"
    )


def range_picture_html(ranges: Ranges, source_html: str = "") -> str:
    """The picture with its title first, why each bar is a range, the bars' numbers in words
    (its text equivalent), the caution not to add them, and ``source_html`` (the caller's
    escaped "Source" link, or nothing on paper)."""
    items = "".join(
        f'<li class="range-{_e(KINDS[min(n, len(KINDS) - 1)])}">{_e(ranges.text(bar))}</li>'
        for n, bar in enumerate(ranges.bars)
    )
    return (
        f'<figure class="range-picture"><figcaption class="range-title">{_e(ranges.title)}'
        f'</figcaption><p class="range-why">{_e(ranges.why)}</p>{range_svg(ranges)}'
        f'<ul class="range-text">{items}</ul><p class="range-note">{_e(ranges.note)}</p>'
        f"{source_html}</figure>"
    )
