"""How long a visitor waits when the page loses its kernel: figures for docs/connection.md.

Usage: .venv/bin/python benchmarks/connection.py [--repeats 5]

Each way of losing the kernel, repeated, each in a fresh headless-Chromium context on a server
started as `make serve` starts it (the e2e harness, tests/e2e/voila_harness.py):

- crash: the page's kernel killed (SIGKILL); loss to notice, with no click;
- crash, then a click at once: click to notice;
- network drop (a relay in front of the server cuts every connection): drop to notice;
- network hangs (the relay holds every connection open but passes nothing), then a click:
  click to notice;
- server stopped: stop signal to notice;
- back from a 3 s drop: network back to the notice gone (Jupyter's reconnect waits grow);
- the link: "Reload with my answers" clicked to a page whose advice follows a click again.

Times are taken in this process around Playwright calls (a few ms each). Results: JSON and
Markdown under benchmarks/results/. Figures, not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, sync_playwright

from harness.real import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGE_TIMEOUT_MS,
    DroppableNetwork,
    Server,
    start_server,
    stop_server,
)
from harness.stats import summary

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

RESULTS = HERE / "results"
NOTICE = ".connection-lost"
QUERY = "?rare_cancer=yes"


def open_page(browser: Browser, url: str) -> tuple[Page, list[str]]:
    page = browser.new_context().new_page()
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(url)
    page.locator(".advice-region .advice").wait_for(timeout=PAGE_TIMEOUT_MS)
    return page, sockets


def kernel_pid(server: Server, sockets: list[str]) -> int:
    kernel = sockets[0].split("/api/kernels/")[1].split("/")[0]
    return server.kernel_pids()[kernel]


def until_notice(page: Page) -> float:
    start = time.monotonic()
    page.locator(NOTICE).wait_for(state="visible", timeout=60_000)
    return time.monotonic() - start


def crash(browser: Browser, server: Server) -> float:
    page, sockets = open_page(browser, server.url + QUERY)
    os.kill(kernel_pid(server, sockets), signal.SIGKILL)
    seconds = until_notice(page)
    page.context.close()
    return seconds


def crash_then_click(browser: Browser, server: Server) -> float:
    page, sockets = open_page(browser, server.url + QUERY)
    os.kill(kernel_pid(server, sockets), signal.SIGKILL)
    page.locator(".criterion-doubts_about_doctor input").click()
    seconds = until_notice(page)
    page.context.close()
    return seconds


def network_fault(
    browser: Browser, server: Server, fault: Callable[[DroppableNetwork, Page], object]
) -> float:
    """Seconds from the end of `fault` (done to the relay and the page) to the notice."""
    network = DroppableNetwork(int(urlsplit(server.url).port or 0))
    page, _ = open_page(browser, network.url + QUERY)
    fault(network, page)
    seconds = until_notice(page)
    page.context.close()
    network.close()
    return seconds


def drop(browser: Browser, server: Server) -> float:
    return network_fault(browser, server, lambda network, _page: network.drop())


def hang(browser: Browser, server: Server) -> float:
    def stall_then_click(network: DroppableNetwork, page: Page) -> None:
        network.stall()
        page.locator(".criterion-doubts_about_doctor input").click()

    return network_fault(browser, server, stall_then_click)


def back_from_drop(browser: Browser, server: Server) -> float:
    network = DroppableNetwork(int(urlsplit(server.url).port or 0))
    page, _ = open_page(browser, network.url + QUERY)
    network.drop()
    page.locator(NOTICE).wait_for(state="visible", timeout=60_000)
    time.sleep(3)
    network.restore()
    start = time.monotonic()
    page.locator(NOTICE).wait_for(state="hidden", timeout=120_000)
    seconds = time.monotonic() - start
    page.context.close()
    network.close()
    return seconds


def server_stop(browser: Browser, _server: Server, log: Path) -> float:
    own, proc = start_server(log)
    page, _ = open_page(browser, own.url + QUERY)
    start = time.monotonic()
    stop_server(own, proc)
    page.locator(NOTICE).wait_for(state="visible", timeout=60_000)
    seconds = time.monotonic() - start
    page.context.close()
    return seconds


def link_to_working_page(browser: Browser, server: Server) -> float:
    page, sockets = open_page(browser, server.url + QUERY)
    os.kill(kernel_pid(server, sockets), signal.SIGKILL)
    until_notice(page)
    start = time.monotonic()
    page.locator(f"{NOTICE} a.reload-with-answers").click()
    page.locator(".criterion-doubts_about_doctor input").click(timeout=PAGE_TIMEOUT_MS)
    page.locator('.advice[data-answers="doubts_about_doctor=yes&rare_cancer=yes"]').wait_for(
        timeout=PAGE_TIMEOUT_MS
    )
    seconds = time.monotonic() - start
    page.context.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        logs = Path(tmp)
        server, proc = start_server(logs / "voila.log")
        measures: dict[str, Callable[[Browser, Server], float]] = {
            "crash: loss to notice": crash,
            "crash, then a click: click to notice": crash_then_click,
            "network drop: drop to notice": drop,
            "network hangs (socket open, nothing passes), a click: click to notice": hang,
            "server stopped: stop to notice": lambda b, s: server_stop(b, s, logs / "own.log"),
            "back from a 3 s drop: network back to notice gone": back_from_drop,
            "Reload with my answers: click to a working page": link_to_working_page,
        }
        results: dict[str, dict[str, float | int | None]] = {}
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                for name, measure in measures.items():
                    times = [measure(browser, server) for _ in range(args.repeats)]
                    results[name] = summary(times)
                    print(f"{name}: median {results[name]['median']:.2f} s", flush=True)
                browser.close()
        finally:
            stop_server(server, proc)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    (RESULTS / "connection.json").write_text(
        json.dumps({"when": when, "machine": machine, "results": results}, indent=2) + "\n"
    )
    rows = [
        f"| {name} | {s['median']:.2f} | {s['min']:.2f} | {s['max']:.2f} | {s['n']} |"
        for name, s in results.items()
    ]
    (RESULTS / "connection.md").write_text(
        f"Measured {when} on {machine}.\n\n"
        "| | median (s) | min (s) | max (s) | runs |\n|---|---:|---:|---:|---:|\n"
        + "\n".join(rows)
        + "\n"
    )
    print((RESULTS / "connection.md").read_text())


if __name__ == "__main__":
    main()
