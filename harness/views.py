"""Each view as a visitor sees it, for a rater who reads no code: screenshots and the words.

``make views`` starts the server as ``make serve`` does, opens every view in headless Chromium
at a laptop's and a phone's width, and writes to ``reports/views/``: a PNG of each whole page,
its visible text, the printable plan's PDF and each PDF page as a PNG at 100 % as a browser
shows a PDF (96 dpi: a CSS pixel; PDF's own 72 dpi draws it at three quarters of that). An
independent PEMAT-P rating (reports/pemat-rating.md) reads these, not the code. The same views in
each other language (``?lang=es``) go to a folder of their own (``reports/views/es/``).
"""

from __future__ import annotations

import base64
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from playwright.sync_api import Page, sync_playwright

from explainer.translation import DEFAULT_LANGUAGE, LANGUAGES
from harness.real import CHROMIUM, CHROMIUM_ARGS, PAGE_TIMEOUT_MS, ROOT, start_server, stop_server

#: (name, query, what shows when it is ready, a button to press first or "").
VIEWS = (
    ("1-self-check", "", ".advice-region .advice", ""),
    ("2-self-check-rare-cancer", "?rare_cancer=yes", ".advice-region .advice", ""),
    (
        "3-self-check-urgent-medicare",
        "?treatment_cannot_wait=yes&care_route=us_medicare",
        ".advice-region .advice",
        "",
    ),
    ("4-stories", "", "table.scenario-table", "nav:1"),
    ("5-sources-and-about", "", ".sources-view .evidence-figures", "nav:2"),
    ("6-presenter", "?view=present", ".presenter", ".presenter-reveal"),
    ("7-plan", "?view=handout&rare_cancer=yes", ".handout .summary", ".matters-speed input"),
)
SIZES = {"1280": (1280, 900), "375": (375, 667)}


def in_language(query: str, language: str) -> str:
    """A view's query in ``language`` (the default one needs none)."""
    if language == DEFAULT_LANGUAGE:
        return query
    return f"?lang={language}" + (f"&{query[1:]}" if query else "")


def _open(page: Page, url: str, ready: str, press: str) -> None:
    page.goto(url)
    page.locator(".explainer-app").first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    if press.startswith("nav:"):
        page.locator(".explainer-nav button").nth(int(press[4:])).click()
    elif press:
        page.locator(press).first.click()
    page.locator(ready).first.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    page.wait_for_timeout(800)  # the redraw after a click


def _plan_pdf(page: Page, out: Path) -> None:
    page.locator(".download-pdf").click()
    link = page.locator("a.pdf-link")
    link.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    href = link.get_attribute("href") or ""
    data = base64.b64decode(href.split(",", 1)[1])
    (out / "7-plan.pdf").write_bytes(data)
    pdf = pdfium.PdfDocument(data)
    for number, pdf_page in enumerate(pdf, start=1):
        pdf_page.render(scale=96 / 72).to_pil().save(out / f"7-plan-pdf-page-{number}.png")


def capture(out: Path, languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    """Write every view's screenshots and text to ``out`` (another language's to
    ``out/<language>/``); returns the files written."""
    folders = {code: out if code == DEFAULT_LANGUAGE else out / code for code in languages}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server, proc = start_server(Path(tmp) / "voila.log")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for code, folder in folders.items():
                    for size, (width, height) in SIZES.items():
                        page = browser.new_page(viewport={"width": width, "height": height})
                        for name, query, ready, press in VIEWS:
                            _open(page, server.url + in_language(query, code), ready, press)
                            page.screenshot(path=folder / f"{name}-{size}.png", full_page=True)
                            if size == "1280":
                                text = page.locator("main").inner_text()
                                (folder / f"{name}.txt").write_text(text, encoding="utf-8")
                                if name == "7-plan":
                                    _plan_pdf(page, folder)
                        page.close()
                browser.close()
        finally:
            stop_server(server, proc)
    return sorted(p for folder in folders.values() for p in folder.iterdir() if p.is_file())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else ROOT / "reports" / "views"
    for path in capture(out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
