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

Nothing depends on the list being complete: a chunk it leaves out is fetched as before, and a
listed file that is missing or not a chunk is left out (with a warning in the server log), so a
Voila upgrade makes the page slower, never broken. tests/e2e/test_page_bundle.py fails when the page
fetches a chunk the bundle should carry; `make chunks` writes the list again from a real page load.

Being the server's own copy of the page's code, the bundle is also where an upstream bug with no
setting can be fixed: :data:`PATCHES` (ipywidgets' 2- and 4-second waits for the widgets, too short
when many visitors arrive at once).

The bundle is built once, in memory, when the server starts, and served with its content hash in
its address (cached for a year; a new Voila makes a new address) and gzip-compressed when the
browser accepts it.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join

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
    """A change to one chunk's bytes, for an upstream bug that no setting reaches.

    `pattern` must match exactly once in the chunk, or the chunk goes in unchanged (with a
    warning in the server log): an upgrade that moves the code can only undo the fix.
    """

    chunk: str
    pattern: bytes
    replacement: bytes
    why: str


#: The widget manager's chunk: both of ipywidgets' short waits live there.
_WIDGETS_BASE = "labextensions/@jupyter-widgets/jupyterlab-manager/static/32.3281b05d23655ae8.js"

#: The patches the bundle applies (docs/performance.md, "Bursts and the waits behind them").
PATCHES = (
    Patch(
        chunk=_WIDGETS_BASE,
        pattern=rb"(for\(;Date\.now\(\)-o<)2e3(;\)\{if\(void 0!==\(t=this\._models\[e\]\)\)return t;)",
        replacement=rb"\g<1>6e4\g<2>",
        why=(
            "ipywidgets' get_model waits 2 s for a widget the page has not received yet, then "
            "the output shows 'Error displaying widget: model not found' for good. The page asks "
            "for the dashboard as soon as it starts, and with 20 visitors arriving at once on "
            "two cores the kernel's widgets came later than that: 7 to 11 of 20 pages ended so. "
            "It waits 60 s instead."
        ),
    ),
    Patch(
        chunk=_WIDGETS_BASE,
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
    """The concatenated chunks (kept gzipped only, a fraction of their size), and the names that
    went in and were left out."""

    gzipped: bytes
    version: str
    included: tuple[str, ...]
    left_out: tuple[str, ...]
    patched: tuple[str, ...] = ()

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


def _patch(name: str, data: bytes, patches: Sequence[Patch], applied: list[str]) -> bytes:
    for patch in patches:
        if patch.chunk != name:
            continue
        changed, count = re.subn(patch.pattern, patch.replacement, data)
        if count == 1:
            data = changed
            applied.append(name)
        else:
            log.warning(
                "Not patched (the code to change was found %d times, not once): %s. %s",
                count,
                name,
                patch.why,
            )
    return data


def build(
    names: Iterable[str],
    static_paths: Sequence[str],
    labextension_paths: Sequence[str],
    patches: Sequence[Patch] = PATCHES,
) -> Bundle | None:
    """One script holding every listed chunk that is found and is a chunk; None if none is.

    Each chunk runs in its own function, so that a chunk's "use strict" stays its own.
    """
    parts: list[bytes] = []
    included: list[str] = []
    left_out: list[str] = []
    patched: list[str] = []
    for name in names:
        found = _find(name, static_paths, labextension_paths)
        data = found.read_bytes() if found else b""
        if not _CHUNK_START.search(data[:_HEAD]):
            left_out.append(name)
            continue
        data = _patch(name, data, patches, patched)
        parts.append(b"(function(){\n" + data + b"\n})();\n")
        included.append(name)
    if left_out:
        log.warning(
            "%d of the chunks in %s were not found or are not chunks, so the page fetches them "
            "itself (slower, not broken; `make chunks` writes the list again): %s",
            len(left_out),
            CHUNK_LIST.name,
            ", ".join(left_out),
        )
    if not parts:
        return None
    body = b"".join(parts)
    version = hashlib.sha256(body).hexdigest()[:16]
    return Bundle(
        gzip.compress(body, 6, mtime=0),
        version,
        tuple(included),
        tuple(left_out),
        tuple(patched),
    )


#: The bundle the running server serves (set by server/voila_app.py when it starts).
current: Bundle | None = None


def script_tag(base_url: str, preload: bool = False) -> str:
    """The template's `<script>` for the bundle (a Jinja filter); empty when there is none.

    With `preload`, a `<link rel=preload>` for the page's head instead: the browser starts
    fetching the bundle while the rest of the page is still on its way.
    """
    if current is None:
        return ""
    src = url_path_join(base_url, current.path())
    if preload:
        return f'<link rel="preload" href="{src}" as="script">'
    return f'<script src="{src}"></script>'


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
        if "gzip" in self.request.headers.get("Accept-Encoding", ""):
            self.set_header("Content-Encoding", "gzip")
            self.finish(bundle.gzipped)
        else:
            self.finish(bundle.body)


def route(server_url: str) -> tuple[str, type[BundleHandler]]:
    """The handler spec for the bundle under the server's base URL."""
    return (url_path_join(server_url, ROUTE), BundleHandler)
