"""The container image (issue 20), run with podman as a clinic's IT would run it.

`make test-image` builds the image (`make image`) and runs these; `make test` leaves them out
(marker `image`): building takes minutes and needs podman. The last run's output is kept in
docs/image-test.md.

Each container runs as `make serve-image` runs it: a read-only root with a writable /tmp only,
runc, the host's network, and a port on 127.0.0.1. The failover test puts two containers behind
nginx with the same sticky configuration `make serve WORKERS=N` writes (server/workers.py), kills
one, and requires what issue 14 requires of a lost kernel: the calm notice, and "Reload with my
answers" landing on the survivor with the same answers.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Browser, BrowserContext
from test_connection import (
    NOTICE_WITHIN_S,
    assert_it_works,
    assert_lost_calmly,
    assert_never_mismatched,
    click_if_enabled,
    follow_reload_link,
    kernel_of,
    on_screen,
    open_watched,
    reload_link,
    wait_for_notice,
    watch_frames,
)
from voila_harness import HOST, Dashboard, Server

from explainer import Content
from explainer.links import build_query
from server import workers
from server.sizing import SERVER_MB, SESSION_MB, sessions_for

pytestmark = [pytest.mark.image, pytest.mark.browser]

IMAGE = os.environ.get("IMAGE", "localhost/second-opinion-explainer:latest")
#: As the Makefile's RUN_OPTS and `make serve-image`: what podman needs on a machine like this.
RUN = [
    "--read-only",
    "--tmpfs=/tmp:rw,mode=1777,size=512m",
    "--runtime=runc",
    "--network=host",
    "--ulimit=nofile=1024:1024",
    "--ulimit=nproc=1024:1024",
]
START_TIMEOUT_S = 120
#: Kernels shut down on SIGTERM in a few seconds; podman's own grace period is longer, so a stop
#: that needed SIGKILL shows as an exit code of 137, not as a slow test.
STOP_GRACE_S = 30
MY_PORTS = range(18840, 18897, 3)


def podman(
    *args: str, check: bool = True, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["podman", *args], capture_output=True, text=True, check=check, timeout=timeout
    )


@dataclass
class Container:
    """A container of the image: its id, address and the host's pid of its process 1 (tini)."""

    cid: str
    url: str

    def inspect(self, field: str) -> str:
        return podman("inspect", "--format", "{{" + field + "}}", self.cid).stdout.strip()

    def server(self) -> Server:
        """The container's processes as the e2e harness sees a server (kernels by id)."""
        return Server(url=self.url, pid=int(self.inspect(".State.Pid")), log=Path(os.devnull))

    def logs(self) -> tuple[str, str]:
        out = podman("logs", self.cid)
        return out.stdout, out.stderr

    def health(self) -> dict[str, object]:
        with urllib.request.urlopen(self.url + "healthz", timeout=5) as response:
            return dict(json.loads(response.read()))

    def remove(self) -> None:
        podman("rm", "--force", "--time=0", self.cid, check=False)


def start(port: int, *options: str, **env: str) -> Container:
    """A container of the image on 127.0.0.1:`port`, once /healthz answers."""
    settings = {"PORT": str(port), "BIND_ADDRESS": HOST, **env}
    options += tuple(f"--env={key}={value}" for key, value in settings.items())
    name = f"explainer-test-{uuid.uuid4().hex[:8]}"
    cid = podman("run", "--detach", f"--name={name}", *RUN, *options, IMAGE).stdout.strip()
    container = Container(cid=cid, url=f"http://{HOST}:{port}/")
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if container.inspect(".State.Running") != "true":
            out, err = container.logs()
            container.remove()
            pytest.fail(f"the container stopped while starting:\n{out}\n{err}")
        with contextlib.suppress(OSError):
            container.health()
            return container
        time.sleep(0.5)
    out, err = container.logs()
    container.remove()
    pytest.fail(f"the container did not answer /healthz within {START_TIMEOUT_S} s:\n{out}{err}")


def free_ports(count: int) -> int:
    """The first of `count` consecutive free ports on 127.0.0.1."""
    for base in MY_PORTS:
        try:
            for port in range(base, base + count):
                with socket.socket() as sock:
                    sock.bind((HOST, port))
            return base
        except OSError:
            continue
    pytest.fail(f"no {count} free ports in {MY_PORTS.start}-{MY_PORTS.stop}")


def get(url: str) -> tuple[int, dict[str, str], str]:
    """Status, headers (a repeated one's values joined: Set-Cookie) and body."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, _headers(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, _headers(error.headers), error.read().decode()


def _headers(message: Message) -> dict[str, str]:
    return {name: "\n".join(message.get_all(name) or []) for name in set(message.keys())}


def tree_mb(pid: int, kind: str) -> float:
    """Memory of a process and everything under it, in MB (`rss` or `uss`)."""
    total = 0
    for proc in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += getattr(proc.memory_full_info(), kind)
    return total / 1e6


@pytest.fixture(scope="module")
def image() -> str:
    """The image `make image` built; missing podman or image fails, never skips."""
    if shutil.which("podman") is None:
        pytest.fail(
            "podman is not installed: `make test-image` installs it (setup/system-packages)"
        )
    if podman("image", "exists", IMAGE, check=False).returncode != 0:
        pytest.fail(f"no image {IMAGE}: run `make image` (or `make test-image`, which builds it)")
    return IMAGE


@pytest.fixture(scope="module")
def container(image: str) -> Iterator[Container]:
    running = start(free_ports(1), MAX_SESSIONS="6")
    yield running
    running.remove()


# -- The image --------------------------------------------------------------------------------


def test_the_image_runs_as_a_non_root_user_with_the_runtime_only(image: str) -> None:
    user = podman("image", "inspect", "--format", "{{.Config.User}}", image).stdout.strip()
    assert user == "10001:10001"
    probe = (
        "id -u; id -g; for tool in gcc cc make pip pip3 pytest npm node; do command -v $tool; done; "
        "for module in pip pytest playwright ruff mypy nbval; do "
        'python -c "import $module" 2>/dev/null && echo "$module importable"; done; true'
    )
    out = podman("run", "--rm", *RUN, "--entrypoint=/bin/sh", image, "-c", probe)
    assert out.stdout.split() == ["10001", "10001"], f"more than the runtime:\n{out.stdout}"


def test_it_serves_the_page_health_and_metrics(container: Container) -> None:
    status, headers, body = get(container.url)
    assert status == 200 and 'class="explainer' in body
    assert "default-src 'self'" in headers.get("Content-Security-Policy", "")
    health = container.health()
    assert health["status"] == "up" and health["cap"] == 6
    assert isinstance(health["sessions"], int) and 0 <= health["sessions"] <= 6 + 2
    status, headers, metrics = get(container.url + "metrics")
    gauges = dict(line.split() for line in metrics.splitlines() if not line.startswith("#"))
    assert status == 200 and gauges["explainer_sessions_cap"] == "6"
    assert "explainer_sessions_in_use" in gauges


def test_it_logs_to_stdout_and_no_line_holds_a_query(container: Container) -> None:
    marker = "answer" + uuid.uuid4().hex[:12]
    get(container.url + f"?rare_cancer=yes&{marker}=1")
    assert get(container.url + f"no-such-page?{marker}=1")[0] == 404
    out, err = container.logs()
    assert "Serving the dashboard" in out and "404 GET /no-such-page?…" in out
    assert err == "", f"the container wrote to stderr:\n{err}"
    assert marker not in out


def test_only_tmp_is_writable(container: Container) -> None:
    assert container.inspect(".HostConfig.ReadonlyRootfs") == "true"
    refused = podman("exec", container.cid, "touch", "/opt/explainer/app/x", check=False)
    assert refused.returncode != 0 and "Read-only file system" in refused.stderr
    assert podman("exec", container.cid, "touch", "/tmp/x", check=False).returncode == 0
    # Nothing grows in /tmp with each visitor: the kernels keep no IPython history.
    get(container.url)
    found = podman("exec", container.cid, "find", "/tmp", "-name", "history.sqlite").stdout
    assert found == ""


def test_workers_share_the_container_behind_its_own_nginx(image: str) -> None:
    """WORKERS=2 in one container (as `make serve WORKERS=2`): nginx, run by the non-root user on
    the read-only root, in front of two workers that split the cap."""
    port = free_ports(3)
    container = start(port, WORKERS="2", MAX_SESSIONS="6")
    try:
        status, headers, _ = get(container.url)
        assert status == 200 and workers.ROUTE_COOKIE in headers.get("Set-Cookie", "")
        assert container.health()["cap"] == 3  # the worker nginx asked: its half
        out, _ = container.logs()
        assert f"2 workers on ports {port + 1}-{port + 2} behind nginx" in out
    finally:
        container.remove()


def test_without_a_cap_it_sizes_itself_to_the_containers_memory_limit(image: str) -> None:
    """As a Kubernetes pod with a memory limit and no MAX_SESSIONS: the cap comes from the limit,
    not from the host's memory, so the busy page shows before the OOM killer takes a kernel."""
    container = start(free_ports(1), "--memory=2g", "--user=10001:10001")
    try:
        assert container.health()["cap"] == sessions_for(2 * 1024**3)
    finally:
        container.remove()


# -- Stopping -----------------------------------------------------------------------------------


def test_sigterm_ends_every_kernel_then_the_container(image: str, browser: Browser) -> None:
    container = start(free_ports(1), MAX_SESSIONS="4")
    try:
        context = browser.new_context()
        dashboard = Dashboard(context.new_page()).open(container.url)
        server = container.server()
        kernels = server.kernel_pids()
        assert dashboard.kernel_id() in kernels and len(kernels) >= 2  # the visitor's and the pool
        processes = [server.pid, *(p.pid for p in psutil.Process(server.pid).children(True))]
        started = time.monotonic()
        podman("stop", f"--time={STOP_GRACE_S}", container.cid, timeout=STOP_GRACE_S + 30)
        took = time.monotonic() - started
        context.close()
        assert container.inspect(".State.ExitCode") == "0", "the container did not stop cleanly"
        assert took < STOP_GRACE_S - 5, f"stopping took {took:.1f} s"
        left = [pid for pid in processes if _alive(pid)]
        assert left == [], f"processes left after the container stopped: {left}"
        out, _ = container.logs()
        for kernel in kernels:
            assert f"Kernel shutdown: {kernel}" in out, f"kernel {kernel} was not shut down"
        print(f"SIGTERM: {len(kernels)} kernels shut down, the container stopped in {took:.1f} s")
    finally:
        container.remove()


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# -- Memory per container -----------------------------------------------------------------------


def test_per_container_memory_stays_within_the_sizing_plan(image: str, browser: Browser) -> None:
    """Figures for docs/deploy.md: the container at rest (server and pool), then with visitors;
    each visitor within the 120 MB server/sizing.py plans."""
    container = start(free_ports(1), MAX_SESSIONS="8")
    contexts: list[BrowserContext] = []
    try:
        pid = container.server().pid
        time.sleep(5)  # the pool settles
        rest = tree_mb(pid, "rss"), tree_mb(pid, "uss")
        visitors = 4
        for _ in range(visitors):
            contexts.append(browser.new_context())
            Dashboard(contexts[-1].new_page()).open(container.url + "?rare_cancer=yes")
        time.sleep(5)  # the pool refills
        busy = tree_mb(pid, "rss"), tree_mb(pid, "uss")
        per_visitor = (busy[1] - rest[1]) / visitors
        print(
            f"memory: at rest {rest[0]:.0f} MB RSS / {rest[1]:.0f} MB USS; with {visitors} visitors "
            f"{busy[0]:.0f} MB RSS / {busy[1]:.0f} MB USS; {per_visitor:.0f} MB USS per visitor"
        )
        assert rest[1] <= SERVER_MB + 2 * SESSION_MB + 100, "the server and its pool grew"
        assert per_visitor <= SESSION_MB, "a visitor costs more than server/sizing.py plans"
    finally:
        for context in contexts:
            context.close()
        container.remove()


# -- Two containers behind nginx, one killed ----------------------------------------------------


@dataclass
class Visitor:
    context: BrowserContext
    dashboard: Dashboard
    sockets: list[str]
    kernel: str


def test_a_killed_container_sends_its_visitors_to_the_survivor_with_their_answers(
    image: str, browser: Browser, content: Content
) -> None:
    port = free_ports(3)
    url = f"http://{HOST}:{port}/"
    folder = Path(tempfile.mkdtemp(prefix="explainer-image-nginx-"))
    pair: list[Container] = []
    nginx: subprocess.Popen[bytes] | None = None
    visitors: list[Visitor] = []
    try:
        pair = [start(port + 1, MAX_SESSIONS="6"), start(port + 2, MAX_SESSIONS="6")]
        conf = folder / "nginx.conf"
        conf.write_text(workers.nginx_config(HOST, port, [port + 1, port + 2], folder))
        errors = (folder / "nginx.err").open("wb")
        nginx = subprocess.Popen(
            [
                workers.NGINX,
                "-e",
                "stderr",
                "-p",
                str(folder),
                "-c",
                str(conf),
                "-g",
                "daemon off;",
            ],
            stderr=errors,
        )
        _wait_for(url)
        by_container: dict[int, list[Visitor]] = {0: [], 1: []}
        for _ in range(12):
            visitor = _visit(browser, url, content)
            visitors.append(visitor)
            by_container[_which(pair, visitor.kernel)].append(visitor)
            if all(by_container.values()) and len(visitors) >= 3:
                break
        assert all(by_container.values()), "every visitor went to the same container"
        print(f"visitors per container: {[len(v) for v in by_container.values()]}")

        podman("kill", "--signal=KILL", pair[0].cid)
        for visitor in by_container[0]:  # the killed container's: notice, then the survivor
            page = visitor.dashboard.page
            clicked = time.monotonic()
            click_if_enabled(visitor.dashboard, "doubts_about_doctor")
            wait_for_notice(page, NOTICE_WITHIN_S - (time.monotonic() - clicked))
            assert_lost_calmly(page, content)
            assert_never_mismatched(page)
            answers = on_screen(visitor.dashboard, content)
            assert reload_link(page) == "?" + build_query(answers, content)  # type: ignore[arg-type]
            dashboard = follow_reload_link(page, content)
            assert on_screen(dashboard, content) == answers
            assert dashboard.kernel_id() in pair[1].server().kernel_pids(), "not on the survivor"
            assert_it_works(dashboard, content)
        for visitor in by_container[1]:  # the survivor's: nothing happened
            page = visitor.dashboard.page
            assert page.locator(".connection-lost").count() == 0 or not (
                page.locator(".connection-lost").is_visible()
            )
            assert_it_works(visitor.dashboard, content)
            assert kernel_of(visitor.sockets) == visitor.kernel, "a survivor's page reconnected"
            watch_frames(page, content)
        # nginx met a dead upstream many times over: none of its lines holds a visitor's answers.
        logged = (folder / "nginx.err").read_text(errors="replace")
        assert "rare_cancer" not in logged and "doubts_about_doctor" not in logged, logged
    finally:
        for visitor in visitors:
            visitor.context.close()
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=20)
        for container in pair:
            container.remove()
        shutil.rmtree(folder, ignore_errors=True)


def _visit(browser: Browser, url: str, content: Content) -> Visitor:
    context = browser.new_context()
    page = context.new_page()
    dashboard, sockets = open_watched(page, url + "?rare_cancer=yes", content)
    assert any(c["name"] == workers.ROUTE_COOKIE for c in context.cookies())
    dashboard.set_yes_no(
        "doctor_lacks_experience", True
    )  # the kernel websocket works through nginx
    return Visitor(context, dashboard, sockets, kernel_of(sockets))


def _which(pair: list[Container], kernel: str) -> int:
    owners = [i for i, container in enumerate(pair) if kernel in container.server().kernel_pids()]
    assert len(owners) == 1, f"kernel {kernel} runs in {len(owners)} containers"
    return owners[0]


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if get(url + "healthz")[0] == 200:
                return
        time.sleep(0.3)
    pytest.fail(f"nginx did not answer at {url}")
