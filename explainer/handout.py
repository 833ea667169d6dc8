"""The printable plan as HTML: a handout a clinic would print, drawn from a :class:`PlanDocument`.

A pure function of the document. Every text is escaped here; the page's stylesheet carries
``static/plan.css`` (screen and print), whose selectors all sit under ``.handout``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from .pictures import collect_html, path_icon_svg
from .plan import MARKS, OptionColumn, PlanDocument, PlanItem, PlanSection, SourceLine
from .range_picture import range_picture_html
from .render import nowrap_phones

__all__ = ["plan_html"]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _write_in(label: str = "") -> str:
    """A blank line to write on, after its small label (none when the label is empty)."""
    shown = f'<span class="write-label">{_e(label)}</span>' if label else ""
    return f'<span class="write-in">{shown}<span class="write-line"></span></span>'


def _box(
    box_id: str, text: str, *, checked: bool = False, note: str = "", fixed: bool = False
) -> str:
    """A real check box and its label; ``note`` is a smaller line under the text. A ``fixed``
    box shows a choice made with the page's own controls (what matters most): ticking it on
    the sheet would change nothing, so it cannot be ticked there."""
    tick = (" checked" if checked else "") + (" disabled" if fixed else "")
    extra = f'<span class="plan-note">{_e(note)}</span>' if note else ""
    return (
        f'<input type="checkbox" id="{_e(box_id)}"{tick}>'
        f'<label for="{_e(box_id)}"><span class="plan-text">{_e(text)}</span>{extra}</label>'
    )


def _bullets(texts: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li>{_e(t)}</li>" for t in texts) + "</ul>"


def _points(section: PlanSection) -> str:
    return _marks(section) + _bullets(tuple(item.text for item in section.items))


def _marks(section: PlanSection) -> str:
    """The level's meter as on the page's badge, filled and empty circles (glyphs, which keep
    their shape in every colour mode; screen readers hear the label only), then its label."""
    if section.marks is None:
        return ""
    glyphs = "\u25cf" * section.marks + "\u25cb" * (MARKS - section.marks)
    return (
        f'<p class="plan-marks"><span class="marks" aria-hidden="true">{glyphs}</span> '
        f"<strong>{_e(section.marks_label)}</strong></p>"
    )


def _check(section: PlanSection, n: int, item: PlanItem) -> str:
    lines = "".join(_write_in(label) for label in item.write_in)
    write_ins = f'<div class="write-ins">{lines}</div>' if lines else ""
    return f'<li class="plan-check">{_box(f"plan-{section.id}-{n}", item.text)}{write_ins}</li>'


def _checks(section: PlanSection) -> str:
    """The boxes to tick, then what to collect for the step, as on the page's path."""
    items = "".join(_check(section, n, item) for n, item in enumerate(section.items, 1))
    collect = collect_html(section.collect, section.collect_label)
    return f'<ul class="plan-boxes">{items}</ul>{collect}'


def _numbered(section: PlanSection) -> str:
    items = "".join(
        f'<li><p class="plan-text">{_e(item.text)}</p>'
        f'<div class="write-ins">{_write_in(item.note)}{_write_in()}</div></li>'
        for item in section.items
    )
    return f"<ol>{items}</ol>"


def _choices(section: PlanSection) -> str:
    items = "".join(
        f'<li class="plan-check">'
        f"{_box(f'plan-{section.id}-{n}', item.text, checked=item.ticked, note=item.note, fixed=True)}"
        "</li>"
        for n, item in enumerate(section.items, 1)
    )
    return f'<ul class="plan-boxes">{items}</ul>'


def _option_cells(columns: tuple[OptionColumn, ...], cell: Callable[[OptionColumn], str]) -> str:
    return "".join(f'<td data-label="{_e(c.heading)}">{cell(c)}</td>' for c in columns)


def _options(section: PlanSection) -> str:
    columns = section.options
    head = "".join(f'<th scope="col">{_e(c.heading)}</th>' for c in columns)
    cells: tuple[Callable[[OptionColumn], str], ...] = (
        lambda c: f"<p>{_e(c.involves)}</p>",
        lambda c: _bullets(c.good),
        lambda c: _bullets(c.drawbacks),
    )
    rows = "".join(
        f'<tr><th scope="row">{_e(label)}</th>{_option_cells(columns, cell)}</tr>'
        for label, cell in zip(section.row_labels, cells, strict=True)
    )
    # The review's findings after the table, as on the page; paper has no "Source" link: the
    # review is in the plan's source list.
    picture = range_picture_html(section.ranges) if section.ranges else ""
    return (
        f'<table class="plan-table"><caption>{_e(section.heading)}</caption>'
        f'<thead><tr><td class="plan-corner"></td>{head}</tr></thead><tbody>{rows}</tbody></table>'
        f"{picture}"
    )


def _source(source: SourceLine) -> str:
    """One source as it reads on paper: its reference, then its site, a link to its full
    address. Its title and publisher are in the source's language, and marked so."""
    link = f'<a href="{_e(source.url)}">{_e(source.address)}</a>'
    title, rest = source.reference_parts()
    return f'<li><span lang="{_e(source.language)}">{_e(title)}</span>{_e(rest)} {link}</li>'


def _sources(section: PlanSection) -> str:
    return '<ol class="plan-sources">' + "".join(_source(s) for s in section.sources) + "</ol>"


def _lines(section: PlanSection) -> str:
    return '<div class="write-ins">' + _write_in() * section.lines + "</div>"


_BODIES: dict[str, Callable[[PlanSection], str]] = {
    "summary": _points,
    "points": _points,
    "checks": _checks,
    "numbered": _numbered,
    "choices": _choices,
    "options": _options,
    "sources": _sources,
    "lines": _lines,
}


def _section_html(section: PlanSection) -> str:
    """A headed section: ``plan-{id} plan-{kind}`` (and ``summary`` for the boxed summary). A
    step of the path (``plan-path-step``) has its small picture before its heading, and a line
    down its side joins it to the next step, as the page's path does."""
    names = ["summary"] if section.kind == "summary" else []
    names += [f"plan-{section.id}", f"plan-{section.kind}"]
    if section.step:
        names.append("plan-path-step")
    classes = " ".join(dict.fromkeys(names))
    icon = path_icon_svg(section.icon) if section.step else ""
    intro = f'<p class="plan-intro">{_e(section.intro)}</p>' if section.intro else ""
    body = _BODIES[section.kind](section)
    return (
        f'<section class="{_e(classes)}"><h2>{icon}{_e(section.heading)}</h2>{intro}{body}'
        "</section>"
    )


def plan_html(doc: PlanDocument) -> str:
    """The plan as a handout: title, date, the not-advice line, the sections, the privacy line;
    phone numbers kept on one line, as on the page."""
    sections = "".join(_section_html(s) for s in doc.sections)
    return nowrap_phones(
        f'<div class="handout" lang="{_e(doc.language)}"><h1>{_e(doc.title)}</h1>'
        f'<p class="handout-date">{_e(doc.made)}</p>'
        f'<p class="not-advice"><strong>{_e(doc.not_advice)}</strong></p>'
        f'{sections}<p class="privacy">{_e(doc.privacy)}</p></div>'
    )
