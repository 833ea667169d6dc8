"""The printable plan as a PDF, made on the server with fpdf2 (pure Python, no browser).

A pure function of its inputs: the same advice and date give the same document text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from fpdf import FPDF

from .model import Advice, Source
from .render import shown_level

#: PDF core fonts speak Latin-1; these typographic characters get their plain equivalents.
_PLAIN = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2014": "-",
        "\u2013": "-",
        "\u2192": "->",
        "\u2026": "...",
    }
)


def _plain(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class _Plan(FPDF):
    def heading(self, text: str, size: int = 14) -> None:
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, size * 0.5, _plain(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def para(self, text: str, style: str = "", size: int = 11) -> None:
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, 6, _plain(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def items(self, texts: Iterable[str], mark: str) -> None:
        self.set_font("Helvetica", "", 11)
        for i, text in enumerate(texts, start=1):
            bullet = mark.format(i=i)
            self.multi_cell(0, 6, _plain(f"{bullet} {text}"), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)


def plan_pdf(
    advice: Advice,
    sources: Iterable[Source],
    level_words: Mapping[str, tuple[str, str]],
    texts: Mapping[str, str],
    today: date,
) -> bytes:
    """The plan: main message, cautions, level, reasons, checklist, third opinion, good points
    and drawbacks, asking, helplines, questions, sources (the same order as the page)."""
    pdf = _Plan(format="A4")
    pdf.set_title(_plain(texts["handout_title"]))
    pdf.set_creator(_plain(texts["page_title"]))
    pdf.set_margins(18, 18, 18)
    pdf.add_page()
    pdf.heading(texts["handout_title"], 18)
    pdf.para(texts["handout_date"].format(date=today.isoformat()))
    pdf.para(texts["not_advice"], "B")
    pdf.para(advice.summary, "B", 13)
    if advice.cautions:
        pdf.heading(texts["cautions_heading"])
        pdf.items([c.text for c in advice.cautions], "-")
    label, description = level_words[shown_level(advice)]
    heading = texts["level_heading" if advice.stage == "second" else "next_level_heading"]
    pdf.heading(f"{heading}: {label}")
    pdf.para(description)
    pdf.heading(texts["reasons_heading"])
    pdf.items([r.text for r in advice.reasons] or [texts["no_reasons"]], "-")
    pdf.heading(texts["steps_heading"])
    pdf.items([s.text for s in advice.next_steps], "[  ]")
    if advice.stage == "second":
        third_label, _ = level_words[advice.third_opinion.level]
        pdf.heading(f"{texts['third_heading']} {third_label}")
        pdf.para(advice.third_opinion.text)
    pdf.heading(texts["weigh_heading"])
    pdf.heading(texts["weigh_pros"], 12)
    pdf.items([p.text for p in advice.good_points], "+")
    pdf.heading(texts["weigh_cons"], 12)
    pdf.items([p.text for p in advice.drawbacks], "-")
    pdf.heading(texts["asking_heading"])
    pdf.items([p.text for p in advice.asking], "-")
    pdf.heading(texts["helplines_heading"])
    pdf.items([p.text for p in advice.helplines], "-")
    if advice.questions:
        pdf.heading(texts["questions_to_ask"])
        pdf.items([q.text for q in advice.questions], "{i}.")
    pdf.heading(texts["sources_heading"])
    pdf.items(
        [
            f"{s.title} ({s.publisher}), {s.reviewed or texts['no_review_date']}. {s.url}"
            for s in sources
        ],
        "-",
    )
    pdf.para(texts["privacy"], size=9)
    return bytes(pdf.output())
