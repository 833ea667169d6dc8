"""`make bench`: the dashboard as `make serve` runs it against stock Voila on the same notebook.

Usage: python benchmarks/bench.py [--loads 10] [--bursts 20] [--http-bursts 20@0,50@0,50@10]

One run, both servers up side by side (ports 18610 and 18611 unless told otherwise):

1. Alternating single loads (ours, stock, ours, ...), each in a fresh headless-Chromium context
   (a first-time visitor: empty cache, no cookies), after both servers have gone quiet. The page
   itself records, with requestAnimationFrame and performance.now() (time since navigation):
   - main message painted: the first frame after one in which the main message was visible
     (`.advice .main-message`, or our page's server-made first paint `.explainer-preview .headline`);
   - interactive: the first frame after one in which `.advice-region .advice[data-level]` and an
     enabled criterion checkbox were both visible (the widgets are drawn from the live kernel);
   - click to advice: a real mouse click on a criterion's checkbox; the page records the click
     event's timeStamp and, with a MutationObserver, the moment `.advice` differs.
   Then the server's and the page's kernel's RSS and USS, and after the page closes, how long
   until its kernel process is gone and the server's total memory is back.
2. Browser bursts: N visitors (fresh contexts) opening the page at the same moment; the time
   until every one is interactive, the visitors that failed (no page, an error shown, or not
   interactive within the timeout), and the CPU seconds the server side and the browser used:
   on one machine the tabs compete with the server for the same cores.
3. Plain-HTTP bursts (the server's part alone): N requests arriving at once or spread over a
   few seconds; the time until every page is completely served (its kernel started and the
   notebook run with that visitor's link) and the errors.

Other hosts are blocked inside the browser (--host-resolver-rules, as the e2e tests do), never
through Playwright's request routing. Results: JSON and Markdown under benchmarks/results/.
Figures, not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
from playwright.async_api import Browser, Page, async_playwright

from explainer import advise, default_content
from harness.real import CHROMIUM, CHROMIUM_ARGS
from harness.real import Server as HarnessServer
from harness.stats import ratio, summary
from server.launch import without_settings

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

NOTEBOOK = ROOT / "notebooks" / "dashboard.ipynb"
HOST = "127.0.0.1"
MIB = 1024 * 1024

MAIN_SELECTOR = ".advice .main-message, .explainer-preview .headline"
ADVICE_SELECTOR = ".advice-region .advice[data-level]"
CONTROL_SELECTOR = ".criterion input[type=checkbox]"

# Runs in every page before any of its scripts (Playwright's init script bypasses the CSP).
INSTRUMENT = (
    """
(() => {
  const M = (window.__bench = { main: null, mainText: null, interactive: null });
  const shown = (el) => !!el && el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility !== "hidden";
  let seenMain = null, seenInteractive = false;
  function frame(now) {
    // What was visible in the previous frame has been painted by now.
    if (seenMain !== null && M.main === null) { M.main = now; M.mainText = seenMain; }
    if (seenInteractive && M.interactive === null) M.interactive = now;
    if (M.main === null && seenMain === null) {
      const el = [...document.querySelectorAll(MAIN)]
        .find((e) => shown(e) && e.textContent.trim());
      if (el) seenMain = el.textContent.trim().replace(/\\s+/g, " ");
    }
    if (M.interactive === null && !seenInteractive) {
      const advice = document.querySelector(ADVICE);
      const control = [...document.querySelectorAll(CONTROL)]
        .find((e) => shown(e) && !e.disabled);
      seenInteractive = shown(advice) && !!control;
    }
    if (M.main === null || M.interactive === null) requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})();
""".replace("MAIN", json.dumps(MAIN_SELECTOR))
    .replace("ADVICE", json.dumps(ADVICE_SELECTOR))
    .replace("CONTROL", json.dumps(CONTROL_SELECTOR))
)

# Arms the in-page click measurement; the click itself is a real one from Playwright's mouse.
ARM_CLICK = """
() => {
  const region = document.querySelector(".advice-region");
  const before = region.querySelector(".advice").outerHTML;
  window.__click = new Promise((resolve) => {
    let clickedAt = null;
    document.addEventListener("click", (e) => { clickedAt = e.timeStamp; },
      { capture: true, once: true });
    const observer = new MutationObserver(() => {
      const now = performance.now();
      const advice = region.querySelector(".advice");
      if (clickedAt !== null && advice && advice.outerHTML !== before) {
        observer.disconnect();
        resolve(now - clickedAt);
      }
    });
    observer.observe(region, { childList: true, subtree: true, attributes: true,
      characterData: true });
    setTimeout(() => { observer.disconnect(); resolve(null); }, 10000);
  });
}
"""


# -- Servers -------------------------------------------------------------------------------------


@dataclass
class Running:
    """A server this benchmark started: its name, address and process."""

    name: str
    url: str
    proc: subprocess.Popen[bytes]
    log: Path

    @property
    def harness(self) -> HarnessServer:
        return HarnessServer(url=self.url, pid=self.proc.pid, log=self.log)

    def processes(self) -> list[psutil.Process]:
        try:
            root = psutil.Process(self.proc.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def kernel_pids(self) -> dict[str, int]:
        return self.harness.kernel_pids()


def start(
    name: str, cmd: list[str], cwd: Path, env: dict[str, str], port: int, out: Path
) -> Running:
    """Start a server and wait until it serves a static file (no kernel needed for that)."""
    log = out / f"{name}.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://{HOST}:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{name} server exited:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url + "voila/static/voila.js", timeout=2):
                return Running(name, url, proc, log)
        except OSError:
            time.sleep(0.3)
    stop(Running(name, url, proc, log))
    raise SystemExit(f"{name} server did not answer within 60 s")


def start_ours(port: int, out: Path) -> Running:
    """The dashboard exactly as `make serve` starts it: server/launch.py, our settings."""
    cmd = [sys.executable, "-m", "server.launch", f"--port={port}"]
    return start("ours", cmd, ROOT, without_settings(os.environ), port, out)


def start_stock(port: int, out: Path, scratch: Path) -> Running:
    """Stock Voila with default settings on the same notebook: no config of ours is read.

    It runs from an empty folder with an empty Jupyter config folder, and without the
    JUPYTER_PATH / JUPYTER_CONFIG_PATH that point at server/.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env["JUPYTER_CONFIG_DIR"] = str(scratch / "jupyter-config")
    (scratch / "jupyter-config").mkdir(exist_ok=True)
    voila = Path(sys.executable).with_name("voila")
    cmd = [str(voila), str(NOTEBOOK), f"--port={port}", "--no-browser"]
    return start("stock", cmd, scratch, env, port, out)


def stop(server: Running) -> None:
    """Stop a server by its pid, then any kernel it left behind, by pid."""
    kernels = list(server.kernel_pids().values()) if server.proc.poll() is None else []
    if server.proc.poll() is None:
        os.kill(server.proc.pid, signal.SIGTERM)
        try:
            server.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(server.proc.pid, signal.SIGKILL)
            server.proc.wait(timeout=10)
    for pid in kernels:
        if psutil.pid_exists(pid):
            os.kill(pid, signal.SIGKILL)


# -- Measuring the machine -------------------------------------------------------------------------


def memory(pid: int) -> dict[str, float] | None:
    """RSS and USS of one process in MiB, or None once it is gone."""
    try:
        info = psutil.Process(pid).memory_full_info()
    except psutil.NoSuchProcess:
        return None
    return {"rss_mib": info.rss / MIB, "uss_mib": info.uss / MIB}


def total_uss(server: Running) -> float:
    """The server's USS plus every one of its kernels' USS, in MiB."""
    total = 0.0
    for proc in server.processes():
        try:
            total += proc.memory_full_info().uss / MIB
        except psutil.NoSuchProcess:
            continue
    return total


async def settle(servers: list[Running], limit: float = 45.0) -> float:
    """Wait until every server and kernel is quiet (under a tenth of a core for a second) and
    the machine as a whole is mostly idle (other people's work shares these cores too).
    Returns the machine's busy share (%) when the wait ended, which is recorded with the load."""
    start_at = time.monotonic()
    quiet = 0
    machine_busy = 0.0
    while time.monotonic() - start_at < limit and quiet < 2:
        procs = [p for s in servers for p in s.processes()]
        for proc in procs:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.cpu_percent(None)
        psutil.cpu_percent(None)
        await asyncio.sleep(0.5)
        busy = 0.0
        for proc in procs:
            with contextlib.suppress(psutil.NoSuchProcess):
                busy += proc.cpu_percent(None)
        machine_busy = psutil.cpu_percent(None)
        quiet = quiet + 1 if busy < 10.0 and machine_busy < 25.0 else 0
    return machine_busy


def cpu_seconds(procs: list[psutil.Process]) -> float:
    """User and system CPU time of these processes so far (kernels that ended are not counted)."""
    total = 0.0
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = proc.cpu_times()
            total += times.user + times.system
    return total


def browser_processes() -> list[psutil.Process]:
    """The Chromium processes this benchmark started (children of this Python process)."""
    return [
        p
        for p in psutil.Process().children(recursive=True)
        if "chrom" in p.name().lower() or "headless" in p.name().lower()
    ]


async def refilled(server: Running, pool: int, limit: float = 60.0) -> None:
    """Wait until our server's pool of preheated kernels is full again (so that no refill
    competes for the CPU with the next load, ours or stock)."""
    start_at = time.monotonic()
    while len(server.kernel_pids()) < pool and time.monotonic() - start_at < limit:
        await asyncio.sleep(0.2)


async def gone_within(server: Running, kernel_id: str, limit: float) -> float | None:
    """Seconds until the kernel's process is gone, or None if it is still there after `limit`."""
    start_at = time.monotonic()
    while time.monotonic() - start_at < limit:
        if kernel_id not in server.kernel_pids():
            return time.monotonic() - start_at
        await asyncio.sleep(0.1)
    return None


# -- One visitor -----------------------------------------------------------------------------------


def level_changer() -> str:
    """The id of a yes/no criterion whose "yes" alone changes the advice level."""
    content = default_content()
    before = advise({}, content).second_opinion.level
    for criterion in content.criteria:
        if criterion.kind != "yes_no" or criterion.routes:  # a choice, or not asked by default
            continue
        if advise({criterion.id: True}, content).second_opinion.level != before:
            return criterion.id
    raise SystemExit("no single yes/no answer changes the advice")


async def new_page(browser: Browser, timeout_ms: int) -> Page:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(timeout_ms)
    await context.add_init_script(INSTRUMENT)
    return await context.new_page()


async def wait_interactive(page: Page, timeout_ms: int) -> dict[str, Any]:
    await page.wait_for_function(
        "() => window.__bench && window.__bench.interactive !== null", timeout=timeout_ms
    )
    return dict(await page.evaluate("() => window.__bench"))


async def clicks(page: Page, criterion: str, count: int) -> list[float | None]:
    """In-page latencies (ms) from a real click on the criterion to the changed advice."""
    selector = f".criterion-{criterion} input[type=checkbox]"
    found: list[float | None] = []
    for _ in range(count):
        await page.evaluate(ARM_CLICK)
        await page.click(selector)
        found.append(await page.evaluate("() => window.__click"))
        await page.wait_for_timeout(150)
    return found


async def one_load(
    browser: Browser, server: Running, criterion: str, click_count: int, gone_limit: float
) -> dict[str, Any]:
    """One first-time visitor: paint, interactive, clicks, memory, and what closing frees."""
    before_total = total_uss(server)
    page = await new_page(browser, 120_000)
    record: dict[str, Any] = {"server": server.name}
    try:
        response = await page.goto(server.url, wait_until="commit")
        record["status"] = response.status if response else None
        marks = await wait_interactive(page, 120_000)
        record["main_painted_ms"] = marks["main"]
        record["main_text"] = marks["mainText"]
        record["interactive_ms"] = marks["interactive"]
        record["fcp_ms"] = await page.evaluate(
            "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
            " ?? null"
        )
        final = page.locator(".advice-region .advice .main-message")
        record["final_main_text"] = " ".join((await final.inner_text()).split())
        record["clicks_ms"] = await clicks(page, criterion, click_count)
        config = json.loads(await page.locator("#jupyter-config-data").text_content() or "{}")
        kernel_id = config.get("kernelId", "")
        pid = server.kernel_pids().get(kernel_id)
        record["kernel"] = memory(pid) if pid else None
        record["server_mem"] = memory(server.proc.pid)
        record["server_total_uss_mib"] = total_uss(server)
        record["server_total_uss_before_mib"] = before_total
    except Exception as error:  # a failed load is a figure too
        record["error"] = f"{type(error).__name__}: {error}"[:300]
        kernel_id = ""
    finally:
        closed_at = time.monotonic()
        await page.close(run_before_unload=True)
        await page.context.close()
    if kernel_id:
        record["kernel_gone_s"] = await gone_within(server, kernel_id, gone_limit)
        record["total_uss_after_close_mib"] = total_uss(server)
        record["close_to_measure_s"] = time.monotonic() - closed_at
    return record


# -- Bursts ----------------------------------------------------------------------------------------


async def visit(
    page: Page, url: str, timeout_s: float, since_ms: float | None = None
) -> dict[str, Any]:
    """One first-time visitor opening `url`: the ms from `since_ms` (epoch; by default the moment
    this visitor asked) until the page is interactive, or the error it met."""
    asked = time.time() * 1000
    try:
        response = await page.goto(url, wait_until="commit")
        if response is None or response.status >= 400:
            return {"error": f"HTTP {response.status if response else 'none'}"}
        marks = await wait_interactive(page, int(timeout_s * 1000))
        origin = await page.evaluate("() => performance.timeOrigin")
        failed = await page.locator(
            "#explainer-error:visible, .explainer-cell-error, "
            ".jp-OutputArea-output[data-mime-type*=stderr]"
        ).count()
        ready = origin + marks["interactive"] - (asked if since_ms is None else since_ms)
        return {"interactive_ms": ready, "error": "error shown" if failed else None}
    except Exception as error:
        return {"error": f"{type(error).__name__}: {error}"[:200]}


@dataclass
class Visits:
    """Pages visited together: each visit's result, and the CPU seconds the server (with its
    kernels) and the browser used meanwhile. Both share this machine's cores."""

    results: list[dict[str, Any]]
    cpu_s_server_and_kernels: float
    cpu_s_browser: float

    @property
    def ready_ms(self) -> list[float]:
        return [r["interactive_ms"] for r in self.results if not r.get("error")]

    def outcome(self) -> dict[str, Any]:
        """The errors and the CPU seconds, as every run's results report them."""
        errors = [r["error"] for r in self.results if r.get("error")]
        return {
            "errors": len(errors),
            "error_kinds": sorted(set(errors)),
            "cpu_s_server_and_kernels": self.cpu_s_server_and_kernels,
            "cpu_s_browser": self.cpu_s_browser,
        }


async def visit_together(server: Running, visits: Iterable[Awaitable[dict[str, Any]]]) -> Visits:
    """Run the visits at once, measuring the CPU both sides used while they ran."""
    server_before, browser_before = (
        cpu_seconds(server.processes()),
        cpu_seconds(browser_processes()),
    )
    results = await asyncio.gather(*visits)
    return Visits(
        list(results),
        cpu_seconds(server.processes()) - server_before,
        cpu_seconds(browser_processes()) - browser_before,
    )


async def close_pages(pages: Iterable[Page]) -> None:
    """Close each page as a visitor leaving would (its unload handlers run), and its context."""
    for page in pages:
        await page.close(run_before_unload=True)
        await page.context.close()


async def burst(
    browser: Browser, server: Running, visitors: int, timeout_s: float
) -> dict[str, Any]:
    """`visitors` first-time visitors opening the page at the same moment."""
    pages = [await new_page(browser, int(timeout_s * 1000)) for _ in range(visitors)]
    started = time.time() * 1000
    visits = await visit_together(server, (visit(p, server.url, timeout_s, started) for p in pages))
    kernels_at_peak = len(server.kernel_pids())
    peak_total = total_uss(server)
    await close_pages(pages)
    ready = visits.ready_ms
    return {
        "server": server.name,
        "visitors": visitors,
        "all_interactive_ms": max(ready) if len(ready) == visitors else None,
        "interactive": summary(ready),
        "kernels_at_peak": kernels_at_peak,
        "total_uss_at_peak_mib": peak_total,
    } | visits.outcome()


async def http_burst(
    server: Running, visitors: int, spread_s: float, timeout_s: float
) -> dict[str, Any]:
    """`visitors` requests for the page, arriving evenly over `spread_s` seconds (0: at once),
    from a plain HTTP client: the server's own part (a kernel started and the notebook run for
    each visitor) without 50 browser tabs competing for the same cores. The kernels are shut
    down afterwards, as a closing page would."""
    import httpx

    started = time.monotonic()

    async def visit(client: httpx.AsyncClient, delay: float) -> dict[str, Any]:
        await asyncio.sleep(delay)
        sent = time.monotonic()
        try:
            # A deadline for the whole page: httpx's timeout is per read, and stock Voila keeps
            # sending heartbeat lines while a kernel that never answers holds the page open, so
            # one such request kept a run waiting for 20 minutes.
            response = await asyncio.wait_for(client.get(server.url), timeout_s)
            html = response.text
        except TimeoutError:
            return {"error": f"no complete page within {timeout_s:.0f} s"}
        except Exception as error:
            return {"error": f"{type(error).__name__}: {error}"[:200]}
        done = time.monotonic()
        if response.status_code != 200:
            return {"error": f"HTTP {response.status_code}"}
        if "</html>" not in html or "application/vnd.jupyter.widget-view+json" not in html:
            return {"error": "page without the dashboard"}
        if "explainer-cell-error" in html:
            return {"error": "error shown"}
        kernel = re.search(r'"kernelId": "([0-9a-f-]+)"', html)
        return {
            "served_s": done - sent,
            "all_s": done - started,
            "kernel_id": kernel.group(1) if kernel else "",
        }

    limits = httpx.Limits(max_connections=visitors + 5)
    async with httpx.AsyncClient(timeout=timeout_s, limits=limits) as client:
        step = spread_s / visitors if visitors else 0.0
        results = await asyncio.gather(*(visit(client, i * step) for i in range(visitors)))
        # No page will close: free the kernels the way a closing page does (double-submit _xsrf).
        token = "bench" * 4
        for result in results:
            if result.get("kernel_id"):
                await client.post(
                    f"{server.url}voila/api/shutdown/{result['kernel_id']}",
                    data={"_xsrf": token},
                    cookies={"_xsrf": token},
                )
    served = [r["served_s"] for r in results if "error" not in r]
    errors = [r["error"] for r in results if "error" in r]
    return {
        "server": server.name,
        "visitors": visitors,
        "spread_s": spread_s,
        "client": "http",
        "all_served_s": max((r["all_s"] for r in results if "error" not in r), default=None)
        if not errors
        else None,
        "served_s": summary(served),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
    }


# -- The run ---------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 1024**3, 1),
        "cpu": model,
        "python": platform.python_version(),
        "chromium": subprocess.run(
            [str(CHROMIUM), "--version"], capture_output=True, text=True, check=False
        ).stdout.strip(),
    }


def summarise(loads: list[dict[str, Any]], bursts: list[dict[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in ("ours", "stock"):
        mine = [r for r in loads if r["server"] == name and "error" not in r]

        def values(key: str, rows: list[dict[str, Any]] = mine) -> list[float]:
            return [r[key] for r in rows if r.get(key) is not None]

        result[name] = {
            "loads": len([r for r in loads if r["server"] == name]),
            "failed_loads": len([r for r in loads if r["server"] == name and "error" in r]),
            "main_painted_ms": summary(values("main_painted_ms")),
            "interactive_ms": summary(values("interactive_ms")),
            "fcp_ms": summary(values("fcp_ms")),
            "click_ms": summary([c for r in mine for c in r["clicks_ms"] if c is not None]),
            "clicks_without_change": sum(c is None for r in mine for c in r["clicks_ms"]),
            "kernel_rss_mib": summary([r["kernel"]["rss_mib"] for r in mine if r.get("kernel")]),
            "kernel_uss_mib": summary([r["kernel"]["uss_mib"] for r in mine if r.get("kernel")]),
            "server_rss_mib": summary(
                [r["server_mem"]["rss_mib"] for r in mine if r.get("server_mem")]
            ),
            "server_uss_mib": summary(
                [r["server_mem"]["uss_mib"] for r in mine if r.get("server_mem")]
            ),
            "kernel_gone_s": summary(values("kernel_gone_s")),
            "kernels_not_gone": sum(
                1 for r in mine if "kernel_gone_s" in r and r["kernel_gone_s"] is None
            ),
            "main_text_matches_final": all(
                r.get("final_main_text", "") in (r.get("main_text") or "") for r in mine
            ),
        }
    ours, stock = result["ours"], result["stock"]
    result["ratios"] = {
        key: {
            "median": ratio(ours[key]["median"], stock[key]["median"]),
            "p95": ratio(ours[key]["p95"], stock[key]["p95"]),
        }
        for key in ("main_painted_ms", "interactive_ms", "click_ms")
    }
    result["bursts"] = bursts
    return result


def fmt(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def markdown(run: dict[str, Any]) -> str:
    m, s = run["machine"], run["summary"]
    ours, stock, ratios = s["ours"], s["stock"], s["ratios"]
    lines = [
        f"Run {run['date']} on {m['cores']} cores, {m['memory_gib']} GiB ({m['cpu']}); "
        f"{m['chromium']}; {ours['loads']} + {stock['loads']} alternating loads, fresh contexts.",
        "",
        "| Measure | Ours median | Ours p95 | Stock median | Stock p95 | Ratio (median) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key, label in (
        ("main_painted_ms", "Main message painted (ms)"),
        ("interactive_ms", "Interactive (ms)"),
        ("click_ms", "Click to updated advice (ms)"),
    ):
        lines.append(
            f"| {label} | {fmt(ours[key]['median'])} | {fmt(ours[key]['p95'])} | "
            f"{fmt(stock[key]['median'])} | {fmt(stock[key]['p95'])} | "
            f"{fmt(ratios[key]['median'], 2)} |"
        )
    for key, label in (
        ("kernel_rss_mib", "Session kernel RSS (MiB)"),
        ("kernel_uss_mib", "Session kernel USS (MiB)"),
        ("server_rss_mib", "Server RSS (MiB)"),
        ("server_uss_mib", "Server USS (MiB)"),
    ):
        lines.append(
            f"| {label} | {fmt(ours[key]['median'])} | {fmt(ours[key]['max'])} (max) | "
            f"{fmt(stock[key]['median'])} | {fmt(stock[key]['max'])} (max) | |"
        )
    lines.append(
        f"| Closed session's kernel gone (s) | {fmt(ours['kernel_gone_s']['median'], 1)} | "
        f"{fmt(ours['kernel_gone_s']['max'], 1)} (max) | "
        f"{fmt(stock['kernel_gone_s']['median'], 1)} | "
        f"{stock['kernels_not_gone']} of {stock['loads']} never gone | |"
    )
    lines += [
        "",
        "| Burst | Server | All interactive (s) | Median (s) | Errors | CPU s: server+kernels / browser |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for b in [b for b in s["bursts"] if b.get("client") != "http"]:
        lines.append(
            f"| {b['visitors']} at once | {b['server']} | "
            f"{fmt(b['all_interactive_ms'] / 1000 if b['all_interactive_ms'] else None, 1)} | "
            f"{fmt((b['interactive']['median'] or 0) / 1000 or None, 1)} | {b['errors']} | "
            f"{fmt(b.get('cpu_s_server_and_kernels'))} / {fmt(b.get('cpu_s_browser'))} |"
        )
    lines += [
        "",
        "| Plain-HTTP burst (server only) | Server | All served (s) | Median per visitor (s) "
        "| Errors |",
        "|---|---|---:|---:|---:|",
    ]
    for b in [b for b in s["bursts"] if b.get("client") == "http"]:
        arrival = f"over {b['spread_s']:.0f} s" if b["spread_s"] else "at once"
        lines.append(
            f"| {b['visitors']} arriving {arrival} | {b['server']} | {fmt(b['all_served_s'], 1)} | "
            f"{fmt(b['served_s']['median'], 1)} | {b['errors']} |"
        )
    return "\n".join(lines) + "\n"


async def run(args: argparse.Namespace) -> dict[str, Any]:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    criterion = level_changer()
    with tempfile.TemporaryDirectory(prefix="bench-stock-") as scratch:
        ours = start_ours(args.port, out)
        try:
            stock = start_stock(args.port + 1, out, Path(scratch))
        except BaseException:
            stop(ours)
            raise
        servers = [ours, stock]
        loads: list[dict[str, Any]] = []
        bursts: list[dict[str, Any]] = []
        pool = 0
        try:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                await settle(servers, 60)
                pool = len(ours.kernel_pids())  # our preheated kernels, waiting
                for i in range(args.loads):
                    for server in (ours, stock):
                        await refilled(ours, pool)
                        busy = await settle(servers)
                        # Stock Voila never frees a closed page's kernel: look for 60 s once.
                        limit = 60.0 if server is ours or i == 0 else 2.0
                        record = await one_load(browser, server, criterion, args.clicks, limit)
                        record["index"] = i
                        record["machine_busy_pct_before"] = busy
                        loads.append(record)
                        print(json.dumps({k: v for k, v in record.items() if "text" not in k}))
                for visitors in args.bursts:
                    for server in (ours, stock):
                        await refilled(ours, pool, 120)
                        await settle(servers, 90)
                        result = await burst(browser, server, visitors, args.burst_timeout)
                        bursts.append(result)
                        print(json.dumps(result))
                await browser.close()
            # The server's part on its own, without browsers.
            for visitors, spread in args.http_bursts:
                for server in (ours, stock):
                    await refilled(ours, pool, 120)
                    await settle(servers, 120)
                    result = await http_burst(server, visitors, spread, args.burst_timeout)
                    bursts.append(result)
                    print(json.dumps(result))
        finally:
            for server in servers:
                stop(server)
    return stamp() | {
        "settings": vars(args)
        | {"out": str(args.out), "criterion_clicked": criterion, "pool": pool},
        "loads": loads,
        "summary": summarise(loads, bursts),
    }


def stamp() -> dict[str, Any]:
    """When and where a run was made: the first keys of every benchmark's results."""
    return {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine()}


def write_results(out: Path, prefix: str, latest: str, result: Any, table: str) -> None:
    """The run's JSON and Markdown, under a dated name and as the latest; the table printed."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for name in (f"{prefix}-{stamp}", latest):
        (out / f"{name}.json").write_text(json.dumps(result, indent=2))
        (out / f"{name}.md").write_text(table)
    print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=10, help="loads of each server")
    parser.add_argument("--clicks", type=int, default=6, help="clicks per load")
    parser.add_argument(
        "--bursts",
        default="20",
        help="browser visitors at once, comma-separated (50 tabs on"
        " 2 cores do not finish within the timeout: the browser needs the cores too)",
    )
    parser.add_argument(
        "--http-bursts",
        default="20@0,50@0,50@10",
        help="plain-HTTP bursts: visitors@seconds over which they arrive, comma-separated",
    )
    parser.add_argument("--burst-timeout", type=float, default=240.0)
    parser.add_argument("--port", type=int, default=18610, help="ours; stock gets the next")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    args.bursts = [int(v) for v in args.bursts.split(",") if v]
    args.http_bursts = [
        (int(v.split("@")[0]), float(v.split("@")[1])) for v in args.http_bursts.split(",") if v
    ]
    result = asyncio.run(run(args))
    write_results(args.out, "bench", "latest", result, markdown(result))


if __name__ == "__main__":
    main()
