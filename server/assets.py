"""The page's files, compressed once and cached by every browser that can.

A phone on a slow mobile network pays for every byte twice: in time and on its data plan. So:

- Every text file the server sends from Voila's static folders (the template's scripts and
  styles, the widget front end) goes brotli- or gzip-compressed, whichever the browser
  accepts. Each file is compressed once: those the page is known to load when the server
  starts (:func:`warm`), any other on its first request, and kept in memory (compressed text is
  a fraction of the files; docs/performance.md). Compressing per request, as tornado's
  `compress_response` would, cost about 0.3 s of CPU per visitor on our two cores; the page
  itself (HTML made per visit, a few kB) is the one thing compressed per request.
- A file whose address carries its content's hash (`?v=<hash>`, as the template names its
  files, or a hash in the file name, as webpack names lab extensions' chunks) is cached by the
  browser for a year: a new version has a new address. Other files keep the handler's own
  caching.

The handlers are Voila's and Jupyter Server's static-file handlers with :class:`Compressed`
in front (server/voila_app.py); what it relies on in tornado's StaticFileHandler is checked
when the server starts (server/upstream.py).
"""

from __future__ import annotations

import gzip
import logging
import mimetypes
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import brotli
from jupyter_server.auth.decorator import allow_unauthenticated

from server import upstream

__all__ = [
    "Compressed",
    "Encoded",
    "accepted",
    "compressed",
    "encoded",
    "is_hashed",
    "page_files",
    "template_assets",
    "warm",
]

#: Types worth compressing (fonts in woff/woff2 and images are compressed already).
TEXT_TYPES = re.compile(
    r"^(text/|application/(javascript|json|xml|x-javascript|manifest\+json)|image/svg\+xml|"
    r"font/(ttf|otf)|application/(x-font-ttf|vnd\.ms-fontobject))"
)
#: Smaller than this, compression saves less than its own headers.
MIN_SIZE = 1024
#: brotli's quality 9 and gzip's 9: near the smallest output at a cost paid once per file.
BROTLI_QUALITY = 9
GZIP_LEVEL = 9
#: A content hash in a file name, as webpack writes it: `remoteEntry.c8c9eed2cdefdeac.js`.
_HASHED_NAME = re.compile(r"[.-][0-9a-f]{16,}\.(js|css|woff2?|ttf|svg)$")
YEAR = 365 * 24 * 3600

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Encoded:
    """One file, compressed both ways, and what it was when compressed."""

    mtime_ns: int
    size: int
    br: bytes
    gzip: bytes

    def body(self, encoding: str) -> bytes:
        return self.br if encoding == "br" else self.gzip


_cache: dict[str, Encoded | None] = {}
_lock = threading.Lock()


def _compress(path: Path) -> Encoded | None:
    stat = path.stat()
    kind = mimetypes.guess_type(path.name)[0] or ""
    if stat.st_size < MIN_SIZE or not TEXT_TYPES.match(kind):
        return None
    data = path.read_bytes()
    return Encoded(
        stat.st_mtime_ns,
        len(data),
        brotli.compress(data, quality=BROTLI_QUALITY),
        gzip.compress(data, GZIP_LEVEL, mtime=0),
    )


def encoded(absolute_path: str) -> Encoded | None:
    """The file compressed, from the cache or compressed now (once); None when the file is not
    text, is too small to gain, or is gone. A file changed on disk is compressed again."""
    path = Path(absolute_path)
    try:
        stat = path.stat()
    except OSError:
        return None
    with _lock:
        if absolute_path in _cache:
            entry = _cache[absolute_path]
            if entry is None or (entry.mtime_ns, entry.size) == (stat.st_mtime_ns, stat.st_size):
                return entry
        entry = _compress(path)
        _cache[absolute_path] = entry
        return entry


def warm(paths: Iterable[Path]) -> tuple[int, int, int]:
    """Compress these files now (when the server starts); (files, bytes, compressed bytes)."""
    files = size = packed = 0
    for path in paths:
        entry = encoded(str(path.resolve()))
        if entry is not None:
            files, size, packed = files + 1, size + entry.size, packed + len(entry.br)
    return files, size, packed


def accepted(header: str) -> str | None:
    """The encoding to send for this Accept-Encoding header: br, gzip, or None."""
    offered = {}
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q=([^;,\s]*)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0  # an unreadable weight: not offered
        offered[name.strip().lower()] = quality
    for name in ("br", "gzip"):
        if offered.get(name, offered.get("*", 0.0)) > 0:
            return name
    return None


def is_hashed(path: str, query_arguments: dict[str, Any]) -> bool:
    """Whether the address names one version of the file for good (a hash in it)."""
    return "v" in query_arguments or bool(_HASHED_NAME.search(path))


class Compressed:
    """In front of a tornado StaticFileHandler: the compressed file when the browser accepts it,
    and a year's caching for an address with the file's hash. Anything else (a range request, a
    browser that accepts neither encoding, a file not worth compressing) goes to the handler."""

    @allow_unauthenticated
    async def get(self, path: str, include_body: bool = True) -> None:
        handler: Any = self
        encoding = accepted(handler.request.headers.get("Accept-Encoding", ""))
        if encoding is None or "Range" in handler.request.headers:
            await _base_get(handler, path, include_body)
            return
        # tornado's own first steps (server/upstream.py checks they are still these).
        absolute = upstream.static_file_path(handler, path)
        if absolute is None:
            return
        entry = encoded(absolute)
        if entry is None:
            await _base_get(handler, path, include_body)
            return
        handler.modified = handler.get_modified_time()
        handler.set_headers()
        _cache_headers(handler)
        handler.clear_header("Accept-Ranges")  # ranges of the compressed bytes are not offered
        etag = handler.compute_etag()
        if etag:
            handler.set_header("Etag", f'{etag.rstrip(chr(34))}-{encoding}"')
        if handler.should_return_304():
            handler.set_status(304)
            return
        body = entry.body(encoding)
        handler.set_header("Content-Encoding", encoding)
        handler.set_header("Vary", "Accept-Encoding")
        handler.set_header("Content-Length", len(body))
        if include_body:
            handler.write(body)


async def _base_get(handler: Any, path: str, include_body: bool) -> None:
    await super(Compressed, handler).get(path, include_body)
    if handler.get_status() == 200:
        _cache_headers(handler)


def _cache_headers(handler: Any) -> None:
    if is_hashed(handler.request.path, handler.request.query_arguments):
        handler.set_header("Cache-Control", f"public, max-age={YEAR}, immutable")


def compressed(spec: tuple[Any, ...], handler_types: tuple[type, ...]) -> tuple[Any, ...]:
    """The same route; a static-file handler of these types gets :class:`Compressed` in front."""
    handler = spec[1] if len(spec) > 1 else None
    if isinstance(handler, type) and issubclass(handler, handler_types):
        return (spec[0], type(handler.__name__, (Compressed, handler), {}), *spec[2:])
    return spec


#: How the page's template names a static file: {{ resources.include_css("static/index.css") }}.
_TEMPLATE_ASSET = re.compile(r"""include_(?:css|js|url)\(\s*["']static/([^"']+)["']""")


def template_assets(template: Path) -> list[str]:
    """The static files a page template names, relative to the template's static folders."""
    return _TEMPLATE_ASSET.findall(template.read_text(encoding="utf-8"))


def page_files(template: Path, template_roots: Iterable[str]) -> list[Path]:
    """The files the page loads: the template's own static files (the widget front end among
    them) and those it names from the templates it extends (theme-light.css)."""
    own = template.parent / "static"
    found = sorted(p for p in own.rglob("*") if p.is_file()) if own.is_dir() else []
    found += _first_found(template_roots, template_assets(template))
    return list(dict.fromkeys(p.resolve() for p in found))


def _first_found(roots: Iterable[str], names: Iterable[str]) -> list[Path]:
    folders = [Path(root) for root in roots]
    found = []
    for name in names:
        for folder in folders:
            if (folder / name).is_file():
                found.append(folder / name)
                break
    return found
