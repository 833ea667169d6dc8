"""Pictures for numbers and steps (explainer/pictures.py): the icon array and the path, read back
from their markup."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from explainer.pictures import MAX_TOTAL, icon_array_svg, path_html

STATIC = (
    Path(__file__).resolve().parent.parent / "server/jupyter/nbconvert/templates/explainer/static"
)
PICTURES_CSS = (STATIC / "pictures.css").read_text(encoding="utf-8")

SVG = "{http://www.w3.org/2000/svg}"
LABEL = (
    "In 12 to 69 of every 100 people, the second opinion changed the diagnosis, "
    "the treatment or the outlook."
)
KEY = ("Changed in every study", "Changed in some studies", "Not changed")
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
    svg = array_svg(parse(icon_array_svg(12, 69, label)))
    title = svg.find(f"{SVG}title")
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == label
    assert title is not None and title.text == label


def test_text_is_escaped() -> None:
    """A label, caption and key holding markup characters come out as text, never as markup."""
    nasty = '<script>alert("x")</script> & more'
    html = icon_array_svg(1, 2, nasty, caption=nasty, key=(nasty, nasty, nasty))
    assert "<script>" not in html
    assert html.count("&lt;script&gt;") == 6
    assert '"x"' not in html


def test_the_root_scales_with_css() -> None:
    """The array has the class icon-array and a viewBox, and no fixed width or height."""
    svg = array_svg(parse(icon_array_svg(12, 69, LABEL)))
    assert svg.get("viewBox") == "0 0 100 150"
    assert svg.get("width") is None and svg.get("height") is None


@pytest.mark.parametrize("total", [1, 7, 100, 250, MAX_TOTAL])
def test_there_is_one_figure_per_person(total: int) -> None:
    """The array draws exactly `total` figures."""
    assert len(figure_kinds(icon_array_svg(0, 0, LABEL, total=total))) == total


@pytest.mark.parametrize(
    ("low", "high", "total"),
    [(12, 69, 100), (0, 0, 100), (30, 30, 100), (0, 100, 100), (100, 100, 100), (3, 250, 400)],
)
def test_figures_are_filled_then_in_range_then_empty(low: int, high: int, total: int) -> None:
    """Read row by row, the first `low` figures are filled, those up to `high` in the range."""
    expected = ["filled"] * low + ["range"] * (high - low) + ["empty"] * (total - high)
    assert figure_kinds(icon_array_svg(low, high, LABEL, total=total)) == expected


def test_a_hundred_figures_make_a_ten_by_ten_grid() -> None:
    """A hundred figures sit in ten columns and ten rows."""
    uses = list(array_svg(parse(icon_array_svg(12, 69, LABEL))).iter(f"{SVG}use"))
    assert len({u.get("x") for u in uses}) == 10
    assert len({u.get("y") for u in uses}) == 10


def test_kinds_differ_by_shape_not_colour() -> None:
    """Every paint is currentColor, none or the hatch pattern, so forced colours keep the kinds
    apart: filled is solid, the range hatched, empty outlined."""
    svg = array_svg(parse(icon_array_svg(12, 69, LABEL)))
    pattern = svg.find(f"{SVG}defs/{SVG}pattern")
    assert pattern is not None
    hatch = f"url(#{pattern.get('id')})"
    groups = svg.iter(f"{SVG}g")
    fills = {g[0].get("class"): g.get("fill") for g in groups}
    assert fills == {"fig-filled": "currentColor", "fig-range": hatch, "fig-empty": "none"}
    paints = {v for e in svg.iter() for k, v in e.attrib.items() if k in ("fill", "stroke")}
    assert paints <= {"currentColor", "none", hatch}


@pytest.mark.parametrize(
    ("low", "high", "total", "named"),
    [
        (-1, 5, 100, "low=-1"),
        (10, 5, 100, "high=5"),
        (0, 101, 100, "high=101"),
        (0, 0, 0, "total=0"),
        (0, 0, MAX_TOTAL + 1, f"total={MAX_TOTAL + 1}"),
    ],
)
def test_a_bad_range_is_refused_naming_the_values(
    low: int, high: int, total: int, named: str
) -> None:
    """low, high and total outside 0 <= low <= high <= total <= 400 raise a ValueError."""
    with pytest.raises(ValueError, match=re.escape(named)):
        icon_array_svg(low, high, LABEL, total=total)


@pytest.mark.parametrize(
    ("first", "second"),
    [((12, 69, LABEL), (12, 69, "Another label")), ((12, 69, LABEL), (12, 70, LABEL))],
)
def test_two_arrays_on_one_page_share_no_id(
    first: tuple[int, int, str], second: tuple[int, int, str]
) -> None:
    """Arrays that differ in label or range use different ids for their figure and hatch."""
    ids = [
        {e.get("id") for e in parse(icon_array_svg(*args)).iter() if e.get("id")}
        for args in (first, second)
    ]
    assert len(ids[0]) == 2
    assert not ids[0] & ids[1]


def test_every_reference_points_inside_the_same_array() -> None:
    """Each href and url() names an id the same call defines."""
    html = icon_array_svg(12, 69, LABEL, key=KEY)
    ids = set(re.findall(r' id="([^"]+)"', html))
    refs = set(re.findall(r'href="#([^"]+)"', html)) | set(re.findall(r"url\(#([^)]+)\)", html))
    assert refs == ids


def test_the_markup_stays_small() -> None:
    """A hundred figures, a caption and a full key take well under 12 kB."""
    html = icon_array_svg(12, 69, LABEL, caption="Each figure is one person out of 100.", key=KEY)
    assert len(html.encode()) < 12_000


def test_without_caption_or_key_there_is_no_figcaption() -> None:
    """The figure holds only the svg when there is nothing to say under it."""
    figure = parse(icon_array_svg(12, 69, LABEL))
    assert figure.tag == "figure" and figure.get("class") == "icon-array-figure"
    assert [child.tag for child in figure] == [f"{SVG}svg"]


def test_the_caption_goes_in_the_figcaption() -> None:
    """The caption is the figcaption's text; a key with no words draws no key."""
    figcaption = parse(icon_array_svg(12, 69, LABEL, caption="One figure, one person.")).find(
        "figcaption"
    )
    assert figcaption is not None
    assert "".join(figcaption.itertext()) == "One figure, one person."
    assert figcaption.find("p[@class='icon-array-key']") is None


def test_the_key_draws_only_the_kinds_given_words() -> None:
    """Each non-empty word gets a swatch of its kind, hidden from screen readers, then the words."""
    figure = parse(icon_array_svg(12, 69, LABEL, key=("Changed", "", "Not changed")))
    items = figure.findall("figcaption/p[@class='icon-array-key']/span")
    swatches = [item.find(f"{SVG}svg") for item in items]
    assert ["".join(item.itertext()) for item in items] == ["Changed", "Not changed"]
    assert [s.get("class") for s in swatches] == [
        "icon-array-swatch key-filled",
        "icon-array-swatch key-empty",
    ]
    assert all(s.get("aria-hidden") == "true" for s in swatches)


def test_key_swatches_are_not_counted_as_figures() -> None:
    """The key's swatches carry no fig- class, so a count of figures stays `total`."""
    html = icon_array_svg(12, 69, LABEL, key=KEY)
    assert len(re.findall(r'class="fig-', html)) == 100


# -- The path --------------------------------------------------------------------------------------


def test_the_path_is_a_list_named_by_its_label() -> None:
    """The path is an ordered list with the class path-picture, named by the label."""
    ol = parse(path_html(STEPS, "The path to a second opinion"))
    assert ol.tag == "ol" and ol.get("class") == "path-picture"
    assert ol.get("aria-label") == "The path to a second opinion"


def test_the_path_has_one_numbered_item_per_step_in_order() -> None:
    """Each step is one li, in the order given, numbered 1 to n by a number hidden from
    screen readers (the list itself gives the position)."""
    items = parse(path_html(STEPS, "Path")).findall("li")
    numbers = [item.find("span[@class='path-number']") for item in items]
    texts = [item.find("span[@class='path-text']") for item in items]
    assert [item.get("class") for item in items] == ["path-step"] * len(STEPS)
    assert [n.text for n in numbers] == [str(i) for i in range(1, len(STEPS) + 1)]
    assert all(n.get("aria-hidden") == "true" for n in numbers)
    assert [t.text for t in texts] == STEPS


def test_the_path_text_holds_no_arrows() -> None:
    """Connectors are drawn by CSS: the text a screen reader reads holds no arrow characters."""
    text = "".join(parse(path_html(STEPS, "Path")).itertext())
    assert not set(text) & set(
        "\u2192>\u203a\u00bb"
    )  # right arrow, >, single and double guillemets


def test_path_text_is_escaped() -> None:
    """A step or label holding markup characters comes out as text."""
    html = path_html(["<b>Ask</b> & go"], 'A "label"')
    ol = parse(html)
    assert "<b>" not in html
    assert ol.get("aria-label") == 'A "label"'
    assert "".join(ol.itertext()) == "1<b>Ask</b> & go"


def test_a_path_without_steps_is_refused() -> None:
    """An empty path raises a ValueError."""
    with pytest.raises(ValueError, match="at least one step"):
        path_html([], "Path")


# -- The stylesheet --------------------------------------------------------------------------------


def test_the_css_covers_both_pictures_and_forced_colours() -> None:
    """The rules size the array, turn the path vertical on narrow screens and draw connectors in
    CanvasText under forced colours."""
    assert re.search(r"\.icon-array \{[^}]*max-width: 22rem;[^}]*color: #1d3f6e;", PICTURES_CSS)
    assert "@container (max-width: 44rem)" in PICTURES_CSS
    forced = PICTURES_CSS.split("@media (forced-colors: active)")[1]
    assert ".path-step + .path-step::before" in forced and "CanvasText" in forced
    assert "background" not in PICTURES_CSS
