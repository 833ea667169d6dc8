"""A code for phones in the room: the address visitors reach, and a QR code of it as inline SVG.

The address is the launcher's ``EXPLAINER_PUBLIC_URL`` (``make serve PUBLIC_URL=...``), or else
the host the page was opened at, as Voila puts the request in the kernel's environment
(``SERVER_NAME``, ``SERVER_PORT``: explainer/request.py). A loopback address would send every
phone in the room to itself, so it is never shown (:func:`room_address` gives None). Every part
of an address is checked strictly: the host is a name or an IP literal, nothing else.

segno is imported on first use, so a visitor's kernel pays for it only when a code is shown.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import re
from collections.abc import Mapping
from html import escape
from urllib.parse import urlsplit

__all__ = ["BORDER", "PUBLIC_URL", "qr_svg", "room_address", "room_link"]

#: The address the launcher gives for the room (already checked there; checked again here).
PUBLIC_URL = "EXPLAINER_PUBLIC_URL"
#: The request's host and port, as Voila puts them in the kernel's environment.
SERVER_NAME = "SERVER_NAME"
SERVER_PORT = "SERVER_PORT"
#: The quiet zone around the code, in modules (the QR standard asks for 4).
BORDER = 4
#: Names that always mean this computer (RFC 6761 and Debian's /etc/hosts).
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
#: A last label a browser would read as a number (so "127.1" is 127.0.0.1): not a name.
_NUMERIC = re.compile(r"(0x[0-9a-f]*|[0-9]+)")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PATH = re.compile(r"/([A-Za-z0-9._~!$&'()*+,;=:@%-]+/)*")

log = logging.getLogger("explainer.qr")


def room_address(env: Mapping[str, str]) -> str | None:
    """The address phones in the room can open, ending in "/"; None for a loopback or
    malformed one."""
    public = env.get(PUBLIC_URL, "").strip()
    if public:
        return _public(public)
    host = _host(env.get(SERVER_NAME, ""))
    port = _port(env.get(SERVER_PORT, ""), default=80)
    if host is None or port is None:
        return None
    return f"http://{host}{port}/"


def room_link(address: str, query: str) -> str:
    """The address with a link query (explainer.links.build_query), as "Copy the link" makes it."""
    return f"{address}?{query}" if query else address


def _public(url: str) -> str | None:
    address = _checked_public(url)
    if address is None:
        log.warning("%s is not an address phones in the room can open", PUBLIC_URL)
    return address


def _checked_public(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        port = "" if parts.port is None else str(parts.port)
    except ValueError:
        return None
    default = _DEFAULT_PORTS.get(parts.scheme)
    if default is None or parts.username or parts.query or parts.fragment:
        return None
    name = parts.hostname or ""
    host, shown = _host(name, bracketed=":" in name), _port(port, default)
    if host is None or shown is None or not _PATH.fullmatch(parts.path):
        return None
    return f"{parts.scheme}://{host}{shown}{parts.path}"


def _host(raw: str, bracketed: bool = False) -> str | None:
    """The host as it goes in an address, or None for loopback, unspecified or malformed."""
    host = raw.strip().lower()
    if bracketed:
        host = f"[{host}]"
    if host.startswith("[") and host.endswith("]"):
        return _ipv6(host[1:-1])
    try:
        ip = ipaddress.IPv4Address(host)
    except ValueError:
        return _name(host)
    return None if ip.is_loopback or ip.is_unspecified else str(ip)


def _ipv6(text: str) -> str | None:
    try:
        ip = ipaddress.IPv6Address(text)
    except ValueError:
        return None
    if "%" in text or ip.is_loopback or ip.is_unspecified:
        return None
    mapped = ip.ipv4_mapped
    if mapped is not None and (mapped.is_loopback or mapped.is_unspecified):
        return None
    return f"[{ip.compressed}]"


def _name(host: str) -> str | None:
    name = host.removesuffix(".")
    labels = name.split(".")
    if not name or len(name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return None
    if _NUMERIC.fullmatch(labels[-1]) or name in LOOPBACK_NAMES or labels[-1] == "localhost":
        return None
    return name


def _port(raw: str, default: int) -> str | None:
    """ ":<port>" ("" for none or the scheme's default), or None when it is not a port."""
    raw = raw.strip()
    if not raw:
        return ""
    if not raw.isascii() or not raw.isdigit() or not 0 < int(raw) < 65536:
        return None
    return "" if int(raw) == default else f":{int(raw)}"


def qr_svg(text: str, label: str) -> str:
    """A QR code of `text` as inline SVG: black on white, a 4-module quiet zone, scaled by CSS
    (a viewBox, no size), `role="img"` named by `label`."""
    matrix = _matrix(text)
    size = len(matrix) + 2 * BORDER
    path = "".join(_row_path(row, y + BORDER) for y, row in enumerate(matrix))
    name = escape(label, quote=True)
    return (
        f'<svg class="room-qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{name}" shape-rendering="crispEdges">'
        f"<title>{name}</title>"
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{path}"/></svg>'
    )


def _matrix(text: str) -> list[bytearray]:
    """segno's modules for `text`: error correction Q when it fits the same size as M, else M."""
    import segno

    code = segno.make_qr(text, error="m", boost_error=False)
    with contextlib.suppress(segno.DataOverflowError):
        code = segno.make_qr(text, error="q", version=code.version, boost_error=False)
    return [bytearray(row) for row in code.matrix]


def _row_path(row: bytearray, y: int) -> str:
    """One row's dark modules as path runs: "M<x> <y>h<n>v1h-<n>z" each."""
    runs, x = [], 0
    while x < len(row):
        if not row[x]:
            x += 1
            continue
        start = x
        while x < len(row) and row[x]:
            x += 1
        runs.append(f"M{start + BORDER} {y}h{x - start}v1h-{x - start}z")
    return "".join(runs)
