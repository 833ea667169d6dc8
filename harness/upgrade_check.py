"""`make upgrade-check`: would the explainer survive the newest Voila, ipywidgets, Jupyter
Server, tornado and nbconvert?

In a throwaway venv (deleted afterwards): the runtime pins, then the newest releases of those
five on top. The server starts from there as `make serve` starts it; its start check
(server/upstream.py) either refuses, naming what changed, or the server comes up and a short
browser test opens the dashboard in headless Chromium, changes one answer and waits for the
advice that answer gives. It prints what changed and what broke; nothing in the project changes.
The last result is in docs/upgrade-check.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from explainer import advise
from harness.real import CHROMIUM, CHROMIUM_ARGS, HOST, ROOT, free_port
from server.launch import without_settings

UPGRADED = ("voila", "ipywidgets", "jupyter_server", "tornado", "nbconvert")
START_TIMEOUT_S = 120
PAGE_TIMEOUT_MS = 90_000


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload, no-any-return]


def versions(python: Path) -> dict[str, str]:
    code = (
        "import importlib.metadata as m\n"
        f"for name in {UPGRADED!r} + ('ipykernel', 'jupyterlab_widgets', 'jupyter_client'):\n"
        "    print(name, m.version(name))"
    )
    out = run([str(python), "-c", code]).stdout
    return dict(line.split(" ", 1) for line in out.splitlines())


def make_venv(folder: Path) -> Path:
    """The throwaway venv: runtime pins, then the newest of UPGRADED; its python."""
    run([sys.executable, "-m", "venv", str(folder)])
    pip = [str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    pip += ["--disable-pip-version-check"]
    run([*pip, "-r", str(ROOT / "requirements.txt")])
    run([*pip, "--no-deps", "--no-build-isolation", "-e", str(ROOT)])
    run([*pip, "--upgrade", *UPGRADED])
    return folder / "bin" / "python"


def start(python: Path, log: Path) -> tuple[subprocess.Popen[bytes], str | None, str]:
    """The server, and None once it answers, or the reason it did not start."""
    port = free_port()
    url = f"http://{HOST}:{port}/"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(python), "-m", "server.launch", f"--port={port}"],
            cwd=ROOT,
            env=without_settings(os.environ),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            lines = log.read_text(errors="replace").strip().splitlines() or ["(no output)"]
            return proc, f"the server exited ({proc.returncode}): {lines[-1]}", url
        try:
            with urllib.request.urlopen(url + "healthz", timeout=2):
                return proc, None, url
        except OSError:
            time.sleep(0.5)
    return proc, f"the server did not answer within {START_TIMEOUT_S} s", url


def smoke(url: str) -> list[str]:
    """What went wrong in one visit: the dashboard, one answer changed, its advice."""
    broke: list[str] = []
    expected = advise({"rare_cancer": True})
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            page.goto(url)
            page.locator(".advice-region .advice[data-level]").wait_for(timeout=PAGE_TIMEOUT_MS)
            page.locator(".criterion-rare_cancer input[type=checkbox]").set_checked(True)
            page.locator(
                f'.advice-region .advice[data-level="{expected.second_opinion.level}"]'
            ).wait_for(timeout=20_000)
        except PlaywrightError as error:
            broke.append(f"the browser test: {str(error).splitlines()[0]}")
        text = page.locator("body").inner_text()
        if "Error displaying widget" in text or "Javascript Error" in text:
            broke.append("the page shows a widget error")
        broke += [f"console: {line}" for line in errors]
        browser.close()
    return broke


def main() -> int:
    before = versions(Path(sys.executable))
    with tempfile.TemporaryDirectory(prefix="upgrade-check-") as tmp:
        print("Making a throwaway venv with the newest releases (a minute or two)...", flush=True)
        python = make_venv(Path(tmp) / "venv")
        after = versions(python)
        print("\nPackage             pinned      newest")
        for name in before:
            mark = "" if before[name] == after[name] else "  (changed)"
            print(f"{name:<19} {before[name]:<11} {after[name]}{mark}")
        proc, refused, url = start(python, Path(tmp) / "server.log")
        try:
            broke = [refused] if refused else smoke(url)
        finally:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)
    print()
    if not broke:
        print("Nothing broke: the start check passed and the dashboard answered in the browser.")
        return 0
    print("What broke:")
    for line in broke:
        print(f"- {line}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
