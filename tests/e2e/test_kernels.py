"""Each visit's kernel is freed when the visitor leaves, not when the server stops.

The tests watch the server's kernel processes (children of the Voila process, found by the
kernel id in their connection file) and require the page's own kernel to end within a bound.
"""

from __future__ import annotations

import time

import psutil
import pytest
from voila_harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Dashboard,
    Server,
    Watch,
    start_server,
    stop_server,
    watched_context,
)

GONE_WITHIN_S = 15
# Long enough for the page to connect to its kernel before the culler may take it.
CULL_AFTER_S = 15


def wait_until_gone(server: Server, kernel_id: str, within: float) -> float:
    """Seconds until the kernel's process is gone; fails after `within` seconds."""
    start = time.monotonic()
    while time.monotonic() - start < within:
        if kernel_id not in server.kernel_pids():
            return time.monotonic() - start
        time.sleep(0.2)
    pytest.fail(f"kernel {kernel_id} still running {within} s after its page went away")


def open_page_kernel(context, server: Server) -> str:
    dashboard = Dashboard(context.new_page()).open(server.url)
    kernel_id = dashboard.kernel_id()
    assert kernel_id in server.kernel_pids(), "the page's kernel runs on the server"
    return kernel_id


def test_no_kernel_keeps_a_history_file(context, server):
    """Every kernel, the visitor's and the warm ones, runs with IPython's history off: its
    SQLite file would only grow on a server that runs for months."""
    open_page_kernel(context, server)
    kernels = server.kernel_pids()
    assert len(kernels) >= 2  # the visitor's and the pool's
    for pid in kernels.values():
        assert "--HistoryManager.enabled=False" in psutil.Process(pid).cmdline()


@pytest.mark.parametrize("run_before_unload", [True, False], ids=["beforeunload", "pagehide"])
def test_closing_the_page_ends_its_kernel(context, server, run_before_unload):
    """Closing a tab (with or without a beforeunload event) shuts its kernel down at once."""
    kernel_id = open_page_kernel(context, server)
    context.pages[0].close(run_before_unload=run_before_unload)
    wait_until_gone(server, kernel_id, GONE_WITHIN_S)


def test_leaving_for_another_site_ends_the_kernel(context, server):
    """Navigating away frees the kernel too."""
    kernel_id = open_page_kernel(context, server)
    context.pages[0].goto("about:blank")
    wait_until_gone(server, kernel_id, GONE_WITHIN_S)


def test_other_visitors_kernels_stay(browser, context, server):
    """Closing one visitor's page leaves another visitor's kernel running."""
    other_watch = Watch()
    other = watched_context(browser, other_watch)
    try:
        staying = open_page_kernel(other, server)
        leaving = open_page_kernel(context, server)
        context.pages[0].close(run_before_unload=True)
        wait_until_gone(server, leaving, GONE_WITHIN_S)
        assert staying in server.kernel_pids()
    finally:
        other.close()
    other_watch.check()


def test_kernel_of_a_vanished_browser_is_culled(browser, tmp_path):
    """A browser that dies without a word (no unload at all) loses its kernel to the idle culler."""
    culled_server, proc = start_server(
        tmp_path / "voila.log",
        [
            f"--MappingKernelManager.cull_idle_timeout={CULL_AFTER_S}",
            "--MappingKernelManager.cull_interval=1",
        ],
    )
    try:
        watch = Watch()
        # A separate browser process, closed outright: no pagehide, no beforeunload, no beacon.
        doomed = browser.browser_type.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        kernel_id = open_page_kernel(watched_context(doomed, watch), culled_server)
        doomed.close()
        wait_until_gone(culled_server, kernel_id, CULL_AFTER_S + 30)
        watch.check()
    finally:
        stop_server(culled_server, proc)
