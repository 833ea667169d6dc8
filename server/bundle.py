"""The page's code in one script: the chunks stock Voila fetches one by one, sent together.

Stock Voila's page runs voila.js, which fetches dozens more scripts (webpack "chunks") in waves:
the JupyterLab core before the page's `load` event, then the widget managers' chunks, then, once
the kernel answers, the chunks that draw the widgets. Each wave waits for the one before it; on a
phone or a busy laptop the waves, not the bytes, are most of the wait (docs/performance.md).

Every chunk is a JSONP script: it only pushes its modules onto a global array
(`self.webpackChunk_JUPYTERLAB_CORE_OUTPUT`, `self.rspackChunk_jupyter_widgets_jupyterlab_manager`,
...) and runs nothing. Webpack's runtime takes what is already on that array when it starts and
fetches a chunk only if it is not there. So the server concatenates the chunks a page needs
(listed in server/config/chunks.txt) into one script, which the template loads just before
voila.js: one request instead of one per chunk, and nothing waits for a wave.

The page works without the list being complete: a chunk it leaves out is fetched as before. But
a listed file that is missing or not a chunk means Voila or ipywidgets changed, so the server
refuses to start until `make chunks` writes the list again from a real page load
(server/upstream.py); tests/e2e/test_page_bundle.py fails when the page fetches a chunk the
bundle should carry.

Being the server's own copy of the page's code, the bundle is also where an upstream bug with no
setting can be fixed: :data:`PATCHES` (ipywidgets' 2- and 4-second waits for the widgets, too short
when many visitors arrive at once).

The bundle is built once, in memory, when the server starts, and served with its content hash in
its address (cached for a year; a new Voila makes a new address), compressed with brotli or gzip,
whichever the browser accepts (server/assets.py).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import brotli
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join

from server import assets

__all__ = [
    "CHUNK_LIST",
    "PATCHES",
    "Bundle",
    "BundleHandler",
    "Patch",
    "build",
    "read_chunk_list",
    "route",
    "script_tag",
]

#: The chunks the dashboard's page fetches, as paths under /voila/ (written by `make chunks`).
CHUNK_LIST = Path(__file__).resolve().parent / "config" / "chunks.txt"
#: A JSONP chunk's first statement pushes onto webpack's (or rspack's) chunk array.
_CHUNK_START = re.compile(rb"""\(self(?:\.|\[["'])(?:webpack|rspack)Chunk\w*""")
#: How far into a file the push must appear (license comments and "use strict" come first).
_HEAD = 4096
#: Where the two kinds of chunk are served: Voila's static files and the lab extensions.
PREFIXES = ("static/", "labextensions/")
#: The bundle's address under the server's base URL; the hash is the bundle's content hash.
ROUTE = r"/voila/explainer/chunks\.([0-9a-f]{16})\.js"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Patch:
    """A change to the page's code, for an upstream bug that no setting reaches.

    It is found by its content, not by a chunk's hashed file name: `pattern` must match exactly
    once in all the bundle's chunks together, or nothing is changed, and the server refuses to
    start (server/upstream.py), naming the patch: an upgrade that moves the code must be looked
    at, not silently undo the fix.
    """

    name: str
    pattern: bytes
    replacement: bytes
    why: str


#: The patches the bundle applies (docs/performance.md, "Bursts and the waits behind them").
#: Both are in ipywidgets' widget manager (@jupyter-widgets/jupyterlab-manager).
PATCHES = (
    Patch(
        name="ipywidgets' 2 s wait for a widget's model",
        pattern=rb"(for\(;Date\.now\(\)-o<)2e3(;\)\{if\(void 0!==\(t=this\._models\[e\]\)\)return t;)",
        replacement=rb"\g<1>6e4\g<2>",
        why=(
            "ipywidgets' get_model waits 2 s for a widget the page has not received yet, then "
            "the output shows 'Error displaying widget: model not found' for good. The page asks "
            "for the dashboard as soon as it starts, and when many visitors arrive at once the "
            "kernel's widgets can come later than that. It waits 60 s instead."
        ),
    ),
    Patch(
        name="ipywidgets' 4 s wait for the widget states",
        pattern=rb'(\("Control comm did not respond in time"\),)4e3\)',
        replacement=rb"\g<1>6e4)",
        why=(
            "ipywidgets waits 4 s for the kernel's widget states, then falls back to asking for "
            "each widget in a way that leaves the page with 'Error displaying widget: model not "
            "found' (jupyter-widgets/ipywidgets#3633 and #3580): a kernel that many visitors' "
            "kernels compete with can take longer. It waits 60 s instead."
        ),
    ),
)


@dataclass(frozen=True)
class Bundle:
    """The concatenated chunks (kept compressed only, a fraction of their size), and the names
    that went in and were left out."""

    gzipped: bytes
    brotli: bytes
    version: str
    included: tuple[str, ...]
    left_out: tuple[str, ...]
    #: The patches applied, by name; and those not applied, each with why (found N times).
    patched: tuple[str, ...] = ()
    not_patched: tuple[str, ...] = ()

    @property
    def body(self) -> bytes:
        """The script itself, for the rare browser that does not accept gzip."""
        return gzip.decompress(self.gzipped)

    def path(self) -> str:
        """The bundle's address under the base URL (no leading slash)."""
        return f"voila/explainer/chunks.{self.version}.js"


def read_chunk_list(path: Path = CHUNK_LIST) -> list[str]:
    """The chunk names in `path`: one per line; blank lines and `#` comments are skipped."""
    names = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not line.startswith(PREFIXES) or ".." in Path(line).parts or "?" in line:
            raise ValueError(
                f"{path}, line {number}: {line!r} is not a chunk path under /voila/ "
                f"(it must start with {' or '.join(PREFIXES)} and hold no '..' or '?')"
            )
        names.append(line)
    return names


def _find(name: str, static_paths: Sequence[str], labextension_paths: Sequence[str]) -> Path | None:
    """The file Voila would serve for /voila/<name>, or None."""
    kind, _, rest = name.partition("/")
    roots = static_paths if kind == "static" else labextension_paths
    for root in roots:
        base = Path(root).resolve()
        candidate = (base / rest).resolve()
        if candidate.is_relative_to(base) and candidate.is_file():
            return candidate
    return None


def _apply(patches: Sequence[Patch], chunks: list[bytes]) -> tuple[list[str], list[str]]:
    """Apply each patch found exactly once among `chunks` (in place); the names applied, and
    for the others their name and how often the code was found."""
    applied: list[str] = []
    missed: list[str] = []
    for patch in patches:
        hits = [i for i, data in enumerate(chunks) for _ in re.finditer(patch.pattern, data)]
        if len(hits) == 1:
            chunks[hits[0]] = re.sub(patch.pattern, patch.replacement, chunks[hits[0]])
            applied.append(patch.name)
        else:
            missed.append(
                f"{patch.name} (the code to change was found {len(hits)} times, not once)"
            )
            log.warning("Not patched: %s. %s", missed[-1], patch.why)
    return applied, missed


def build(
    names: Iterable[str],
    static_paths: Sequence[str],
    labextension_paths: Sequence[str],
    patches: Sequence[Patch] | None = None,
) -> Bundle | None:
    """One script holding every listed chunk that is found and is a chunk; None if none is.

    Each chunk runs in its own function, so that a chunk's "use strict" stays its own.
    """
    chunks: list[bytes] = []
    included: list[str] = []
    left_out: list[str] = []
    for name in names:
        found = _find(name, static_paths, labextension_paths)
        data = found.read_bytes() if found else b""
        if not _CHUNK_START.search(data[:_HEAD]):
            left_out.append(name)
            continue
        chunks.append(data)
        included.append(name)
    patched, not_patched = _apply(PATCHES if patches is None else patches, chunks)
    parts = [b"(function(){\n" + data + b"\n})();\n" for data in chunks]
    if left_out:
        log.warning(
            "%d of the chunks in %s were not found or are not chunks (Voila or ipywidgets "
            "changed; `make chunks` writes the list again): %s",
            len(left_out),
            CHUNK_LIST.name,
            ", ".join(left_out),
        )
    if not parts:
        return None
    body = b"".join(parts)
    version = hashlib.sha256(body).hexdigest()[:16]
    return Bundle(
        gzip.compress(body, assets.GZIP_LEVEL, mtime=0),
        brotli.compress(body, quality=assets.BROTLI_QUALITY),
        version,
        tuple(included),
        tuple(left_out),
        tuple(patched),
        tuple(not_patched),
    )


#: The bundle the running server serves (set by server/voila_app.py when it starts).
current: Bundle | None = None


def script_tag(base_url: str) -> str:
    """The template's `<script>` for the bundle (a Jinja filter), deferred like voila.js after
    it; empty when there is none."""
    if current is None:
        return ""
    src = url_path_join(base_url, current.path())
    return f'<script src="{src}" defer></script>'


class BundleHandler(JupyterHandler):
    """`GET /voila/explainer/chunks.<hash>.js`: the bundle, cached for a year; 404 otherwise."""

    def get(self, version: str) -> None:
        bundle = current
        if bundle is None or version != bundle.version:
            self.set_status(404)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish("Not found\n")
            return
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", "public, max-age=31536000, immutable")
        self.set_header("Vary", "Accept-Encoding")
        encoding = assets.accepted(self.request.headers.get("Accept-Encoding", ""))
        if encoding is None:
            self.finish(bundle.body)
            return
        self.set_header("Content-Encoding", encoding)
        self.finish(bundle.brotli if encoding == "br" else bundle.gzipped)


def route(server_url: str) -> tuple[str, type[BundleHandler]]:
    """The handler spec for the bundle under the server's base URL."""
    return (url_path_join(server_url, ROUTE), BundleHandler)
