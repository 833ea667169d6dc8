"""`make bench`'s group run: a room of phones opening the link within a few seconds.

Usage: python benchmarks/group.py [--visitors 30] [--spread 10] [--rounds 1]

Three servers side by side, as in benchmarks/bench.py: ours started as `make serve GROUP=30`
(30 sessions kept warm besides the ordinary pool, server/warm.py), ours as plain `make serve`,
and stock Voila with default settings on the same notebook. Once the warmed server's kernels are
all started and every server has gone quiet, the same arrival is played against each in turn:
`--visitors` first-time visitors (fresh headless-Chromium contexts, empty cache) opening the
page evenly over `--spread` seconds. For each visitor: the time from their arrival (the moment
the page is asked for) until it is interactive (the page's own mark: the advice and an enabled
checkbox visible, drawn from the live kernel; benchmarks/bench.py), and any error. Also the
memory of the warm sessions (USS of each waiting kernel) beside the session cap.

One machine runs the server, the kernels and all the browser tabs: the tabs compete for the
same cores, as they would not on a room's phones, so these times are the worse side of real.

Results: benchmarks/results/group-latest.{json,md}. Figures, not a test: nothing passes or fails
(the target is in docs/performance.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
from bench import (
    INSTRUMENT,
    MIB,
    Running,
    close_pages,
    cpu_seconds,
    level_changer,
    new_page,
    settle,
    stamp,
    start,
    start_ours,
    start_stock,
    stop,
    visit,
    visit_together,
    wait_interactive,
    write_results,
)
from playwright.async_api import Browser, Page, ViewportSize, async_playwright

from explainer import group as group_request
from harness.real import CHROMIUM, CHROMIUM_ARGS
from harness.stats import summary
from server.launch import without_settings
from server.sizing import SESSION_MB, default_max_sessions

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POOL = 2  # the ordinary pool (server/config/voila.py)


def start_warmed(port: int, out: Path, group: int) -> Running:
    """Ours as `make serve GROUP=<group>` starts it."""
    cmd = [sys.executable, "-m", "server.launch", f"--port={port}", f"--group={group}"]
    return start("ours-warmed", cmd, ROOT, without_settings(os.environ), port, out)


async def warm(server: Running, kernels: int, limit: float = 300.0) -> float:
    """Wait until the server runs `kernels` kernels and has gone quiet; the seconds it took."""
    started = time.monotonic()
    while len(server.kernel_pids()) < kernels and time.monotonic() - started < limit:
        await asyncio.sleep(0.5)
    await settle([server], 90)
    return time.monotonic() - started


def kernel_uss(server: Running) -> list[float]:
    """USS (MiB) of each of the server's kernel processes."""
    found = []
    for pid in server.kernel_pids().values():
        try:
            found.append(psutil.Process(pid).memory_full_info().uss / MIB)
        except psutil.NoSuchProcess:
            continue
    return found


async def arrivals(
    browser: Browser, server: Running, visitors: int, spread_s: float, timeout_s: float
) -> dict[str, Any]:
    """`visitors` first-time visitors arriving evenly over `spread_s` seconds."""
    pages = [await new_page(browser, int(timeout_s * 1000)) for _ in range(visitors)]
    step = spread_s / visitors if visitors else 0.0

    async def arrive(page: Page, delay: float) -> dict[str, Any]:
        await asyncio.sleep(delay)
        return await visit(page, server.url, timeout_s)

    visits = await visit_together(server, (arrive(p, i * step) for i, p in enumerate(pages)))
    await close_pages(pages)
    ready = visits.ready_ms
    return {
        "server": server.name,
        "client": "browser",
        "visitors": visitors,
        "spread_s": spread_s,
        "interactive_ms": summary(ready),
        "within_5_s": sum(1 for v in ready if v <= 5000),
        "each_ms": [r.get("interactive_ms") for r in visits.results],
    } | visits.outcome()


#: A phone as Lighthouse's mobile preset makes one (benchmarks/phone.py): its screen, and a CPU
#: four times slower than this machine's.
PHONE_VIEWPORT = ViewportSize(width=412, height=823)
PHONE_CPU_SLOWDOWN = 4


async def phone_alone(
    browser: Browser, server: Running, loads: int, timeout_s: float
) -> dict[str, Any]:
    """One phone at a time (Chromium with a phone's screen and a CPU slowed 4x), each a first
    visit taking a warm kernel: how long a phone's own drawing takes once the server has
    answered, which a room's phones each do on their own CPU."""
    times = []
    for _ in range(loads):
        context = await browser.new_context(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
        context.set_default_timeout(int(timeout_s * 1000))
        await context.add_init_script(INSTRUMENT)
        page = await context.new_page()
        cdp = await context.new_cdp_session(page)
        await cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_SLOWDOWN})
        await page.goto(server.url, wait_until="commit")
        marks = await wait_interactive(page, int(timeout_s * 1000))
        times.append(float(marks["interactive"]))
        await page.close(run_before_unload=True)
        await context.close()
        await settle([server], 30)
    return {"server": server.name, "loads": loads, "interactive_ms": summary(times)}


# -- The server's part: what each phone needs from the server, without drawing it ----------------

#: ipywidgets' control comm, through which a page asks its kernel for every widget's state (the
#: page's front end does exactly this when it loads: frontend/src/main.js, _loadFromKernel).
CONTROL_TARGET = "jupyter.widget.control"
CONTROL_VERSION = "1.0.0"


def message(msg_type: str, content: dict[str, Any], metadata: dict[str, Any] | None = None) -> str:
    """A Jupyter message for the kernel's websocket (JSON, shell channel)."""
    return json.dumps(
        {
            "header": {
                "msg_id": uuid.uuid4().hex,
                "msg_type": msg_type,
                "username": "",
                "session": SESSION,
                "date": datetime.now(UTC).isoformat(),
                "version": "5.3",
            },
            "parent_header": {},
            "metadata": metadata or {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
    )


SESSION = uuid.uuid4().hex


async def comm_data(socket: Any, deadline: float) -> dict[str, Any]:
    """The next comm message's data from the kernel (other messages and binary frames skipped)."""
    while True:
        raw = await asyncio.wait_for(socket.recv(), max(0.1, deadline - time.monotonic()))
        if isinstance(raw, bytes):
            continue  # a message with binary buffers: none of the ones we wait for
        msg = json.loads(raw)
        if msg.get("msg_type") == "comm_msg" or msg.get("header", {}).get("msg_type") == "comm_msg":
            return dict(msg["content"]["data"])


def checkbox_of(states: dict[str, Any], criterion: str) -> str | None:
    """The model id of the criterion's checkbox in a page's widget states."""
    for model_id, item in states.items():
        state = item.get("state", {})
        if f"criterion-{criterion}" in state.get("_dom_classes", ()):
            return str(model_id)
    return None


async def served(
    server: Running, visitors: int, spread_s: float, timeout_s: float, criterion: str
) -> dict[str, Any]:
    """`visitors` arriving evenly over `spread_s` s, each doing what its page asks of the server:
    the page (complete), then every widget's state over the kernel's websocket (the moment a
    phone can draw the dashboard: its own drawing is its own CPU's, not the server's), then a
    click on a criterion until the kernel sends the new advice. Kernels are shut down after, as
    a closing page does."""
    import httpx
    from websockets.asyncio.client import connect

    step = spread_s / visitors if visitors else 0.0
    ws_base = server.url.replace("http://", "ws://")

    async def visit(client: httpx.AsyncClient, delay: float) -> dict[str, Any]:
        await asyncio.sleep(delay)
        arrived = time.monotonic()
        deadline = arrived + timeout_s
        record: dict[str, Any] = {}
        try:
            response = await asyncio.wait_for(client.get(server.url), timeout_s)
            record["page_s"] = time.monotonic() - arrived
            found = re.search(r'"kernelId": "([0-9a-f-]+)"', response.text)
            if response.status_code != 200 or not found:
                return record | {"error": f"HTTP {response.status_code}, no kernel"}
            record["kernel_id"] = found.group(1)
            url = f"{ws_base}api/kernels/{record['kernel_id']}/channels?session_id={SESSION}"
            async with connect(url, max_size=None, open_timeout=timeout_s) as socket:
                control = uuid.uuid4().hex
                opening = {"comm_id": control, "target_name": CONTROL_TARGET, "data": {}}
                await socket.send(message("comm_open", opening, {"version": CONTROL_VERSION}))
                request = {"comm_id": control, "data": {"method": "request_states"}}
                await socket.send(message("comm_msg", request))
                data = await comm_data(socket, deadline)
                while data.get("method") != "update_states":
                    data = await comm_data(socket, deadline)
                record["interactive_s"] = time.monotonic() - arrived
                box = checkbox_of(data["states"], criterion)
                if box is None:
                    return record | {"error": "no checkbox for the criterion"}
                clicked = time.monotonic()
                update = {"method": "update", "state": {"value": True}, "buffer_paths": []}
                await socket.send(message("comm_msg", {"comm_id": box, "data": update}))
                while True:
                    data = await comm_data(socket, deadline)
                    value = data.get("state", {}).get("value")
                    if isinstance(value, str) and 'class="advice' in value:
                        break
                record["click_ms"] = (time.monotonic() - clicked) * 1000
        except Exception as error:
            record["error"] = f"{type(error).__name__}: {error}"[:200]
        return record

    cpu_before = cpu_seconds(server.processes())
    limits = httpx.Limits(max_connections=visitors + 5)
    async with httpx.AsyncClient(timeout=timeout_s, limits=limits) as client:
        results = await asyncio.gather(*(visit(client, i * step) for i in range(visitors)))
        cpu = cpu_seconds(server.processes()) - cpu_before
        token = "bench" * 4  # free the kernels as a closing page does (double-submit _xsrf)
        for result in results:
            if result.get("kernel_id"):
                await client.post(
                    f"{server.url}voila/api/shutdown/{result['kernel_id']}",
                    data={"_xsrf": token},
                    cookies={"_xsrf": token},
                )
    ok = [r for r in results if "error" not in r]
    interactive = [r["interactive_s"] * 1000 for r in ok]
    return {
        "server": server.name,
        "client": "protocol",
        "visitors": visitors,
        "spread_s": spread_s,
        "page_ms": summary([r["page_s"] * 1000 for r in ok]),
        "interactive_ms": summary(interactive),
        "within_5_s": sum(1 for v in interactive if v <= 5000),
        "click_ms": summary([r["click_ms"] for r in ok]),
        "each_ms": [r.get("interactive_s", 0) * 1000 or None for r in results],
        "errors": len(results) - len(ok),
        "error_kinds": sorted({r["error"] for r in results if "error" in r}),
        "cpu_s_server_and_kernels": cpu,
        "cpu_s_browser": 0.0,
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    # The launcher keeps a secret it finds in the environment: the kernels and the server share it.
    os.environ.setdefault(group_request.TOKEN, secrets.token_urlsafe(32))
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    memory: dict[str, Any] = {}
    alone: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-group-stock-") as scratch:
        servers: list[Running] = []
        try:
            warmed = start_warmed(args.port, out, args.visitors)
            servers.append(warmed)
            plain = start_ours(args.port + 1, out)
            servers.append(plain)
            stock = start_stock(args.port + 2, out, Path(scratch))
            servers.append(stock)
            took = await warm(warmed, POOL + args.visitors)
            uss = kernel_uss(warmed)
            memory = {
                "warm_kernels": len(uss),
                "seconds_to_warm": took,
                "kernel_uss_mib": summary(uss),
                "all_warm_uss_mib": sum(uss),
                "session_cap": default_max_sessions(),
                "planned_mb_per_session": SESSION_MB,
            }
            print(json.dumps(memory))
            criterion = level_changer()
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                await settle(servers, 90)
                alone = await phone_alone(browser, warmed, args.phone_loads, args.timeout)
                print(json.dumps(alone))
                for round_ in range(args.rounds):
                    for client in ("protocol", "browser"):
                        for server in (warmed, plain, stock):
                            if server is warmed:
                                await rewarm(server, args.visitors)  # the group, once more
                            await settle(servers, 90)
                            if client == "protocol":
                                result = await served(
                                    server, args.visitors, args.spread, args.timeout, criterion
                                )
                            else:
                                result = await arrivals(
                                    browser, server, args.visitors, args.spread, args.timeout
                                )
                            result["round"] = round_
                            results.append(result)
                            print(json.dumps({k: v for k, v in result.items() if k != "each_ms"}))
                await browser.close()
        finally:
            for server in servers:
                stop(server)
    return stamp() | {
        "settings": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "memory": memory,
        "phone_alone": alone,
        "runs": results,
    }


async def rewarm(server: Running, size: int, limit: float = 300.0) -> None:
    """The group asked for again, as the presenter's control asks (explainer/group.py), and
    waited for until every kernel is warm, not just started."""
    env = {group_request.URLS: server.url, group_request.TOKEN: os.environ[group_request.TOKEN]}
    started = time.monotonic()
    while time.monotonic() - started < limit:
        reply = await asyncio.to_thread(group_request.ask_for_group, size, env)
        if reply.ready >= size:  # the server's "ready" counts the group's, beyond the pool
            return
        await asyncio.sleep(1.0)
    print(f"the group of {size} was not all warm within {limit:.0f} s", file=sys.stderr)


def fmt(value: float | None, scale: float = 1.0, digits: int = 1) -> str:
    return "-" if value is None else f"{value * scale:.{digits}f}"


def markdown(run: dict[str, Any]) -> str:
    m, mem = run["machine"], run["memory"]
    lines = [
        f"Run {run['date']} on {m['cores']} cores, {m['memory_gib']} GiB ({m['cpu']}); "
        f"{m['chromium']}. {run['settings']['visitors']} first-time visitors arriving evenly "
        f"over {run['settings']['spread']:.0f} s.",
    ]
    headings = {
        "protocol": (
            "The server's part: each visitor asks for the page, then every widget's state over "
            "the kernel's websocket (what a phone needs to draw the dashboard), then clicks once.",
            "| Server | Round | Ready to draw after arriving: median (s) | p95 (s) | max (s) "
            "| Within 5 s | Click p95 (ms) | Errors | CPU s (server + kernels) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ),
        "browser": (
            "Every visitor a Chromium tab on this same machine: the tabs' drawing competes with "
            "the server for the two cores (a room's phones each bring their own).",
            "| Server | Round | Interactive after arriving: median (s) | p95 (s) | max (s) "
            "| Within 5 s | Errors | CPU s: server + kernels / browser |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ),
    }
    for client, (intro, head, rule) in headings.items():
        lines += ["", intro, "", head, rule]
        for r in [r for r in run["runs"] if r.get("client") == client]:
            i = r["interactive_ms"]
            cells = [
                r["server"],
                str(r["round"] + 1),
                fmt(i["median"], 1e-3),
                fmt(i["p95"], 1e-3),
                fmt(i["max"], 1e-3),
                f"{r['within_5_s']} of {r['visitors']}",
            ]
            if client == "protocol":
                cells += [fmt(r["click_ms"]["p95"], 1, 0), str(r["errors"])]
                cells += [fmt(r["cpu_s_server_and_kernels"], 1, 0)]
            else:
                cells += [str(r["errors"])]
                cells += [
                    f"{fmt(r['cpu_s_server_and_kernels'], 1, 0)} / {fmt(r['cpu_s_browser'], 1, 0)}"
                ]
            lines.append("| " + " | ".join(cells) + " |")
    phone = run.get("phone_alone", {}).get("interactive_ms", {})
    served_warm = [
        r["interactive_ms"]["p95"]
        for r in run["runs"]
        if r.get("client") == "protocol" and r["server"] == "ours-warmed"
    ]
    if phone.get("p95") is not None and served_warm and None not in served_warm:
        worst = max(served_warm)
        lines += [
            "",
            f"One phone alone (Chromium with a 412 px screen and its CPU slowed "
            f"{PHONE_CPU_SLOWDOWN}x, a warm kernel, {phone['n']} loads): interactive after "
            f"{fmt(phone['median'], 1e-3)} s (median), {fmt(phone['p95'], 1e-3)} s (p95). Each "
            "phone in the room draws its own page; the server adds its wait under the group's "
            f"arrival (p95 {fmt(worst, 1e-3, 2)} s, warmed): each phone interactive within about "
            f"{fmt(phone['p95'] + worst, 1e-3)} s of arriving (p95 + p95, an upper bound).",
        ]
    k = mem.get("kernel_uss_mib", {})
    lines += [
        "",
        f"Warm sessions: {mem.get('warm_kernels')} kernels (the group and the pool) warm "
        f"{fmt(mem.get('seconds_to_warm'), 1, 0)} s after the start; USS per kernel median "
        f"{fmt(k.get('median'), 1, 0)} MiB (max {fmt(k.get('max'), 1, 0)}), "
        f"{fmt(mem.get('all_warm_uss_mib'), 1, 0)} MiB in all. This machine's session cap is "
        f"{mem.get('session_cap')} sessions, planned at {mem.get('planned_mb_per_session')} MB "
        "each (server/sizing.py).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=30, help="the group, and the arrivals")
    parser.add_argument("--spread", type=float, default=10.0, help="seconds over which they come")
    parser.add_argument("--rounds", type=int, default=1, help="arrivals against each server")
    parser.add_argument("--timeout", type=float, default=240.0)
    parser.add_argument("--phone-loads", type=int, default=5, help="loads of one phone alone")
    parser.add_argument("--port", type=int, default=18620, help="warmed; then plain, stock")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    result = asyncio.run(run(args))
    write_results(args.out, "group", "group-latest", result, markdown(result))


if __name__ == "__main__":
    main()
