"""The code for phones in the room (explainer/qr.py): the address it may show, and the code itself,
read back from its SVG and decoded as a phone would."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys

import pytest
import segno
import zxingcpp
from PIL import Image, ImageDraw

from explainer.qr import BORDER, PUBLIC_URL, qr_svg, room_address, room_link


def request(host: str, port: str = "8866") -> dict[str, str]:
    """The kernel's environment after Voila put a request in it (explainer/request.py)."""
    return {"SERVER_NAME": host, "SERVER_PORT": port}


# -- The address ---------------------------------------------------------------------------------


def test_the_public_url_wins_over_the_request() -> None:
    """`make serve PUBLIC_URL=...` names the room's address, whatever host the page was opened at."""
    env = {PUBLIC_URL: "https://room.example.org/explainer/", **request("10.0.0.5")}
    assert room_address(env) == "https://room.example.org/explainer/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://explainer.test:8866/", "http://explainer.test:8866/"),
        ("http://Explainer.TEST:80/", "http://explainer.test/"),
        ("https://explainer.test:443/a/b/", "https://explainer.test/a/b/"),
        ("http://[2001:DB8::1]:8866/", "http://[2001:db8::1]:8866/"),
        ("http://192.168.1.20:8866/", "http://192.168.1.20:8866/"),
    ],
)
def test_a_public_url_is_kept_in_its_plain_form(url: str, expected: str) -> None:
    assert room_address({PUBLIC_URL: url}) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8866/",
        "http://localhost:8866/",
        "http://[::1]:8866/",
        "ftp://explainer.test/",
        "javascript:alert(1)//",
        "http://explainer.test:8866/?view=present",
        "http://user:secret@explainer.test/",
        "http://explainer.test:99999/",
        "http://explainer.test/<script>/",
        'http://explainer.test/"onload="x/',
        "http://explainer.test/no-slash",
    ],
)
def test_a_public_url_phones_cannot_open_gives_no_address(url: str) -> None:
    """A loopback or malformed PUBLIC_URL is refused, not shown, and not replaced by the request."""
    assert room_address({PUBLIC_URL: url, **request("explainer.test")}) is None


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("explainer.test", "8866", "http://explainer.test:8866/"),
        ("explainer.test", "", "http://explainer.test/"),
        ("explainer.test", "80", "http://explainer.test/"),
        ("explainer.test.", "8866", "http://explainer.test:8866/"),
        ("CLASSROOM", "8866", "http://classroom:8866/"),
        ("192.168.1.20", "8866", "http://192.168.1.20:8866/"),
        ("[fd00::5]", "8866", "http://[fd00::5]:8866/"),
    ],
)
def test_the_request_host_and_port_make_the_address(host: str, port: str, expected: str) -> None:
    assert room_address(request(host, port)) == expected


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "LOCALHOST",
        "localhost.",
        "room.localhost",
        "localhost.localdomain",
        "ip6-localhost",
        "127.0.0.1",
        "127.8.9.10",
        "0.0.0.0",
        "[::1]",
        "[::]",
        "[::ffff:127.0.0.1]",
        # Shorthands a browser reads as 127.0.0.1.
        "127.1",
        "2130706433",
        "0x7f.1",
        "0x7f000001",
    ],
)
def test_a_loopback_host_gives_no_address(host: str) -> None:
    """An address only this computer can reach is never shown to a room."""
    assert room_address(request(host)) is None


@pytest.mark.parametrize(
    "host",
    [
        "",
        " ",
        'explainer.test"><script>alert(1)</script>',
        "explainer.test/evil",
        "evil.example@explainer.test",
        "explainer.test:8866",
        "exa mple.test",
        "exa_mple.test",
        "-explainer.test",
        "explainer..test",
        "ex\u0430mple.test",
        "a" * 64 + ".test",
        ".".join(["abcdefghi"] * 26),
        "[fe80::1%eth0]",
        "[not-an-ip]",
        "::1",
        "1.2.3.4.5",
        "256.1.1.1",
    ],
)
def test_a_malformed_or_hostile_host_gives_no_address(host: str) -> None:
    assert room_address(request(host)) is None


@pytest.mark.parametrize("port", ["0", "65536", "-1", "80a", " 8 0", "\u0668\u0660", "8866/x"])
def test_a_malformed_port_gives_no_address(port: str) -> None:
    assert room_address(request("explainer.test", port)) is None


def test_no_request_and_no_public_url_gives_no_address() -> None:
    assert room_address({}) is None


def test_a_link_carries_its_query_after_the_address() -> None:
    """As "Copy the link" makes it; the address alone when there are no answers."""
    assert room_link("http://h/", "rare_cancer=yes") == "http://h/?rare_cancer=yes"
    assert room_link("http://h/", "") == "http://h/"


# -- The code ------------------------------------------------------------------------------------

TEXTS = [
    "http://explainer.test:8866/",
    "http://192.168.1.20:8866/?rare_cancer=yes&opinions_so_far=two_disagree",
    "https://room.example.org/explainer/?care_route=us_medicare_advantage&insurer_requires=yes"
    "&doubts_about_doctor=yes&rare_cancer=yes&unclear_diagnosis=yes&clinical_trial=yes",
]
RUN = re.compile(r"M(\d+) (\d+)h(\d+)v1h-(\d+)z")


def modules(svg: str) -> list[list[int]]:
    """The code's dark modules, read back from its path, as rows of 0 and 1 (quiet zone included)."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))  # type: ignore[union-attr]
    path = re.search(r'<path fill="#000" d="([^"]*)"', svg).group(1)  # type: ignore[union-attr]
    assert RUN.sub("", path) == "", "the path holds only runs of whole modules"
    grid = [[0] * size for _ in range(size)]
    for x, y, width, back in RUN.findall(path):
        assert width == back
        for column in range(int(x), int(x) + int(width)):
            assert grid[int(y)][column] == 0, "no module is drawn twice"
            grid[int(y)][column] = 1
    return grid


def picture(grid: list[list[int]], scale: int = 6) -> Image.Image:
    image = Image.new("L", (len(grid) * scale,) * 2, 255)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(grid):
        for x, dark in enumerate(row):
            if dark:
                draw.rectangle((x * scale, y * scale, (x + 1) * scale - 1, (y + 1) * scale - 1), 0)
    return image


@pytest.mark.parametrize("text", TEXTS)
def test_the_code_holds_segnos_modules_inside_a_quiet_zone(text: str) -> None:
    """The SVG's modules are segno's own for the text (error correction M, or Q at the same
    size), in the smallest size, with 4 light modules all round."""
    grid = modules(qr_svg(text, "Code"))
    inner = [row[BORDER:-BORDER] for row in grid[BORDER:-BORDER]]
    assert all(not any(row) for row in grid[:BORDER] + grid[-BORDER:])
    assert all(not any(row[:BORDER] + row[-BORDER:]) for row in grid)
    smallest = segno.make_qr(text, error="m", boost_error=False)
    candidates = [smallest]
    with contextlib.suppress(segno.DataOverflowError):
        candidates.append(
            segno.make_qr(text, error="q", version=smallest.version, boost_error=False)
        )
    assert any(inner == [list(row) for row in code.matrix] for code in candidates)


@pytest.mark.parametrize("text", TEXTS)
def test_the_code_decodes_to_its_text(text: str) -> None:
    """Drawn from the SVG alone and read as a phone reads it, the code gives back the text."""
    results = zxingcpp.read_barcodes(picture(modules(qr_svg(text, "Code"))))
    assert [(r.format, r.text) for r in results] == [(zxingcpp.BarcodeFormat.QRCode, text)]


def test_the_code_is_an_image_named_for_screen_readers_and_scaled_by_css() -> None:
    """role="img" with the label (escaped) and a title; a viewBox and no size of its own; crisp
    black on white; nothing that a strict Content-Security-Policy would block."""
    svg = qr_svg("http://explainer.test/", 'A "code" <for> phones & more')
    label = "A &quot;code&quot; &lt;for&gt; phones &amp; more"
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    opening = svg[: svg.index(">") + 1]
    assert 'role="img"' in opening and f'aria-label="{label}"' in opening
    assert f"<title>{label}</title>" in svg
    assert 'shape-rendering="crispEdges"' in opening
    assert "viewBox=" in opening and not re.search(r"\s(width|height)=", opening)
    assert 'fill="#fff"' in svg and 'fill="#000"' in svg
    assert not re.search(r"<script|href|url\(|style=|\son\w+=", svg)


def test_a_visitors_kernel_loads_segno_only_to_draw_a_code() -> None:
    """The self-check as it opens draws no code, so it never imports segno; the presenter at a
    room's address does."""
    code = (
        "import sys; from explainer.dashboard import build_app; build_app(query={query!r}); "
        "print('segno' in sys.modules)"
    )
    env = {**os.environ, "SERVER_NAME": "explainer.test", "SERVER_PORT": "8866"}
    for key in ("VOILA_PREHEAT", PUBLIC_URL):
        env.pop(key, None)
    for query, expected in (("rare_cancer=yes", "False"), ("view=present", "True")):
        out = subprocess.run(
            [sys.executable, "-c", code.format(query=query)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        assert out.stdout.strip() == expected, query
