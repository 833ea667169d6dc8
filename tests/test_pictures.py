"""Pictures for numbers and steps (explainer/pictures.py): the icon array and the path, read back
from their markup."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from explainer import default_content
from explainer.content import DATA_DIR
from explainer.pictures import (
    COLLECT_ICONS,
    MAX_TOTAL,
    PATH_ICONS,
    Picture,
    collect_html,
    collect_icon_svg,
    icon_array_svg,
    icon_arrays_html,
    icon_key_html,
    path_html,
    path_icon_svg,
)

STATIC = (
    Path(__file__).resolve().parent.parent / "server/jupyter/nbconvert/templates/explainer/static"
)
PICTURES_CSS = (STATIC / "pictures.css").read_text(encoding="utf-8")

SVG = "{http://www.w3.org/2000/svg}"
LABEL = (
    "In one study, a second opinion changed the advice on surgery for 52 in every 100 people "
    "with breast cancer."
)
KEY = ("Changed", "Not changed")
#: A range: its lowest and highest study.
RANGE = [Picture(12, LABEL, "Lowest study"), Picture(69, "Another", "Highest")]
STEPS = [
    "Ask your doctor",
    "Get your records",
    "See the new doctor",
    "Compare the advice",
    "Decide",
]


def parse(markup: str) -> ET.Element:
    """The markup as an element tree (it is well-formed XML as well as HTML)."""
    return ET.fromstring(markup)


def array_svg(figure: ET.Element) -> ET.Element:
    """The icon array's own svg (not a key swatch)."""
    found = figure.find(f"{SVG}svg[@class='icon-array']")
    assert found is not None
    return found


def figure_kinds(markup: str) -> list[str]:
    """The kind of each figure in the array, in reading order (row by row, left to right)."""
    uses = array_svg(parse(markup)).iter(f"{SVG}use")
    placed = sorted(
        (float(u.get("y", "")), float(u.get("x", "")), u.get("class", "")) for u in uses
    )
    return [cls.removeprefix("fig-") for _, _, cls in placed]


# -- The icon array --------------------------------------------------------------------------------


@pytest.mark.parametrize("label", [LABEL, 'Risk <5% & "rising" > before'])
def test_the_array_is_an_image_named_by_its_label(label: str) -> None:
    """The svg has role img, and its aria-label and title are exactly the label."""
    svg = array_svg(parse(icon_array_svg(52, label)))
    title = svg.find(f"{SVG}title")
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == label
    assert title is not None and title.text == label


def test_text_is_escaped() -> None:
    """A label, caption and key holding markup characters come out as text, never as markup."""
    nasty = '<script>alert("x")</script> & more'
    html = icon_arrays_html([Picture(1, nasty, nasty)], (nasty, nasty))
    assert "<script>" not in html
    assert html.count("&lt;script&gt;") == 5  # aria-label, title, caption and the two keys
    assert '"x"' not in html


def test_the_root_scales_with_css() -> None:
    """The array has the class icon-array and a viewBox, and no fixed width or height."""
    svg = array_svg(parse(icon_array_svg(52, LABEL)))
    assert svg.get("viewBox") == "0 0 100 150"
    assert svg.get("width") is None and svg.get("height") is None


@pytest.mark.parametrize("total", [1, 7, 100, 250, MAX_TOTAL])
def test_there_is_one_figure_per_person(total: int) -> None:
    """The array draws exactly `total` figures."""
    assert len(figure_kinds(icon_array_svg(0, LABEL, total=total))) == total


@pytest.mark.parametrize(("count", "total"), [(52, 100), (0, 100), (100, 100), (3, 250)])
def test_the_first_count_figures_are_filled_and_the_rest_outlined(count: int, total: int) -> None:
    """Read row by row, the first `count` figures are filled and every other one is empty."""
    expected = ["filled"] * count + ["empty"] * (total - count)
    assert figure_kinds(icon_array_svg(count, LABEL, total=total)) == expected


def test_a_hundred_figures_make_a_ten_by_ten_grid() -> None:
    """A hundred figures sit in ten columns and ten rows."""
    uses = list(array_svg(parse(icon_array_svg(52, LABEL))).iter(f"{SVG}use"))
    assert len({u.get("x") for u in uses}) == 10
    assert len({u.get("y") for u in uses}) == 10


def test_two_kinds_told_apart_by_shape_not_colour() -> None:
    """A figure is solid (currentColor) or outlined (none): no pattern, no colour, so forced
    colours keep them apart; an array with no half-filled figures defines no half figure."""
    html = icon_arrays_html(RANGE, KEY)
    assert "<pattern" not in html and "url(" not in html and "range" not in html
    for svg in parse(f"<div>{html}</div>").iter(f"{SVG}svg"):
        paints = {v for e in svg.iter() for k, v in e.attrib.items() if k in ("fill", "stroke")}
        assert paints <= {"currentColor", "none"}
    svg = array_svg(parse(icon_array_svg(52, LABEL)))
    fills = {g[0].get("class"): g.get("fill") for g in svg.iter(f"{SVG}g")}
    assert fills == {"fig-filled": "currentColor", "fig-empty": "none"}
    assert "-half" not in icon_array_svg(52, LABEL)


PARTS = "The opinions did not agree for 8 in every 100, partly for 35 and fully for 56."


def test_a_finding_in_parts_is_one_array_of_three_shapes_in_order() -> None:
    """Parts are drawn in one array: `count` filled, then `half` half filled, then `outlined`
    outlined, in reading order; parts making 99 leave the last place empty, not a person."""
    html = icon_array_svg(8, PARTS, half=35, outlined=56)
    assert figure_kinds(html) == ["filled"] * 8 + ["half"] * 35 + ["empty"] * 56
    assert figure_kinds(icon_array_svg(8, PARTS, half=35)) == (
        ["filled"] * 8 + ["half"] * 35 + ["empty"] * 57
    )


def test_a_half_filled_figure_is_the_outline_with_its_left_half_solid() -> None:
    """A half-filled figure is the person outlined (fill none) with a solid left half in
    currentColor: told apart from the others by shape alone, in any colours."""
    svg = array_svg(parse(icon_array_svg(8, PARTS, half=35, outlined=56)))
    half = next(g for g in svg.iter(f"{SVG}g") if (g.get("id") or "").endswith("-half"))
    outline, left = half.findall(f"{SVG}path")
    assert outline.get("fill") == "none" and left.get("fill") is None  # inherits currentColor
    uses = [u for u in svg.iter(f"{SVG}use") if u.get("class") == "fig-half"]
    assert {u.get("href") for u in uses} == {f"#{half.get('id')}"}
    paints = {v for e in svg.iter() for k, v in e.attrib.items() if k in ("fill", "stroke")}
    assert paints == {"currentColor", "none"}


def test_parts_the_same_but_for_one_kind_use_different_ids() -> None:
    """Arrays with the same label and filled count but other parts define different ids."""
    ids = [
        {e.get("id") for e in parse(icon_array_svg(8, PARTS, half=h)).iter() if e.get("id")}
        for h in (35, 36)
    ]
    assert not ids[0] & ids[1]


@pytest.mark.parametrize(
    ("count", "total", "named"),
    [
        (-1, 100, "count=-1"),
        (101, 100, "count=101"),
        (0, 0, "total=0"),
        (0, MAX_TOTAL + 1, f"total={MAX_TOTAL + 1}"),
    ],
)
def test_a_bad_count_is_refused_naming_the_values(count: int, total: int, named: str) -> None:
    """count and total outside 0 <= count <= total <= 400 raise a ValueError, and so do parts
    that make more than the total."""
    with pytest.raises(ValueError, match=re.escape(named)):
        icon_array_svg(count, LABEL, total=total)
    with pytest.raises(ValueError, match="outlined=60"):
        icon_array_svg(8, PARTS, half=35, outlined=60)
    with pytest.raises(ValueError, match="half=-1"):
        icon_array_svg(8, PARTS, half=-1)


@pytest.mark.parametrize(
    ("first", "second"), [((52, LABEL), (52, "Another label")), ((52, LABEL), (53, LABEL))]
)
def test_two_arrays_on_one_page_share_no_id(
    first: tuple[int, str], second: tuple[int, str]
) -> None:
    """Arrays that differ in label or count use different ids for their figure."""
    ids = [
        {e.get("id") for e in parse(icon_array_svg(*args)).iter() if e.get("id")}
        for args in (first, second)
    ]
    assert len(ids[0]) == 1
    assert not ids[0] & ids[1]


def test_every_reference_points_inside_the_same_array() -> None:
    """Each array's href names the id it defines; a key's swatches reference nothing."""
    html = icon_arrays_html(RANGE, KEY)
    for svg in parse(f"<div>{html}</div>").iter(f"{SVG}svg"):
        markup = ET.tostring(svg, encoding="unicode")
        ids = set(re.findall(r' id="([^"]+)"', markup))
        refs = set(re.findall(r'href="#([^"]+)"', markup))
        assert refs == ids


def test_the_markup_stays_small() -> None:
    """A hundred figures and a caption take well under 8 kB."""
    assert (
        len(icon_array_svg(52, LABEL, caption="Surgery advice changed: 52 in 100").encode()) < 8_000
    )


def test_without_caption_there_is_no_figcaption() -> None:
    """The figure holds only the svg when there is nothing to say over it."""
    figure = parse(icon_array_svg(52, LABEL))
    assert figure.tag == "figure" and figure.get("class") == "icon-array-figure"
    assert [child.tag for child in figure] == [f"{SVG}svg"]


def test_the_caption_comes_first() -> None:
    """The caption is a figcaption before the picture: what is counted is read first."""
    figure = parse(icon_array_svg(52, LABEL, caption="Surgery advice changed: 52 in 100"))
    assert [child.tag for child in figure] == ["figcaption", f"{SVG}svg"]
    assert figure[0].text == "Surgery advice changed: 52 in 100"


# -- Arrays side by side, and the one key ----------------------------------------------------------


def test_a_range_is_two_arrays_side_by_side_each_named_by_its_number() -> None:
    """A range is drawn as its lowest and highest study, each a whole picture of 100 people with
    its own caption and label, and one key under both."""
    low = "This is the study with the lowest number: 12 in every 100 people."
    high = "This is the study with the highest number: 69 in every 100 people."
    root = parse(
        "<div>"
        + icon_arrays_html([Picture(12, low, "Lowest study: 12 in 100"), Picture(69, high)], KEY)
        + "</div>"
    )
    row, key = list(root)
    assert row.get("class") == "icon-arrays" and key.get("class") == "icon-array-key"
    figures = row.findall("figure")
    assert [array_svg(f).get("aria-label") for f in figures] == [low, high]
    kinds = [figure_kinds(ET.tostring(f, encoding="unicode")) for f in figures]
    assert [k.count("filled") for k in kinds] == [12, 69]
    assert all(len(k) == 100 for k in kinds)


def test_no_arrays_are_refused() -> None:
    """A row of pictures with none in it raises a ValueError."""
    with pytest.raises(ValueError, match="at least one array"):
        icon_arrays_html([], KEY)


def test_the_key_names_the_two_kinds_with_swatches_hidden_from_screen_readers() -> None:
    """The key is a filled swatch with its words, then an outlined one with its words; each
    swatch draws its own figure and is hidden from screen readers."""
    items = parse(icon_key_html(*KEY)).findall("span")
    swatches = [item.find(f"{SVG}svg") for item in items]
    assert ["".join(item.itertext()) for item in items] == list(KEY)
    assert [s.get("class") for s in swatches if s is not None] == [
        "icon-array-swatch key-filled",
        "icon-array-swatch key-empty",
    ]
    assert all(s is not None and s.get("aria-hidden") == "true" for s in swatches)
    assert [s.find(f"{SVG}path").get("fill") for s in swatches if s is not None] == [
        "currentColor",
        "none",
    ]


def test_a_key_with_half_filled_figures_names_them_between_the_others() -> None:
    """With words for half-filled figures, the key names filled, half filled, then outlined,
    in the order the array draws them, the half swatch an outline with a solid left half."""
    items = parse(icon_key_html("Not at all: 8", "Fully: 56", "Partly: 35")).findall("span")
    assert ["".join(i.itertext()) for i in items] == ["Not at all: 8", "Partly: 35", "Fully: 56"]
    half = items[1].find(f"{SVG}svg")
    assert half is not None and half.get("class") == "icon-array-swatch key-half"
    assert [p.get("fill") for p in half.findall(f"{SVG}path")] == ["none", "currentColor"]


def test_a_key_kind_without_words_is_left_out() -> None:
    """A kind with no words gets no swatch; a key with no words at all is nothing."""
    assert len(parse(icon_key_html("Changed", "")).findall("span")) == 1
    assert icon_key_html("", "") == ""


def test_key_swatches_are_not_counted_as_figures() -> None:
    """The key's swatches carry no fig- class, so a count of figures stays 100 an array."""
    html = icon_arrays_html(RANGE, KEY)
    assert len(re.findall(r'class="fig-', html)) == 200


# -- The path --------------------------------------------------------------------------------------

#: Each step's tasks, as the caller passes them: HTML it has escaped.
TASKS = [f'<ul class="checklist"><li>Task {n}</li></ul>' for n in range(1, len(STEPS) + 1)]


def _path(steps: list[str] = STEPS, label: str = "Path") -> str:
    return path_html(list(zip(steps, TASKS, strict=False)), label)


def test_the_path_is_a_list_named_by_its_label() -> None:
    """The path is an ordered list with the class path-picture, named by the label."""
    ol = parse(_path(label="The path to a second opinion"))
    assert ol.tag == "ol" and ol.get("class") == "path-picture"
    assert ol.get("aria-label") == "The path to a second opinion"


def test_the_path_has_one_numbered_item_per_step_in_order_with_its_tasks() -> None:
    """Each step is one li, in the order given, numbered 1 to n by a number hidden from
    screen readers (the list itself gives the position); its words are a heading, and its own
    tasks come under it."""
    items = parse(_path()).findall("li")
    numbers = [item.find("span[@class='path-number']") for item in items]
    headings = [item.find("h4[@class='path-text']") for item in items]
    tasks = ["".join(item.find("div[@class='path-tasks']").itertext()) for item in items]
    assert [item.get("class") for item in items] == ["path-step"] * len(STEPS)
    assert [n.text for n in numbers] == [str(i) for i in range(1, len(STEPS) + 1)]
    assert all(n.get("aria-hidden") == "true" for n in numbers)
    assert [h.text for h in headings] == STEPS
    assert tasks == [f"Task {n}" for n in range(1, len(STEPS) + 1)]


def test_the_path_text_holds_no_arrows() -> None:
    """Connectors are drawn by CSS: the text a screen reader reads holds no arrow characters."""
    text = "".join(parse(_path()).itertext())
    assert not set(text) & set(
        "\u2192>\u203a\u00bb"
    )  # right arrow, >, single and double guillemets


def test_path_text_is_escaped() -> None:
    """A step or label holding markup characters comes out as text."""
    html = _path(["<b>Ask</b> & go"], 'A "label"')
    ol = parse(html)
    assert "<b>" not in html
    assert ol.get("aria-label") == 'A "label"'
    assert "".join(ol.find("li/h4").itertext()) == "<b>Ask</b> & go"


def test_each_step_can_have_its_picture_hidden_from_screen_readers() -> None:
    """A step's picture sits in its heading, drawn in the text's colour and hidden from screen
    readers (the heading says it); an unknown picture is refused by name; the data's schema
    allows exactly the pictures there are."""
    names = list(PATH_ICONS)[: len(STEPS)]
    items = parse(path_html(list(zip(STEPS, TASKS, strict=True)), "Path", names)).findall("li")
    icons = [item.find(f"h4/{SVG}svg") for item in items]
    assert all(i is not None and i.get("aria-hidden") == "true" for i in icons)
    assert all(i.get("stroke") == "currentColor" for i in icons if i is not None)
    with pytest.raises(ValueError, match="'nope'"):
        path_icon_svg("nope")
    schema = json.loads(Path(DATA_DIR, "schema", "options.schema.json").read_text("utf-8"))
    step = schema["properties"]["path"]["properties"]["steps"]["items"]
    assert step["properties"]["icon"]["enum"] == list(PATH_ICONS)


def test_what_to_collect_is_small_pictures_each_beside_its_words() -> None:
    """What to collect for a step: a picture a record, hidden from screen readers and in the
    text's colour, each beside its words, under the label; nothing for none; an unknown picture
    is refused by name; the schema allows exactly the pictures there are."""
    items = [
        ("report", "Your <b>report</b>"),
        ("disc", "Your scans"),
        ("results", "Your other test results"),
        ("slides", "Your slides"),
    ]
    block = parse(collect_html(items, "What to collect"))
    assert block.find("p").text == "What to collect"
    shown = block.findall("ul/li")
    assert [li.find("span").text for li in shown] == [words for _, words in items]
    icons = [li.find(f"{SVG}svg") for li in shown]
    assert all(i is not None and i.get("aria-hidden") == "true" for i in icons)
    assert all(i.get("stroke") == "currentColor" for i in icons if i is not None)
    assert collect_html([], "What to collect") == ""
    with pytest.raises(ValueError, match="'nope'"):
        collect_html([("nope", "Your scans")], "What to collect")
    schema = json.loads(Path(DATA_DIR, "schema", "options.schema.json").read_text("utf-8"))
    step = schema["properties"]["path"]["properties"]["steps"]["items"]
    assert step["properties"]["collect"]["items"]["properties"]["icon"]["enum"] == list(
        COLLECT_ICONS
    )


def test_every_small_picture_is_a_line_drawing_in_the_texts_colour() -> None:
    """The path's and the records' pictures share one frame (a 24-unit square, hidden from
    screen readers, stroked in the text's colour), and nothing inside is painted in another
    colour, so forced colours keep them; no two records' pictures are the same."""
    frames = set()
    drawn = [path_icon_svg(n) for n in PATH_ICONS] + [collect_icon_svg(n) for n in COLLECT_ICONS]
    for svg in map(parse, drawn):
        frames.add(tuple(sorted((k, v) for k, v in svg.attrib.items() if k != "class")))
        for element in svg.iter():
            for paint in ("fill", "stroke"):
                assert element.get(paint) in (None, "none", "currentColor"), ET.tostring(svg)
    assert len(frames) == 1
    assert len(set(COLLECT_ICONS.values())) == len(COLLECT_ICONS)


def test_the_slides_are_two_thin_glass_slides_not_a_banknote() -> None:
    """The slides' picture is a front slide at least three times as long as it is tall (a
    banknote is about twice), a second slide behind it, and solid parts: the slides' frosted
    label ends and a spot of tissue."""
    svg = parse(collect_icon_svg("slides"))
    (front,) = svg.findall(f"{SVG}rect")
    assert float(front.get("width", "0")) >= 3 * float(front.get("height", "1"))
    outlines = [e for e in svg if e.get("fill") != "currentColor"]
    solid = [e for e in svg if e.get("fill") == "currentColor"]
    assert len(outlines) >= 2 and len(solid) >= 2


def test_the_records_step_shows_what_to_collect() -> None:
    """On the page, the path's step for records shows the data's records to collect, after its
    tasks; no other step does."""
    from explainer import advise
    from explainer.render import path_picture_html

    content = default_content()
    options = content.options
    assert options is not None
    advice = advise({})
    html = path_picture_html(options, advice.next_steps, content.texts)
    steps = html.split('<li class="path-step">')[1:]
    collected = {p.id: p.collect for p in options.path if p.collect}
    assert collected, "the data names records to collect"
    shown = [p.id for p, _ in options.on_path(advice.next_steps)]
    assert len(shown) == len(steps) and "records" in shown
    for step_id, step in zip(shown, steps, strict=True):
        if step_id in collected:
            block = parse(re.search(r'<div class="collect">.*?</ul></div>', step, re.S).group(0))
            words = [s.text for s in block.findall("ul/li/span")]
            assert words == [w for _, w in collected[step_id]], step_id
            assert step.index('class="checklist"') < step.index('class="collect"'), step_id
        else:
            assert 'class="collect"' not in step, step_id


def test_a_path_without_steps_is_refused() -> None:
    """An empty path raises a ValueError."""
    with pytest.raises(ValueError, match="at least one step"):
        path_html([], "Path")


# -- The stylesheet --------------------------------------------------------------------------------


def test_the_css_covers_both_pictures_and_forced_colours() -> None:
    """The rules size the array, join the path's steps with a line, and draw the line and the
    numbers in CanvasText under forced colours; nothing rests on a background."""
    assert re.search(r"\.icon-array \{[^}]*max-width: 9rem;[^}]*color: #1d3f6e;", PICTURES_CSS)
    assert re.search(r"\.icon-arrays \{[^}]*display: flex;[^}]*flex-wrap: wrap;", PICTURES_CSS)
    assert re.search(r"\.phone \{ white-space: nowrap; \}", PICTURES_CSS)
    assert re.search(
        r"\.path-step:not\(:last-child\)::before \{[^}]*border-left-width", PICTURES_CSS
    )
    forced = PICTURES_CSS.split("@media (forced-colors: active)")[1]
    assert ".path-step::before" in forced and "CanvasText" in forced
    assert "background" not in PICTURES_CSS
