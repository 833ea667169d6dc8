"""The printable plan as a PDF, made on the server with fpdf2 (pure Python, no browser).

A pure function of the :class:`PlanDocument`: the same sections in the same order as the HTML
handout (:mod:`explainer.handout`), drawn as a handout a clinic would print: A4, a boxed summary,
real boxes to tick, lines to write on, the options side by side and a page footer.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fpdf import FPDF

from .model import Ranges
from .pictures import collect_icon_svg, path_icon_svg
from .plan import MARKS, OptionColumn, PlanDocument, PlanItem, PlanSection, SourceLine
from .range_picture import KINDS, hatch

__all__ = ["plan_pdf"]

#: PDF core fonts speak Latin-1 (so "opinión" stays as it is); these typographic characters
#: outside it get their plain equivalents, anything else becomes "?".
_PLAIN = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2014": "-",
        "\u2013": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u2192": "->",
        "\u2026": "...",
        "\u2022": "-",
        "\u2264": "<=",
        "\u2265": ">=",
        "\u2009": " ",
        "\u202f": " ",
    }
)

Colour = tuple[int, int, int]
Draw = Callable[[], None]
Cell = Callable[[float, float], None]  # draws a table cell's content at (x, width)

_MARGIN = 18.0  # mm, left, top and right
_BOTTOM = 21.0  # mm kept free at the foot of each page for the footer
_INK: Colour = (27, 31, 36)
_MUTED: Colour = (66, 74, 84)
_RULE: Colour = (120, 128, 138)
_SHADE: Colour = (236, 240, 244)
_BODY, _BODY_LH = 11.0, 5.4  # pt, mm
_SMALL, _SMALL_LH = 9.0, 4.3
_SOURCE, _SOURCE_LH = 10.0, 4.9  # the source list: smaller than the plan's body, still easy to read
_NUMBER = 7.0  # mm from the margin to a source's text, after its number
_INDENT = 8.0  # mm from the margin to an item's text (after its box, bullet or number)
_BOX = 4.4  # mm, the side of a box to tick
_WRITE_ROW = 9.0  # mm of height for a line to write on
_PAD = 3.0  # mm inside the summary box and the table's cells
#: The pictures' colour, the page's (static/pictures.css): the path, the level's marks, the bars.
_PICTURE: Colour = (29, 63, 110)
_HEX = "#1d3f6e"
_RAIL = 11.0  # mm the path's sections are set in, for the numbered circles and the line
_CIRCLE = 7.5  # mm across a step's numbered circle
_HEAD_LH = 6.2  # mm, a heading's line
_ICON = 5.2  # mm, a step's small picture
_MARK = 3.6  # mm across one of the level's marks
_THING = 7.5  # mm, the small picture of a record to collect
_INK_HEX = "#1b1f24"  # _INK: what to collect is drawn in the text's colour, as on the page


def _plain(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class _Handout(FPDF):
    """An A4 page with the plan's footer, and the pieces a handout is drawn from."""

    def __init__(self, doc: PlanDocument) -> None:
        super().__init__(format="A4")
        self.doc = doc
        self.set_margins(_MARGIN, _MARGIN, _MARGIN)
        self.set_auto_page_break(True, margin=_BOTTOM)
        self.alias_nb_pages()
        self.c_margin = 0  # text starts exactly at the margin, in line with boxes and rules
        self.rail_from = 0.0  # where the line under a step's circle starts (_step_mark)

    def footer(self) -> None:
        """Under a thin rule, "Page n of m" on the left (the count filled in when the document
        closes, so it sits where its width does not matter) and the plan's title on the right."""
        width = self.w - 2 * _MARGIN  # the path's sections set the left margin in
        self.set_line_width(0.2)
        self.set_draw_color(*_RULE)
        self.line(_MARGIN, self.h - 15, _MARGIN + width, self.h - 15)
        self.set_xy(_MARGIN, self.h - 13.5)
        self.style(8.5, "", _MUTED)
        label = self.doc.page_label.format(page=self.page_no(), pages="{nb}")
        self.cell(width * 0.4, 5, _plain(label), align="L")
        self.cell(width * 0.6, 5, _plain(self.doc.title), align="R")

    # -- Drawing primitives -------------------------------------------------------------------

    def style(self, size: float, emphasis: str = "", colour: Colour = _INK) -> None:
        """Sets the font (Helvetica at ``size`` pt, "B" for bold) and the text colour."""
        self.set_font("Helvetica", emphasis, size)
        self.set_text_color(*colour)

    def rule(self, y: float, width: float, colour: Colour = _INK) -> None:
        """A horizontal line across the text width."""
        self.set_line_width(width)
        self.set_draw_color(*colour)
        self.line(self.l_margin, y, self.l_margin + self.epw, y)

    def para(self, text: str, x: float, w: float, lh: float = _BODY_LH) -> None:
        """Wrapped text from ``x``, ``w`` wide, in the current style; the cursor moves below."""
        self.set_x(x)
        self.multi_cell(w, lh, _plain(text), align="L", new_x="LEFT", new_y="NEXT")

    def box(self, x: float, y: float, *, ticked: bool = False) -> None:
        """A square to tick, level with a body line starting at ``y``; a drawn tick if ticked."""
        top = y + (_BODY_LH - _BOX) / 2
        self.set_draw_color(*_INK)
        self.set_line_width(0.35)
        self.rect(x, top, _BOX, _BOX)
        if ticked:
            self.set_line_width(0.7)
            self.polyline(
                [(x + 0.8, top + 2.3), (x + 1.9, top + 3.5), (x + 3.7, top + 0.9)], style="D"
            )

    def bullet(self, x: float, y: float, lh: float = _BODY_LH) -> None:
        """A small filled dot, level with a line of height ``lh`` starting at ``y``."""
        self.set_fill_color(*_INK)
        self.ellipse(x, y + lh / 2 - 0.7, 1.4, 1.4, style="F")

    def write_row(self, labels: Sequence[str], x: float, w: float, columns: int = 1) -> None:
        """Lines to write on side by side, each after its small label (none if empty), each as
        wide as one of ``columns`` (at least as many as there are labels)."""
        gap, columns = 5.0, max(columns, len(labels))
        width = (w - gap * (columns - 1)) / columns
        base = self.get_y() + _WRITE_ROW - 1.2
        self.style(_SMALL, "", _MUTED)
        for n, label in enumerate(labels):
            left = x + n * (width + gap)
            start = left
            if label:
                self.text(left, base - 0.6, _plain(label))
                start += self.get_string_width(_plain(label)) + 2
            self.set_draw_color(*_INK)
            self.set_line_width(0.25)
            self.line(start, base, left + width, base)
        self.set_y(self.get_y() + _WRITE_ROW)

    def write_rows(self, labels: Sequence[str], x: float, w: float, per_row: int = 3) -> None:
        """The labelled lines of an item, at most ``per_row`` to a row."""
        for start in range(0, len(labels), per_row):
            self.write_row(labels[start : start + per_row], x, w, min(len(labels), per_row))

    # -- Keeping things together --------------------------------------------------------------

    def measure(self, draw: Draw) -> float:
        """How tall ``draw`` would be, drawn from here without a page break (nothing is kept)."""
        with self.offset_rendering():
            self.set_auto_page_break(False)
            start = self.get_y()
            draw()
            height = self.get_y() - start
        return height

    def keep(self, draw: Draw) -> None:
        """Draws ``draw`` on this page, or on a new one if it would not fit here (and fits there)."""
        needed = self.measure(draw)
        if self.get_y() + needed > self.page_break_trigger and needed <= self.eph:
            self.add_page()
        draw()


def _heading(pdf: _Handout, section: PlanSection) -> None:
    """A section's heading under a gap (none at the top of a page), ruled off, then its intro;
    a step of the path has its numbered circle in the margin and its small picture before it."""
    if pdf.get_y() > pdf.t_margin + 1:
        pdf.ln(5)
    indent = _step_mark(pdf, section) if section.step else 0.0
    pdf.style(13.5, "B")
    pdf.para(section.heading, pdf.l_margin + indent, pdf.epw - indent, _HEAD_LH)
    pdf.rule(pdf.get_y() + 0.6, 0.3, _RULE)
    pdf.ln(2.6)
    if section.intro:
        pdf.style(10.5, "", _MUTED)
        pdf.para(section.intro, pdf.l_margin, pdf.epw, 5.0)
        pdf.ln(1.2)


def _step_mark(pdf: _Handout, section: PlanSection) -> float:
    """A step's number in an outlined circle left of its heading (as on the page's path), and
    its small picture at the heading's start; returns how far the picture sets the words in.
    Where the line joining the circles starts is kept in ``rail_from``."""
    top, x = pdf.get_y(), pdf.l_margin - _RAIL
    middle = top + _HEAD_LH / 2
    pdf.set_draw_color(*_PICTURE)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_line_width(0.6)
    pdf.ellipse(x, middle - _CIRCLE / 2, _CIRCLE, _CIRCLE, style="DF")
    pdf.style(11.5, "B", _PICTURE)
    number = str(section.step)
    pdf.text(x + (_CIRCLE - pdf.get_string_width(number)) / 2, middle + 1.4, number)
    pdf.rail_from = middle + _CIRCLE / 2
    if not section.icon:
        return 0.0
    svg = path_icon_svg(section.icon).replace("currentColor", _HEX)
    pdf.image(io.BytesIO(svg.encode()), x=pdf.l_margin, y=middle - _ICON / 2, w=_ICON, h=_ICON)
    pdf.set_y(top)
    return _ICON + 2.0


@dataclass(frozen=True, slots=True)
class _Rail:
    """How a section of the path sits on the line joining the steps' circles: ``through``, the
    line runs on past its end; ``arrow``, it ends in an arrowhead pointing to the next step."""

    through: bool
    arrow: bool


def _railed(pdf: _Handout, section: PlanSection, pieces: Sequence[Draw], rail: _Rail) -> list[Draw]:
    """Each piece with its stretch of the line beside it (from the circle, in a step's first
    piece), so the line breaks with the pages; the last piece ends in an arrowhead if asked."""

    def beside(n: int, draw: Draw) -> Draw:
        def drawn() -> None:
            top = pdf.get_y()
            draw()
            if not rail.through:
                return
            start = pdf.rail_from if n == 0 and section.step else top
            end = pdf.get_y() + (3.0 if rail.arrow and n == len(pieces) - 1 else 0.0)
            _line_down(pdf, start, end, arrow=rail.arrow and n == len(pieces) - 1)

        return drawn

    return [beside(n, draw) for n, draw in enumerate(pieces)]


def _line_down(pdf: _Handout, start: float, end: float, *, arrow: bool) -> None:
    """The path's line under the steps' circles, from ``start`` to ``end``, with a chevron."""
    x = _MARGIN + _CIRCLE / 2
    pdf.set_draw_color(*_PICTURE)
    pdf.set_line_width(0.6)
    pdf.line(x, start, x, end)
    if arrow:
        pdf.polyline([(x - 1.5, end - 1.5), (x, end), (x + 1.5, end - 1.5)], style="D")


def _marks_row(pdf: _Handout, section: PlanSection) -> Draw:
    """The level as on the page's badge: its marks as drawn circles (filled as many as the
    level fills, the rest outlined), then its label in bold."""
    filled = section.marks or 0

    def draw() -> None:
        middle, step = pdf.get_y() + 3.2, _MARK + 1.4
        pdf.set_draw_color(*_PICTURE)
        pdf.set_fill_color(*_PICTURE)
        pdf.set_line_width(0.45)
        for n in range(MARKS):
            style = "DF" if n < filled else "D"
            pdf.ellipse(pdf.l_margin + n * step, middle - _MARK / 2, _MARK, _MARK, style=style)
        pdf.style(_BODY + 1, "B")
        left = MARKS * step + 2
        pdf.para(section.marks_label, pdf.l_margin + left, pdf.epw - left, 6.4)
        pdf.ln(1.5)

    return draw


def _text_item(pdf: _Handout, text: str, note: str = "") -> None:
    """An item's text at the item indent, and its note a little smaller under it (in ink, not
    grey: a note is often what to ask, so it must stay easy to read)."""
    pdf.style(_BODY)
    pdf.para(text, pdf.l_margin + _INDENT, pdf.epw - _INDENT)
    if note:
        pdf.style(_BODY - 1)
        pdf.para(note, pdf.l_margin + _INDENT, pdf.epw - _INDENT, _BODY_LH - 0.4)


def _bullets(pdf: _Handout, texts: Sequence[str], x: float, w: float, size: float) -> None:
    """A bulleted list from ``x``, ``w`` wide, in type of ``size`` pt."""
    lh = _BODY_LH if size >= _BODY else _SMALL_LH + 0.4
    for text in texts:
        pdf.bullet(x + 0.6, pdf.get_y(), lh)
        pdf.style(size)
        pdf.para(text, x + 4.5, w - 4.5, lh)
        pdf.ln(0.8)


def _point(pdf: _Handout, item: PlanItem) -> Draw:
    def draw() -> None:
        pdf.bullet(pdf.l_margin + 2, pdf.get_y())
        _text_item(pdf, item.text, item.note)
        pdf.ln(1.2)

    return draw


def _check(pdf: _Handout, item: PlanItem) -> Draw:
    def draw() -> None:
        pdf.box(pdf.l_margin, pdf.get_y(), ticked=item.ticked)
        _text_item(pdf, item.text, item.note)
        pdf.write_rows(item.write_in, pdf.l_margin + _INDENT, pdf.epw - _INDENT)
        pdf.ln(2.2)

    return draw


def _question(pdf: _Handout, number: int, item: PlanItem) -> Draw:
    def draw() -> None:
        pdf.style(_BODY, "B")
        pdf.set_x(pdf.l_margin)
        pdf.cell(_INDENT, _BODY_LH, f"{number}.")
        _text_item(pdf, item.text)
        pdf.write_row([item.note], pdf.l_margin + _INDENT, pdf.epw - _INDENT)
        pdf.write_row([""], pdf.l_margin + _INDENT, pdf.epw - _INDENT)
        pdf.ln(2.2)

    return draw


def _source(pdf: _Handout, number: int, source: SourceLine) -> Draw:
    """A source after its number: its reference, then its site, a link to its full address."""

    def draw() -> None:
        left = pdf.l_margin
        pdf.style(_SOURCE)
        pdf.set_x(left)
        pdf.cell(_NUMBER, _SOURCE_LH, f"{number}.")
        pdf.set_left_margin(left + _NUMBER)  # its second line starts under its first
        pdf.write(_SOURCE_LH, _plain(f"{source.reference()} "))
        address = _plain(source.address)
        if pdf.get_x() + pdf.get_string_width(address) > pdf.w - pdf.r_margin:
            pdf.ln(_SOURCE_LH)  # a site is never split over two lines
        pdf.write(_SOURCE_LH, address, link=source.url)
        pdf.set_left_margin(left)
        pdf.ln(_SOURCE_LH + 1.2)

    return draw


def _collect(pdf: _Handout, section: PlanSection) -> Draw:
    """What to collect for a step, as on the page: its label, then each record's small picture
    (drawn as the path's are) beside its words, two to a row."""

    def draw() -> None:
        pdf.ln(0.5)
        pdf.style(_BODY, "B")
        pdf.para(section.collect_label, pdf.l_margin, pdf.epw)
        pdf.ln(1.2)
        for start in range(0, len(section.collect), 2):
            top, width = pdf.get_y(), pdf.epw / 2
            ends = [top + _THING]
            for n, (icon, words) in enumerate(section.collect[start : start + 2]):
                x = pdf.l_margin + n * width
                svg = collect_icon_svg(icon).replace("currentColor", _INK_HEX)
                pdf.image(io.BytesIO(svg.encode()), x=x, y=top, w=_THING, h=_THING)
                pdf.set_y(top + (_THING - _BODY_LH) / 2)
                pdf.style(_BODY)
                pdf.para(words, x + _THING + 2.5, width - _THING - 5)
                ends.append(pdf.get_y())
            pdf.set_y(max(ends) + 2.0)

    return draw


def _write_line(pdf: _Handout) -> Draw:
    return lambda: pdf.write_row([""], pdf.l_margin, pdf.epw)


def _item_draws(pdf: _Handout, section: PlanSection) -> list[Draw]:
    """What a list-like section is made of, one piece per item, each kept on one page."""
    items, kind = section.items, section.kind
    if kind in ("checks", "choices"):
        collect = [_collect(pdf, section)] if section.collect else []
        return [*(_check(pdf, item) for item in items), *collect]
    if kind == "numbered":
        return [_question(pdf, n, item) for n, item in enumerate(items, 1)]
    if kind == "sources":
        return [_source(pdf, n, s) for n, s in enumerate(section.sources, 1)]
    if kind == "lines":
        return [_write_line(pdf) for _ in range(section.lines)]
    marks = [_marks_row(pdf, section)] if section.marks is not None else []
    return [*marks, *(_point(pdf, item) for item in items)]


def _listed(pdf: _Handout, section: PlanSection, rail: _Rail | None = None) -> None:
    """A heading kept with its intro and first item (two pieces, for ``lines`` and the level's
    marks; the whole short list, for ``sources``), then the items; a section of the path
    (``rail``) set in, beside the line joining the steps."""
    draws = _item_draws(pdf, section)
    if section.kind == "sources":
        first = draws
    else:
        first = draws[: 2 if section.kind == "lines" or section.marks is not None else 1]

    def head() -> None:
        _heading(pdf, section)
        for draw in first:
            draw()

    pieces = [head, *draws[len(first) :]]
    if rail is not None:
        pdf.set_left_margin(_MARGIN + _RAIL)
        pieces = _railed(pdf, section, pieces, rail)
    for piece in pieces:
        pdf.keep(piece)
    pdf.set_left_margin(_MARGIN)


def _summary(pdf: _Handout, section: PlanSection) -> None:
    """The summary as a shaded, bordered box: its heading and its points inside."""
    x, w = pdf.l_margin + _PAD + 1, pdf.epw - 2 * (_PAD + 1)

    def inside() -> None:
        pdf.style(13.5, "B")
        pdf.para(section.heading, x, w, 6.2)
        pdf.ln(1.5)
        if section.intro:
            pdf.style(10.5, "", _MUTED)
            pdf.para(section.intro, x, w, 5.0)
            pdf.ln(1)
        _bullets(pdf, [i.text for i in section.items], x, w, _BODY)

    def draw() -> None:
        top = pdf.get_y()
        height = pdf.measure(inside) + 2 * _PAD
        pdf.set_fill_color(*_SHADE)
        pdf.set_draw_color(*_INK)
        pdf.set_line_width(0.6)
        pdf.rect(pdf.l_margin, top, pdf.epw, height, style="DF")
        pdf.set_y(top + _PAD)
        inside()
        pdf.set_y(top + height)

    pdf.ln(2)
    pdf.keep(draw)


def _styled(pdf: _Handout, text: str, x: float, w: float, size: float, emphasis: str) -> None:
    """Wrapped text in a table cell, at ``size`` pt."""
    pdf.style(size, emphasis)
    pdf.para(text, x, w, size * 0.46)


def _cells(pdf: _Handout, drawers: Sequence[Cell], fill: Colour | None) -> Draw:
    """One table row: each drawer draws a cell's content at (x, width); cells share a height."""
    width = pdf.epw / len(drawers)

    def cell(n: int, drawer: Cell) -> Draw:
        return lambda: drawer(pdf.l_margin + n * width + _PAD, width - 2 * _PAD)

    def draw() -> None:
        top = pdf.get_y()
        height = max(pdf.measure(cell(n, d)) for n, d in enumerate(drawers)) + 2 * _PAD
        pdf.set_draw_color(*_RULE)
        pdf.set_line_width(0.3)
        for n, drawer in enumerate(drawers):
            left = pdf.l_margin + n * width
            if fill:
                pdf.set_fill_color(*fill)
            pdf.rect(left, top, width, height, style="DF" if fill else "D")
            pdf.set_y(top + _PAD)
            cell(n, drawer)()
        pdf.set_y(top + height)

    return draw


def _band(pdf: _Handout, label: str) -> Draw:
    """The name of a table row (what it involves, good points, drawbacks) across the table."""

    def draw() -> None:
        pdf.set_draw_color(*_RULE)
        pdf.set_fill_color(*_SHADE)
        pdf.set_line_width(0.3)
        pdf.style(9.5, "B")
        top = pdf.get_y()
        height = pdf.measure(lambda: pdf.para(label, pdf.l_margin + _PAD, pdf.epw - 2 * _PAD, 4.6))
        pdf.rect(pdf.l_margin, top, pdf.epw, height + 2, style="DF")
        pdf.set_y(top + 1)
        pdf.para(label, pdf.l_margin + _PAD, pdf.epw - 2 * _PAD, 4.6)
        pdf.set_y(top + height + 2)

    return draw


def _option_rows(pdf: _Handout, section: PlanSection) -> tuple[Draw, list[Draw]]:
    """The options table's header row and its three rows (a band and the cells under it)."""
    columns = section.options

    def head(c: OptionColumn) -> Cell:
        return lambda x, w: _styled(pdf, c.heading, x, w, 11.5, "B")

    def involves(c: OptionColumn) -> Cell:
        return lambda x, w: _styled(pdf, c.involves, x, w, 10, "")

    def listed(texts: Sequence[str]) -> Cell:
        return lambda x, w: _bullets(pdf, texts, x, w, 10)

    header = _cells(pdf, [head(c) for c in columns], (222, 228, 234))
    bodies = (
        [involves(c) for c in columns],
        [listed(c.good) for c in columns],
        [listed(c.drawbacks) for c in columns],
    )
    rows = [
        _joined(_band(pdf, label), _cells(pdf, cells, None))
        for label, cells in zip(section.row_labels, bodies, strict=True)
    ]
    return header, rows


def _joined(*draws: Draw) -> Draw:
    def draw() -> None:
        for part in draws:
            part()

    return draw


def _options(pdf: _Handout, section: PlanSection) -> None:
    """The options side by side, here if they fit in what is left of the page; else row by row
    (the heading, the header row and the first row together), a row that moves to a new page
    taking the header row along, so no page is left half empty."""
    if not section.options:
        pdf.keep(lambda: _heading(pdf, section))
        return
    header, rows = _option_rows(pdf, section)
    whole = _joined(lambda: _heading(pdf, section), header, *rows)
    if pdf.get_y() + pdf.measure(whole) <= pdf.page_break_trigger:
        whole()
    else:
        pdf.keep(_joined(lambda: _heading(pdf, section), header, rows[0]))
        for row in rows[1:]:
            if pdf.get_y() + pdf.measure(row) > pdf.page_break_trigger:
                pdf.add_page()
                header()
            row()
    if section.ranges is not None:
        pdf.keep(_ranges(pdf, section.ranges))


def _ranges(pdf: _Handout, ranges: Ranges) -> Draw:
    """The review's findings after both options, as on the page (explainer/range_picture.py):
    its title, why each is a range, one bar a finding over an outlined scale of 0 to 100 (the
    first solid, the next hatched), the scale, the bars in words, and the caution."""

    def draw() -> None:
        pdf.ln(5)
        pdf.style(11.5, "B")
        pdf.para(ranges.title, pdf.l_margin, pdf.epw, 5.6)
        pdf.style(10, "", _MUTED)
        pdf.para(ranges.why, pdf.l_margin, pdf.epw, 4.8)
        pdf.ln(1.5)
        left, width = pdf.l_margin + 8, min(pdf.epw - 16, 130.0)
        for n, bar in enumerate(ranges.bars):
            _range_bar(
                pdf, bar.label, (bar.low, bar.high), KINDS[min(n, len(KINDS) - 1)], left, width
            )
        _range_axis(pdf, left, width)
        _bullets(pdf, [ranges.text(bar) for bar in ranges.bars], pdf.l_margin, pdf.epw, 10)
        pdf.style(9.5, "", _MUTED)
        pdf.para(ranges.note, pdf.l_margin, pdf.epw, 4.6)

    return draw


def _range_bar(
    pdf: _Handout, label: str, span: tuple[int, int], kind: str, left: float, width: float
) -> None:
    """One finding: its label, the dashed track from 0 to 100, the range outlined (solid or
    hatched) and its two numbers beside it."""
    pdf.style(10, "B")
    pdf.para(label, left, width, 5.0)
    top, height = pdf.get_y() + 0.8, 6.0
    x1, x2 = (left + v / 100 * width for v in span)
    pdf.set_draw_color(*_PICTURE)
    pdf.set_fill_color(*_PICTURE)
    pdf.set_line_width(0.25)
    with pdf.local_context():
        pdf.set_dash_pattern(dash=0.9, gap=0.7)
        pdf.rect(left, top, width, height)
    if kind == "hatched":
        pdf.set_line_width(0.3)
        for a, b, c, d in hatch(x1, x2, top, top + height, 1.6):
            pdf.line(a, b, c, d)
    pdf.set_line_width(0.6)
    pdf.rect(x1, top, x2 - x1, height, style="DF" if kind == "solid" else "D")
    pdf.style(10, "", _INK)
    low, high = (str(v) for v in span)
    pdf.text(x1 - 1.5 - pdf.get_string_width(low), top + height / 2 + 1.3, low)
    pdf.text(x2 + 1.5, top + height / 2 + 1.3, high)
    pdf.set_y(top + height + 2.5)


def _range_axis(pdf: _Handout, left: float, width: float) -> None:
    """The scale under the bars: a line from 0 to 100, a tick and its number at 0, 50 and 100."""
    top = pdf.get_y()
    pdf.set_draw_color(*_PICTURE)
    pdf.set_line_width(0.35)
    pdf.line(left, top, left + width, top)
    pdf.style(9, "", _INK)
    for value in (0, 50, 100):
        x = left + value / 100 * width
        pdf.line(x, top, x, top + 1.6)
        pdf.text(x - pdf.get_string_width(str(value)) / 2, top + 5, str(value))
    pdf.set_y(top + 8)


def _section(pdf: _Handout, section: PlanSection, rail: _Rail | None = None) -> None:
    if section.kind == "summary":
        _summary(pdf, section)
    elif section.kind == "options":
        _options(pdf, section)
    else:
        _listed(pdf, section, rail)


def _rails(sections: Sequence[PlanSection]) -> list[_Rail | None]:
    """Each section's place on the path: from the first step to the last (the questions after
    the visit included), the line runs on past every section but the last step's, with an
    arrowhead where the next section is a step."""
    steps = [n for n, s in enumerate(sections) if s.step]
    if not steps:
        return [None] * len(sections)
    return [
        _Rail(n < steps[-1], n < steps[-1] and sections[n + 1].step > 0)
        if steps[0] <= n <= steps[-1]
        else None
        for n in range(len(sections))
    ]


def _title(pdf: _Handout, doc: PlanDocument) -> None:
    pdf.style(20, "B")
    pdf.para(doc.title, pdf.l_margin, pdf.epw, 8.5)
    pdf.ln(1)
    pdf.style(10, "", _MUTED)
    pdf.para(doc.made, pdf.l_margin, pdf.epw, 5)
    pdf.style(10.5, "B")
    pdf.para(doc.not_advice, pdf.l_margin, pdf.epw, 5.2)
    pdf.rule(pdf.get_y() + 2, 0.8)
    pdf.ln(5)


def _privacy(pdf: _Handout, text: str) -> None:
    def draw() -> None:
        pdf.ln(6)
        pdf.style(8.5, "", _MUTED)
        pdf.para(text, pdf.l_margin, pdf.epw, 4.2)

    pdf.keep(draw)


def plan_pdf(doc: PlanDocument) -> bytes:
    """The plan as an A4 handout: title, date, not-advice line, sections, privacy line."""
    pdf = _Handout(doc)
    pdf.set_title(doc.title)
    pdf.set_creator("Second Opinion Explainer")
    pdf.set_lang(doc.language)
    pdf.add_page()
    _title(pdf, doc)
    for section, rail in zip(doc.sections, _rails(doc.sections), strict=True):
        _section(pdf, section, rail)
    _privacy(pdf, doc.privacy)
    return bytes(pdf.output())
