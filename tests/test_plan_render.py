"""The printable plan drawn two ways: as HTML (explainer.handout) and as a PDF (explainer.pdf)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from html import escape
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from explainer import default_content
from explainer.handout import plan_html
from explainer.pdf import plan_pdf
from explainer.plan import OptionColumn, PlanDocument, PlanItem, PlanSection, SourceLine

STATIC = (
    Path(__file__).resolve().parent.parent / "server/jupyter/nbconvert/templates/explainer/static"
)
PLAN_CSS = (STATIC / "plan.css").read_text(encoding="utf-8")

MM = 72 / 25.4  # PDF points (and pixels at scale 1) per millimetre


def full_plan() -> PlanDocument:
    """A plan with a section of every kind, as the builder would fill it."""
    return PlanDocument(
        title="Your plan for a second opinion",
        made="Made on 12 March 2026",
        not_advice="This plan is education, not medical advice. Talk it over with your care team.",
        sections=(
            PlanSection(
                id="summary",
                heading="In short",
                kind="summary",
                items=(
                    PlanItem("A second opinion is recommended for your situation."),
                    PlanItem("Asking for one is normal and will not upset your doctor."),
                    PlanItem("Most second opinions take one to three weeks."),
                ),
            ),
            PlanSection(
                id="reasons",
                heading="Why a second opinion may help you",
                kind="points",
                items=(
                    PlanItem("The cancer is rare, and few centres treat many people with it."),
                    PlanItem("Surgery is planned that cannot be undone."),
                ),
            ),
            PlanSection(
                id="checklist",
                heading="Before the appointment",
                kind="checks",
                intro="Tick each step when it is done.",
                items=(
                    PlanItem("Choose a centre that treats this cancer often.", write_in=("Name",)),
                    PlanItem(
                        "Book the appointment and write down who you will see.",
                        write_in=("Doctor", "Phone", "Date"),
                    ),
                    PlanItem("Ask for copies of your scans, reports and pathology slides."),
                ),
            ),
            PlanSection(
                id="matters",
                heading="What matters most to you",
                kind="choices",
                items=(
                    PlanItem(
                        "Starting treatment soon",
                        ticked=True,
                        note="Ask how long a second opinion would delay treatment.",
                    ),
                    PlanItem("Keeping travel short", note="Ask whether a video visit is possible."),
                    PlanItem("Being sure about the diagnosis", ticked=True),
                ),
            ),
            PlanSection(
                id="options",
                heading="Your options side by side",
                kind="options",
                row_labels=("What it involves", "Good points", "Drawbacks"),
                options=(
                    OptionColumn(
                        heading="Get a second opinion",
                        involves="Another specialist reviews your records and may see you.",
                        good=("You hear a second view.", "You may learn of other treatments."),
                        drawbacks=("It takes time.", "It may mean travel."),
                    ),
                    OptionColumn(
                        heading="Go ahead with the current plan",
                        involves="You start the treatment your care team has proposed.",
                        good=("Treatment starts sooner.", "No extra appointments."),
                        drawbacks=("No second view.", "Doubts may remain."),
                    ),
                ),
            ),
            PlanSection(
                id="questions",
                heading="Questions to ask the new doctor",
                kind="numbered",
                items=(
                    PlanItem("Do you agree with the diagnosis?", note="Answer"),
                    PlanItem("Would you suggest a different treatment?"),
                ),
            ),
            PlanSection(
                id="notes",
                heading="Notes",
                kind="lines",
                intro="Write what you want to remember.",
                lines=4,
            ),
            PlanSection(
                id="sources",
                heading="Where this comes from",
                kind="sources",
                sources=(
                    SourceLine(
                        title="Getting a second opinion",
                        publisher="National Cancer Institute",
                        date="2024",
                        url="https://www.cancer.gov/about-cancer/managing-care/services/second-opinion",
                        address="cancer.gov",
                    ),
                    SourceLine(
                        title="Seeking a second opinion",
                        publisher="Cancer Research UK",
                        date="no date given",
                        url="https://www.cancerresearchuk.org/about-cancer/second-opinion",
                        address="cancerresearchuk.org",
                    ),
                ),
            ),
        ),
        privacy="Nothing you entered was kept: this plan was made on your device and is yours.",
        page_label="Page {page} of {pages}",
    )


def unticked_plan() -> PlanDocument:
    """The full plan with nothing ticked under "What matters most"."""
    doc = full_plan()
    matters = doc.section("matters")
    plain = tuple(replace(item, ticked=False) for item in matters.items)
    sections = tuple(replace(s, items=plain) if s is matters else s for s in doc.sections)
    return replace(doc, sections=sections)


def long_plan() -> PlanDocument:
    """A plan long enough to need at least three A4 pages."""
    steps = tuple(
        PlanItem(f"Step {n}: ask the hospital for record number {n}.", write_in=("Who", "When"))
        for n in range(1, 31)
    )
    checks = PlanSection(id="steps", heading="Steps", kind="checks", items=steps)
    return replace(full_plan(), sections=(full_plan().sections[0], checks))


def pdf_text(data: bytes) -> list[str]:
    """The text of each PDF page, as pypdf extracts it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def squashed(text: str) -> str:
    """Text without whitespace, so that line wrapping does not matter when comparing."""
    return re.sub(r"\s+", "", text)


def all_texts(doc: PlanDocument) -> list[str]:
    """Every visible text of the plan: headings, items, notes, labels, options, what to collect
    and sources (each source's site: its full address is a link's target, never shown)."""
    texts = [doc.title, doc.made, doc.not_advice, doc.privacy]
    for s in doc.sections:
        texts += [s.heading, s.intro, *[t for i in s.items for t in (i.text, i.note, *i.write_in)]]
        texts += [t for o in s.options for t in (o.heading, o.involves, *o.good, *o.drawbacks)]
        texts += [s.collect_label, *(words for _, words in s.collect)]
        texts += [t for src in s.sources for t in (src.title, src.publisher, src.date, src.address)]
        texts += list(s.row_labels) if s.kind == "options" else []
    return [t for t in texts if t]


def test_every_text_is_in_the_html() -> None:
    """Each heading, item, note, write-in label, option and source appears, escaped, in the HTML."""
    html = plan_html(full_plan())
    missing = [t for t in all_texts(full_plan()) if escape(t, quote=True) not in html]
    assert missing == []


def test_every_text_is_in_the_pdf() -> None:
    """Each heading, item, note, write-in label, option and source is in the PDF's text."""
    text = squashed("".join(pdf_text(plan_pdf(full_plan()))))
    missing = [t for t in all_texts(full_plan()) if squashed(t) not in text]
    assert missing == []


def test_html_structure() -> None:
    """The root names the language; title, date, not-advice line and privacy line are in place."""
    html = plan_html(full_plan())
    assert html.startswith('<div class="handout" lang="en"><h1>Your plan for a second opinion</h1>')
    assert '<p class="handout-date">Made on 12 March 2026</p>' in html
    assert '<p class="not-advice"><strong>This plan is education' in html
    assert html.endswith("is yours.</p></div>") and '<p class="privacy">' in html


def test_sections_in_order_with_their_classes() -> None:
    """Each section is a <section class="plan-{id} plan-{kind}"> with an h2, in the plan's order."""
    doc = full_plan()
    found = re.findall(r'<section class="([^"]+)"><h2>([^<]+)</h2>', plan_html(doc))
    boxed = {"summary": {"summary"}}
    wanted = [
        ({f"plan-{s.id}", f"plan-{s.kind}", *boxed.get(s.kind, set())}, s.heading)
        for s in doc.sections
    ]
    assert [(set(c.split()), h) for c, h in found] == wanted


def test_summary_is_a_box() -> None:
    """The summary section carries the class ``summary`` that draws it as a box."""
    assert '<section class="summary plan-summary"><h2>In short</h2><ul><li>' in plan_html(
        full_plan()
    )
    assert ".handout .summary {" in PLAN_CSS


def test_one_checkbox_per_check_and_choice() -> None:
    """Every check and choice item has its own check box, labelled through a unique id."""
    html = plan_html(full_plan())
    boxes = re.findall(r'<input type="checkbox" id="([^"]+)"( checked)?( disabled)?>', html)
    assert len(boxes) == 6 == html.count("<input")
    ids = [box_id for box_id, _, _ in boxes]
    assert len(set(ids)) == 6 and all(f'<label for="{i}">' in html for i in ids)


def test_ticked_choices_are_checked_and_only_the_page_controls_tick_them() -> None:
    """Ticked choices are ``checked``, the others not; a choice's box on the sheet cannot be
    ticked there (the page's own controls fill in the plan), while a step's box can."""
    html = plan_html(full_plan())
    ticked = re.findall(r'id="plan-matters-(\d)"( checked)? disabled>', html)
    assert ticked == [("1", " checked"), ("2", ""), ("3", " checked")]
    assert html.count(" disabled>") == 3


def test_nothing_ticked_means_nothing_checked() -> None:
    """A plan with an empty set of ticked choices shows every box empty."""
    assert " checked" not in plan_html(unticked_plan())


def test_write_in_lines_follow_their_labels() -> None:
    """A check's write-in labels each come with a line; a question gets a labelled answer line."""
    html = plan_html(full_plan())
    line = '<span class="write-line"></span></span>'
    for label in ("Name", "Doctor", "Phone", "Date", "Answer"):
        assert f'<span class="write-in"><span class="write-label">{label}</span>{line}' in html
    notes = html.split('class="plan-notes plan-lines"')[1].split("</section>")[0]
    assert notes.count('class="write-line"') == 4


def test_options_table() -> None:
    """The options are a real table: caption, one column header per option, three row headers."""
    html = plan_html(full_plan())
    assert "<table" in html and "<caption>Your options side by side</caption>" in html
    assert html.count('<th scope="col">') == 2 and html.count('<th scope="row">') == 3
    assert '<td data-label="Get a second opinion"><ul><li>You hear a second view.' in html


def test_a_source_shows_its_site_linked_to_its_full_address() -> None:
    """In the HTML a source's reference ends with its site, a link (in the same tab) to its full
    address, which is never shown as text."""
    url = "https://www.cancer.gov/about-cancer/managing-care/services/second-opinion"
    html = plan_html(full_plan())
    assert (
        '<li><span lang="en">Getting a second opinion. National Cancer Institute</span>, 2024. '
        f'<a href="{url}">cancer.gov</a></li>'
    ) in html
    assert html.count(url) == 1 and "target=" not in html


def test_the_pdf_shows_each_sources_site_in_readable_type_linked_to_its_address() -> None:
    """In the PDF a source's reference and site are in type of at least 10 pt, with no full
    address among the words; the site is a link to the full address."""
    data = plan_pdf(full_plan())
    sources = full_plan().section("sources").sources
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert all(s.url not in text and s.address in text for s in sources)
    links = [
        a.get_object()["/A"]["/URI"]
        for page in reader.pages
        for a in page.get("/Annots", [])
        if "/A" in a.get_object()
    ]
    assert links == [s.url for s in sources]
    sizes: dict[str, float] = {}

    def seen(text: str, _cm: object, _tm: object, _font: object, size: float) -> None:
        sizes.update({text.strip(): size})

    for page in reader.pages:
        page.extract_text(visitor_text=seen)
    for source in sources:
        assert sizes[source.address] >= 10, source.address
        assert any(source.title in t and size >= 10 for t, size in sizes.items()), source.title


def test_text_is_escaped() -> None:
    """Markup in any text is shown as text, never run."""
    doc = replace(full_plan(), title='<script>alert("x")</script>')
    html = plan_html(doc)
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)" in html


def test_no_screen_only_words() -> None:
    """Neither the HTML nor the PDF says anything that only makes sense on a screen."""
    data = plan_pdf(full_plan())
    for text in (plan_html(full_plan()), PLAN_CSS, " ".join(pdf_text(data))):
        lowered = text.lower()
        assert "new tab" not in lowered and "ticks are not saved" not in lowered
        assert "show the source" not in lowered


def test_css_is_scoped_and_prints_on_a4() -> None:
    """Every rule of PLAN_CSS sits under .handout, and print sets A4 with 16 mm margins."""
    css = re.sub(r"/\*.*?\*/", "", PLAN_CSS, flags=re.S)
    selectors = re.findall(r"^\s*([^@\s{}][^{}]*)\{", css, flags=re.M)
    outside = [
        s for s in selectors if not all(p.strip().startswith(".handout") for p in s.split(","))
    ]
    assert outside == []
    assert "@page { size: A4; margin: 16mm; }" in PLAN_CSS


def test_empty_sections_keep_their_headings() -> None:
    """Sections with nothing in them still show their headings, in HTML and PDF alike."""
    empty = tuple(
        replace(s, items=(), options=(), sources=(), lines=0) for s in full_plan().sections
    )
    doc = replace(full_plan(), sections=empty)
    html, text = plan_html(doc), squashed(" ".join(pdf_text(plan_pdf(doc))))
    assert all(s.heading in html and squashed(s.heading) in text for s in empty)


def test_long_texts_wrap_without_losing_words() -> None:
    """An item longer than a page still prints in full, over as many pages as it needs."""
    words = " ".join(f"word{n}" for n in range(1500))
    item = PlanItem(words, write_in=("Name", "Phone", "Date", "Email"))
    checks = PlanSection(id="long", heading="Long", kind="checks", items=(item,))
    pages = pdf_text(plan_pdf(replace(full_plan(), sections=(checks,))))
    text = " ".join(pages)
    assert len(pages) >= 2 and re.findall(r"word\d+", text) == words.split()
    assert "Email" in text


def test_every_pdf_page_has_its_label() -> None:
    """A plan of three or more pages says "Page n of m" on every page."""
    pages = pdf_text(plan_pdf(long_plan()))
    assert len(pages) >= 3
    for n, text in enumerate(pages, 1):
        assert f"Page {n} of {len(pages)}" in " ".join(text.split())


def test_pdf_keeps_accents_and_metadata() -> None:
    """Latin-1 letters such as "ó" survive, and the PDF names its title and language."""
    doc = replace(full_plan(), title="Su plan para una segunda opinión", language="es")
    reader = PdfReader(io.BytesIO(plan_pdf(doc)))
    assert "Su plan para una segunda opinión" in reader.pages[0].extract_text()
    assert reader.metadata is not None and reader.metadata.title == doc.title
    assert reader.trailer["/Root"]["/Lang"] == "es"


def test_pdf_typography_is_plain() -> None:
    """Curly quotes and dashes become their plain forms rather than question marks."""
    doc = replace(full_plan(), not_advice="It\u2019s \u201ceducation\u201d \u2014 not advice.")
    assert 'It\'s "education" - not advice.' in pdf_text(plan_pdf(doc))[0]


def page_pixels(data: bytes, index: int, scale: float = 2) -> np.ndarray:
    """A page of the PDF as a grey-level image (0 black, 255 white)."""
    page = pdfium.PdfDocument(data)[index]
    image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
    return np.asarray(image)


def box_edges(pixels: np.ndarray, x_mm: float, scale: float = 2) -> list[int]:
    """The tops of the dark vertical runs, about as long as a box's side, at ``x_mm``."""
    x = round(x_mm * MM * scale)
    column = pixels[:, x - 1 : x + 2].min(axis=1) < 128
    runs, start = [], None
    for y, dark in enumerate([*column, False]):
        if dark and start is None:
            start = y
        elif not dark and start is not None:
            if abs((y - start) - 4.4 * MM * scale) <= 3:
                runs.append(start)
            start = None
    return runs


@pytest.mark.parametrize(
    ("doc", "boxes"), [(full_plan(), 6), (long_plan(), 8)], ids=["full", "long"]
)
def test_pdf_draws_boxes_in_the_left_margin(doc: PlanDocument, boxes: int) -> None:
    """Page 1 has drawn content, and square boxes (left and right edges) in the margin column."""
    pixels = page_pixels(plan_pdf(doc), 0)
    assert (pixels < 128).mean() > 0.01
    left, right = box_edges(pixels, 18), box_edges(pixels, 18 + 4.4 - 0.2)
    squares = [y for y in left if any(abs(y - r) <= 2 for r in right)]
    assert boxes <= len(squares) <= sum(len(s.items) for s in doc.sections)


def test_ticked_choice_has_a_drawn_tick() -> None:
    """A ticked choice's box has ink inside it; the same box unticked is empty inside."""
    ticked, unticked = (page_pixels(plan_pdf(d), 0) for d in (full_plan(), unticked_plan()))
    assert (ticked < 128).sum() > (unticked < 128).sum()
    diff = np.argwhere(ticked != unticked)
    x_mm = diff[:, 1] / (2 * MM)
    assert diff.size and x_mm.min() >= 18 and x_mm.max() <= 18 + 4.4 + 1


# -- the plan's pictures: the level's marks, the path of steps, the review's ranges -------------


def pictured_plan(marks: int = 2, step: bool = True) -> PlanDocument:
    """A plan with the level's marks, three steps of the path (``step``: numbered, or plain
    sections as before) and the options with the review's ranges."""
    content = default_content()
    assert content.options is not None and content.options.ranges is not None
    level = PlanSection(
        "level",
        "How strongly the sources advise a second opinion",
        "points",
        intro="What the dots mean: the more dots, the stronger the advice.",
        items=(PlanItem("Your situation is one the article names."),),
        marks=marks,
        marks_label="Cancer experts advise one.",
    )
    options = replace(full_plan().section("options"), ranges=content.options.ranges)
    steps = tuple(
        PlanSection(
            f"step-{n}",
            f"Step {n}: do thing {n}",
            "checks",
            items=(PlanItem(f"Task {n}a.", write_in=("Name",)), PlanItem(f"Task {n}b.")),
            step=n if step else 0,
            steps=3 if step else 0,
            icon="clock" if step else "",
        )
        for n in (1, 2, 3)
    )
    return replace(full_plan(), sections=(level, options, *steps))


def dark_runs(pixels: np.ndarray, scale: float = 2) -> list[tuple[int, float]]:
    """Every horizontal run of dark pixels as (row, length in mm)."""
    runs = []
    for y, row in enumerate(pixels < 128):
        edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(int), [0]))))
        runs += [
            (y, (end - start) / (MM * scale))
            for start, end in zip(edges[::2], edges[1::2], strict=True)
        ]
    return runs


def test_pdf_draws_the_levels_marks_as_shapes_beside_its_label() -> None:
    """The level's three marks are drawn circles in the margin column, one more filled for each
    mark the level fills; its label and what the marks mean are text."""
    ink = []
    for marks in range(4):
        pixels = page_pixels(plan_pdf(pictured_plan(marks)), 0)
        ink.append(pixels)
    dark = [(p < 128).sum() for p in ink]
    assert dark[0] < dark[1] < dark[2] < dark[3]
    diff = np.argwhere(ink[3] != ink[0])
    x_mm = diff[:, 1] / (2 * MM)
    assert x_mm.min() >= 18 and x_mm.max() <= 18 + 3 * 5.0
    text = pdf_text(plan_pdf(pictured_plan(2)))[0]
    assert "Cancer experts advise one." in text and "What the dots mean" in text


def test_pdf_draws_the_path_of_steps_as_numbered_circles_joined_by_a_line() -> None:
    """Each step of the path has its numbered circle in the margin, joined to the next by a line
    running down the page beside the tasks, whose boxes are set in; plain sections have none."""
    data = plan_pdf(pictured_plan())
    pages = len(PdfReader(io.BytesIO(data)).pages)
    rail = 18 + 7.5 / 2
    runs = []
    for index in range(pages):
        column = page_pixels(data, index)[:, round(rail * MM * 2)] < 128
        edges = np.flatnonzero(np.diff(np.concatenate(([0], column.astype(int), [0]))))
        runs += [
            (end - start) / (MM * 2) for start, end in zip(edges[::2], edges[1::2], strict=True)
        ]
    assert sum(r > 10 for r in runs) >= 2  # a line from circle 1 to 2, and from 2 to 3
    text = squashed(" ".join(pdf_text(data)))
    assert all(squashed(f"Step {n}: do thing {n}") in text for n in (1, 2, 3))
    last = page_pixels(data, pages - 1)
    assert box_edges(last, 18 + 11) and box_edges(last, 18 + 11 + 4.4 - 0.2)  # set in
    plain = plan_pdf(pictured_plan(step=False))
    column = page_pixels(plain, pages - 1)[:, round(rail * MM * 2)] < 128
    edges = np.flatnonzero(np.diff(np.concatenate(([0], column.astype(int), [0]))))
    assert all(
        (end - start) / (MM * 2) < 6 for start, end in zip(edges[::2], edges[1::2], strict=True)
    )


def test_pdf_draws_the_reviews_ranges_after_the_options_to_scale() -> None:
    """After the options table, the review's findings: title, why, each bar in words and the
    caution as text, a solid bar as long as 12 to 69 and a hatched one's outline as long as 43
    to 82 on a scale of 130 mm."""
    data = plan_pdf(pictured_plan())
    ranges = default_content().options.ranges  # type: ignore[union-attr]
    assert ranges is not None
    text = squashed(" ".join(pdf_text(data)))
    for words in (ranges.title, ranges.why, ranges.note, *map(ranges.text, ranges.bars)):
        assert squashed(words) in text
    lengths = [
        length
        for index in range(len(PdfReader(io.BytesIO(data)).pages))
        for _, length in dark_runs(page_pixels(data, index))
    ]
    for low, high in ((12, 69), (43, 82)):
        wanted = (high - low) * 1.3
        assert any(abs(length - wanted) < 1.2 for length in lengths), (low, high)


def test_html_plan_shows_the_marks_and_the_ranges_after_the_table() -> None:
    """The HTML plan shows the level's marks (hidden from screen readers) before its label, and
    the review's picture after the options table, named by its numbers, with no "Source" link."""
    html = plan_html(pictured_plan(2))
    assert (
        '<p class="plan-marks"><span class="marks" aria-hidden="true">\u25cf\u25cf\u25cb</span> '
        "<strong>Cancer experts advise one.</strong></p>"
    ) in html
    found = re.search(r"</table>(<figure class=\"range-picture\">.*?</figure>)", html, re.S)
    assert found
    label = re.search(r'<svg class="range-svg" role="img" aria-label="([^"]*)"', found.group(1))
    assert label and all(n in label.group(1) for n in ("12 to 69", "43 to 82"))
    assert "<details" not in found.group(1)


def test_html_steps_of_the_path_carry_their_picture_and_line() -> None:
    """A step of the path is drawn as on the page: its small picture in its heading and a line
    down its side (``plan-path-step``); a section that is not a step has neither."""
    doc = full_plan()
    first = doc.sections[1]
    step = replace(first, step=1, steps=6, icon="clock")
    html = plan_html(replace(doc, sections=(doc.sections[0], step, *doc.sections[2:])))
    sections = re.findall(r'<section class="([^"]+)"><h2>(<svg class="path-icon")?', html)
    marked = [(c, bool(svg)) for c, svg in sections if "plan-path-step" in c or svg]
    assert marked == [(f"plan-{first.id} plan-{first.kind} plan-path-step", True)]
    assert ".handout .plan-path-step {" in PLAN_CSS and "border-left" in PLAN_CSS


#: What to collect for a step: the data's four records, each a picture's name and its words.
COLLECT = (
    ("report", "Your pathology report from the lab"),
    ("disc", "Your scans, on a disc"),
    ("results", "Your other test results"),
    ("slides", "Your slides"),
)


def collecting_plan() -> PlanDocument:
    """The pictured plan whose second step of the path says what to collect."""
    doc = pictured_plan()
    sections = tuple(
        replace(s, collect=COLLECT, collect_label="What to collect") if s.id == "step-2" else s
        for s in doc.sections
    )
    return replace(doc, sections=sections)


def test_html_step_shows_what_to_collect_after_its_boxes() -> None:
    """The step that says what to collect shows, after its boxes, each record's picture (hidden
    from screen readers) beside its words, two to a row; no other step has the block."""
    html = plan_html(collecting_plan())
    found = re.search(r'<section class="plan-step-2 [^"]*">.*?</section>', html, re.S)
    assert found and html.count('<div class="collect">') == 1
    step = found.group(0)
    assert step.index('class="plan-boxes"') < step.index('<div class="collect">')
    shown = re.findall(
        r'<li><svg class="collect-icon" aria-hidden="true"[^>]*>.*?</svg><span>([^<]*)</span>',
        step,
    )
    assert shown == [words for _, words in COLLECT]
    assert re.search(r"\.handout \.collect-items \{[^}]*repeat\(2,", PLAN_CSS)
    assert '<div class="collect">' not in plan_html(pictured_plan())


def test_pdf_draws_each_record_to_collect_as_a_picture_beside_its_words() -> None:
    """In the PDF, the step's label and each record's words are text, and just left of each
    record's words is its drawn picture; a plan with nothing to collect says nothing of it."""
    data = plan_pdf(collecting_plan())
    text = squashed(" ".join(pdf_text(data)))
    assert all(squashed(w) in text for w in ("What to collect", *(w for _, w in COLLECT)))
    placed = []
    for index, page in enumerate(pdfium.PdfDocument(data)):
        textpage, height = page.get_textpage(), page.get_height()
        for _, words in COLLECT:
            match = textpage.search(words).get_next()
            if match:
                left, bottom, _, top = textpage.get_charbox(match[0])
                pixels = page_pixels(data, index)
                rows = slice(
                    round((height - top - 2 * MM) * 2), round((height - bottom + 2 * MM) * 2)
                )
                columns = slice(round((left - 9 * MM) * 2), round((left - 1 * MM) * 2))
                placed.append((words, (pixels[rows, columns] < 128).sum()))
    assert [w for w, _ in placed] == [w for _, w in COLLECT]
    assert all(ink > 40 for _, ink in placed), placed
    assert "Whattocollect" not in squashed(" ".join(pdf_text(plan_pdf(pictured_plan()))))
