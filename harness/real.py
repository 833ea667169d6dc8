"""A real server and a real browser, as the tests and the benchmarks both need them.

`start_server` starts Voila exactly as `make serve` does (through server/launch.py) on a free
port of 127.0.0.1 and waits until it answers; `stop_server` ends it, and any kernel it leaves,
by process id. `CHROMIUM` and `CHROMIUM_ARGS` are how both drive Debian's headless Chromium;
`DroppableNetwork` is a relay whose connections can be dropped or stalled, as a phone's are.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil

from server.launch import without_settings

__all__ = [
    "CHANGE_TIMEOUT_MS",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "HOST",
    "PAGE_TIMEOUT_MS",
    "ROOT",
    "START_TIMEOUT_S",
    "DroppableNetwork",
    "Server",
    "ServerFailed",
    "free_port",
    "start_server",
    "stop_server",
]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Block every other host inside the browser: no name resolves except 127.0.0.1.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
HOST = "127.0.0.1"
START_TIMEOUT_S = 60
PAGE_TIMEOUT_MS = 60_000
CHANGE_TIMEOUT_MS = 10_000


class ServerFailed(RuntimeError):
    """The server exited, or did not answer in time; the message holds its log."""


@dataclass
class Server:
    """A running Voila server: its address, process id and log file."""

    url: str
    pid: int
    log: Path

    def kernel_pids(self) -> dict[str, int]:
        """Kernel id -> pid of every kernel process the server runs now."""
        kernels: dict[str, int] = {}
        for child in psutil.Process(self.pid).children(recursive=True):
            try:
                if child.status() == psutil.STATUS_ZOMBIE:
                    continue
                for arg in child.cmdline():
                    name = Path(arg).name
                    if name.startswith("kernel-") and name.endswith(".json"):
                        kernels[name[len("kernel-") : -len(".json")]] = child.pid
            except psutil.NoSuchProcess:
                continue
        return kernels

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_server(
    log: Path,
    extra: list[str] | None = None,
    notebook: Path | None = None,
    options: list[str] | None = None,
    port: int | None = None,
) -> tuple[Server, subprocess.Popen[bytes]]:
    """Start Voila through the launcher on `port` (default: a free one) and wait until it answers.

    `options` go to the launcher (e.g. `--max-sessions=4`), `extra` to Voila itself.
    """
    port = port or free_port()
    cmd = [sys.executable, "-m", "server.launch", f"--port={port}", *(options or [])]
    if notebook:
        cmd.append(f"--notebook={notebook}")
    if extra:
        cmd += ["--", *extra]
    with log.open("wb") as out:
        env = without_settings(os.environ)  # only the options above decide
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(url=f"http://{HOST}:{port}/", pid=proc.pid, log=log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerFailed(f"Voila exited with {proc.returncode}:\n{server.log_text()}")
        try:
            # A static file answers without starting a kernel.
            with urllib.request.urlopen(server.url + "voila/static/voila.js", timeout=2):
                return server, proc
        except OSError:
            time.sleep(0.3)
    stop_server(server, proc)
    raise ServerFailed(f"Voila did not answer within {START_TIMEOUT_S} s:\n{server.log_text()}")


def stop_server(server: Server, proc: subprocess.Popen[bytes]) -> None:
    """Stop the server by its pid; end any kernel it leaves behind, by pid."""
    kernels = list(server.kernel_pids().values()) if proc.poll() is None else []
    if proc.poll() is None:
        os.kill(server.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(server.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    for pid in kernels:
        if psutil.pid_exists(pid):
            os.kill(pid, signal.SIGKILL)


class DroppableNetwork:
    """A TCP relay on 127.0.0.1 in front of the server whose connections can be dropped, as a
    phone's network drops them: `drop()` cuts every open connection and refuses new ones until
    `restore()`; `stall()` keeps them open but carries nothing until `restore()` (a network that
    hangs). Playwright's `set_offline` leaves open websockets untouched."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = (HOST, upstream_port)
        self.listener = socket.create_server((HOST, 0))
        self.port = int(self.listener.getsockname()[1])
        self.url = f"http://{HOST}:{self.port}/"
        self.down = False
        self.stalled = False
        self._lock = threading.Lock()
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            try:
                if self.down:
                    raise OSError("network down")
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.add((client, upstream))
            threading.Thread(target=self._relay, args=(client, upstream), daemon=True).start()

    def _relay(self, a: socket.socket, b: socket.socket) -> None:
        try:
            while (a, b) in self._pairs:
                if self.stalled:
                    time.sleep(0.05)
                    continue
                for ready in select.select([a, b], [], [], 0.2)[0]:
                    data = ready.recv(65536)
                    if not data:
                        return
                    (b if ready is a else a).sendall(data)
        except OSError:
            pass
        finally:
            self._close(a, b)

    def _close(self, a: socket.socket, b: socket.socket) -> None:
        with self._lock:
            self._pairs.discard((a, b))
        for sock in (a, b):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def drop(self) -> None:
        self.down = True
        with self._lock:
            pairs = list(self._pairs)
        for a, b in pairs:
            self._close(a, b)

    def stall(self) -> None:
        self.stalled = True

    def restore(self) -> None:
        self.down = False
        self.stalled = False

    def close(self) -> None:
        self.drop()
        self.listener.close()
