"""`make chunks`: write server/config/chunks.txt, the chunks server/bundle.py sends as one script.

It starts the server with the bundle off (the page fetches every chunk itself, as stock Voila's
does), takes the page through every control and view in headless Chromium (Dashboard.tour, the
same tour tests/e2e/test_page_bundle.py takes) and lists the chunks the page fetched. Run it after
upgrading Voila or ipywidgets; test_page_bundle.py fails until the list matches the installed files.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Request, sync_playwright
from voila_harness import CHROMIUM, CHROMIUM_ARGS, CHUNK, ROOT, Dashboard, start_server, stop_server

from explainer import default_content

#: The list server/bundle.py reads (its CHUNK_LIST).
CHUNK_LIST = ROOT / "server" / "config" / "chunks.txt"

HEADER = """\
# The chunks the dashboard's page fetches after voila.js, which server/bundle.py sends as one
# script (paths under /voila/; the order does not matter). Written by `make chunks`
# (tests/e2e/record_chunks.py) from a real page load; tests/e2e/test_page_bundle.py fails when the
# page fetches a chunk that is not here. Entry scripts (voila.js, remoteEntry.*.js) are not
# chunks and stay out: they must run in the order Voila gives them.
"""


def record() -> list[str]:
    """The chunks, in the order the page first asked for them."""
    asked: list[str] = []

    def note(request: Request) -> None:
        found = CHUNK.match(urlsplit(request.url).path)
        if found and found.group(1) not in asked:
            asked.append(found.group(1))

    with tempfile.TemporaryDirectory() as folder:
        server, proc = start_server(
            Path(folder) / "voila.log", extra=["--ExplainerVoila.bundle_chunks=False"]
        )
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = browser.new_context().new_page()
                page.on("request", note)
                Dashboard(page).tour(default_content(), server.url)
                browser.close()
        finally:
            stop_server(server, proc)
    return asked


def main() -> None:
    chunks = record()
    if not chunks:
        sys.exit("The page fetched no chunk: is the bundle really off? Nothing written.")
    CHUNK_LIST.write_text(HEADER + "".join(f"{name}\n" for name in chunks), encoding="utf-8")
    print(f"{len(chunks)} chunks written to {CHUNK_LIST}")


if __name__ == "__main__":
    main()
