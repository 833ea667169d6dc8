"""`make bench`'s phone run: Lighthouse's mobile preset against ours and stock Voila, one run.

Usage: python benchmarks/phone.py [--loads 3]

Both servers start as in benchmarks/bench.py (ours as `make serve` runs it, stock Voila with
default settings on the same notebook), then Lighthouse (benchmarks/lighthouse/, pinned; its
mobile preset: a Moto G Power screen, a simulated slow 4G network of 150 ms and 1.6 Mbit/s, and
the CPU slowed 4 times) loads each in turn, alternating, each load in a fresh Chromium with an
empty cache (a first visit), after our pool of preheated kernels has refilled and both servers
and the machine have gone quiet. Lighthouse
simulates the network from the load it watched on loopback, so the figures are the same kind on
any machine; its CPU times scale with the machine's.

Results: medians and every load in benchmarks/results/phone-latest.{json,md}. Figures, not a
test: nothing here passes or fails (the targets are in docs/performance.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench import Running, refilled, settle, stamp, start_ours, start_stock, stop, write_results

from harness.real import CHROMIUM

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
#: Chromium as the e2e tests start it, without the flags Lighthouse sets itself.
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)
#: What the table shows: Lighthouse's audit id, its row, and how a value is written.
MEASURES = (
    ("first-contentful-paint", "First contentful paint (s)", 1e-3, 1),
    ("largest-contentful-paint", "Largest contentful paint (s)", 1e-3, 1),
    ("speed-index", "Speed index (s)", 1e-3, 1),
    ("total-blocking-time", "Total blocking time (ms)", 1, 0),
    ("cumulative-layout-shift", "Cumulative layout shift", 1, 3),
    ("total-byte-weight", "Bytes transferred (kB)", 1e-3, 0),
)


def lighthouse(url: str, out: Path) -> dict[str, Any]:
    """One Lighthouse load of `url` (mobile preset, performance only): the figures we report."""
    env = dict(os.environ, CHROME_PATH=str(CHROMIUM))
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    subprocess.run(cmd, env=env, check=True, timeout=300)
    report = json.loads(out.read_text())
    audits = report["audits"]
    record: dict[str, Any] = {
        "score": report["categories"]["performance"]["score"],
        "requests": len(audits["network-requests"]["details"]["items"]),
        "lighthouse": report["lighthouseVersion"],
    }
    for audit, *_ in MEASURES:
        record[audit] = audits[audit].get("numericValue")
    return record


async def run(args: argparse.Namespace) -> dict[str, Any]:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    loads: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-phone-") as scratch:
        ours = start_ours(args.port, out)
        servers: list[Running] = [ours]
        try:
            servers.append(start_stock(args.port + 1, out, Path(scratch)))
            await settle(servers, 60)
            pool = len(ours.kernel_pids())  # our preheated kernels, waiting
            for i in range(args.loads):
                for server in servers:
                    # A load that found the pool empty would wait for a kernel to start.
                    await refilled(ours, pool)
                    busy = await settle(servers)
                    record = lighthouse(server.url, Path(scratch) / f"{server.name}-{i}.json")
                    record |= {"server": server.name, "index": i, "machine_busy_pct": busy}
                    loads.append(record)
                    print(json.dumps(record))
        finally:
            for server in servers:
                stop(server)
    return stamp() | {
        "settings": {"loads": args.loads, "preset": "Lighthouse mobile (simulated slow 4G)"},
        "loads": loads,
        "medians": {
            name: {
                key: statistics.median(r[key] for r in loads if r["server"] == name)
                for key in ("score", "requests", *(m[0] for m in MEASURES))
            }
            for name in ("ours", "stock")
        },
    }


def markdown(result: dict[str, Any]) -> str:
    ours, stock = result["medians"]["ours"], result["medians"]["stock"]
    rows: list[tuple[str, str, float, int]] = [
        ("Performance score", "score", 1, 2),
        ("Requests", "requests", 1, 0),
    ]
    rows += [(label, key, scale, digits) for key, label, scale, digits in MEASURES]
    n = result["settings"]["loads"]
    lines = [
        f"# Phone load, {result['date']}",
        "",
        f"Lighthouse {result['loads'][0]['lighthouse']}, mobile preset; medians of {n} loads "
        f"each, alternating, in one run. {result['machine']['cores']} cores, "
        f"{result['machine']['chromium']}.",
        "",
        "| Measure | Ours | Stock Voila | Ratio |",
        "|---|---:|---:|---:|",
    ]
    for label, key, scale, digits in rows:
        a, b = ours[key] * scale, stock[key] * scale
        ratio = f"{a / b:.2f}" if b else "-"
        lines.append(f"| {label} | {a:.{digits}f} | {b:.{digits}f} | {ratio} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=3, help="Lighthouse loads of each server")
    parser.add_argument("--port", type=int, default=18620, help="ours; stock gets the next")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: `make bench` installs it (npm ci)")
    result = asyncio.run(run(args))
    write_results(args.out, "phone", "phone-latest", result, markdown(result))


if __name__ == "__main__":
    main()
