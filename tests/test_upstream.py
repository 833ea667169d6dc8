"""server/upstream.py and what leans on it, on a real app object: the explainer's Voila app as
`make serve` configures it, set up as Voila's start() sets it up, without listening or running
a kernel. Then the cap's page handler over real HTTP, and the real launcher refusing to start
when an upstream attribute is renamed."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import ipywidgets
import pytest
import tornado.httpclient
import tornado.web
import voila.utils
from jupyter_client.provisioning.local_provisioner import LocalProvisioner
from tornado.httpserver import HTTPServer
from tornado.testing import bind_unused_port
from voila.tornado.handler import TornadoVoilaHandler
from voila.utils import ENV_VARIABLE

import explainer.request
from server import launch, upstream, voila_app
from server.kernels import CappedPageHandler, VisitorKernelManager

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")

# Voila's preheating schedules its pool's start on the loop when the app is made; these tests
# never run that loop (no kernel starts), so those coroutines are closed unawaited.
pytestmark = pytest.mark.filterwarnings(
    "ignore:coroutine '.*_initialize' was never awaited:RuntimeWarning"
)


def off_the_main_loop(work: Callable[[], T]) -> T:
    """`work()` in a thread where no event loop runs. The browser tests keep Playwright's loop
    running in the main thread, and Voila schedules its kernel pool on the loop it finds: there,
    the pool would start real kernels. In a fresh thread it gets a loop nothing runs."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()


@pytest.fixture
def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Any]]:
    """Makes the app as server/launch.py configures it, up to (not including) its handlers;
    afterwards cancels the pool it scheduled (never started)."""
    for name, value in launch.environment().items():
        monkeypatch.setenv(name, value)
    made: list[Any] = []

    def make(*options: str) -> Any:
        app = voila_app.ExplainerVoila()
        app.initialize(  # in the main thread: it sets signal handlers
            [
                str(launch.NOTEBOOK),
                f"--Voila.config_file_paths={launch.CONFIG_DIR}",
                f"--Voila.connection_dir_root={tmp_path}",
                *options,
            ]
        )
        app.connection_dir = str(tmp_path / f"connections-{len(made)}")
        Path(app.connection_dir).mkdir()
        settings = off_the_main_loop(app.init_settings)
        app.app = tornado.web.Application(**settings)
        made.append(app)
        return app

    yield make
    for app in made:
        tasks = list(upstream.pool(app.kernel_manager))
        if tasks:
            off_the_main_loop(lambda tasks=tasks: _cancel(tasks))


def _cancel(tasks: list[Any]) -> None:
    loop = tasks[0].get_loop()
    for task in tasks:
        task.cancel()
    loop.run_until_complete(asyncio.sleep(0))
    loop.close()


def test_every_upstream_contact_holds_on_the_pinned_releases(make_app) -> None:
    """The start check finds nothing to refuse with the pinned Voila, ipywidgets, Jupyter
    Server and tornado (init_handlers would exit otherwise)."""
    app = make_app()
    handlers = app.init_handlers()
    found = upstream.problems(
        app.kernel_manager,
        preheat=True,
        swapped_handlers=1,
        routes=[str(spec[0]) for spec in handlers],
        template_paths=[p for p in app.template_paths if Path(p).name != "explainer"],
        static=voila_app.TEMPLATE.parent / "static",
    )
    assert found == []


def test_the_page_handler_is_replaced_by_the_capped_one(make_app) -> None:
    app = make_app()
    handlers = app.init_handlers()
    used = [spec[1] for spec in handlers if len(spec) > 1]
    assert used.count(CappedPageHandler) == 1
    assert TornadoVoilaHandler not in used


def test_the_session_count_leaves_out_ready_pool_kernels(make_app) -> None:
    """Visitor sessions: running and starting kernels, less the pool's ready ones, plus
    visitors who took a pool kernel still starting; on the real kernel manager's own dicts."""
    app = make_app()
    manager = app.kernel_manager
    assert isinstance(manager, VisitorKernelManager)
    for task in upstream.pool(manager):
        task.cancel()
    loop = asyncio.new_event_loop()  # never run: the futures are only read
    ready, starting = loop.create_future(), loop.create_future()
    ready.set_result({"kernel_id": "pool-1"})
    manager._pools[manager.notebook_path] = [ready, starting]
    manager._kernels.update({"visitor-1": object(), "visitor-2": object(), "pool-1": object()})
    assert manager.sessions() == 2
    manager._pending_kernels["visitor-3"] = loop.create_future()
    assert manager.sessions() == 3
    manager.reserved = 1
    assert manager.sessions() == 4
    assert not manager.next_pool_kernel_pending()  # the next visitor takes the ready one
    manager._pools[manager.notebook_path] = [starting]
    assert manager.next_pool_kernel_pending()
    manager.max_sessions = 4
    assert manager.is_full()


def test_the_capped_handler_sends_the_busy_page_and_starts_no_kernel(make_app) -> None:
    """Over real HTTP: past the cap, a 503 with Retry-After and the calm page; another path
    is a 404; no kernel is started for either."""
    app = make_app("--VoilaConfiguration.preheat_kernel=False")
    app.kernel_manager.max_sessions = 1
    app.kernel_manager._kernels["someone-else"] = object()
    app.app.add_handlers(".*$", app.init_handlers())
    sock, port = bind_unused_port()

    async def fetch(path: str) -> tornado.httpclient.HTTPResponse:
        client = tornado.httpclient.AsyncHTTPClient()
        return await client.fetch(f"http://127.0.0.1:{port}{path}", raise_error=False)

    async def run() -> tuple[Any, Any]:
        server = HTTPServer(app.app)
        server.add_sockets([sock])
        try:
            return await fetch("/"), await fetch("/some/other/page")
        finally:
            server.stop()

    busy, other = off_the_main_loop(lambda: asyncio.run(run()))
    assert busy.code == 503 and busy.headers["Retry-After"] == "60"
    assert "<html" in busy.body.decode() and "Traceback" not in busy.body.decode()
    assert other.code == 404
    assert list(app.kernel_manager._kernels) == ["someone-else"]


@pytest.mark.parametrize(
    "change, named",
    [
        ("rename_pools", "_pools"),
        ("rename_headers_written", "tornado: RequestHandler has no _headers_written"),
        ("no_page_handler", "TornadoVoilaHandler served 0 routes"),
        ("cell_loop", "cell loop changed"),
        ("page_text", "'not-in-any-script'"),
        ("widget_versions", "the kernel's widgets are controls 9.0.0"),
        ("kernel_protocol", "environment no longer has ['VOILA_KERNEL_ID']"),
        ("kernel_arguments", "LocalProvisioner.pre_launch no longer takes extra_arguments"),
    ],
)
def test_each_kind_of_upstream_change_is_named(make_app, monkeypatch, change, named) -> None:
    app = make_app()
    manager = app.kernel_manager
    if change == "rename_pools":
        manager._kernel_pools = manager.__dict__.pop("_pools")
    elif change == "rename_headers_written":
        original = tornado.web.RequestHandler.__init__

        def renamed(handler: Any, *args: Any, **kwargs: Any) -> None:
            original(handler, *args, **kwargs)
            handler._headers_sent = handler.__dict__.pop("_headers_written")

        monkeypatch.setattr(tornado.web.RequestHandler, "__init__", renamed)
    elif change == "no_page_handler":
        monkeypatch.setattr(voila_app, "TornadoVoilaHandler", type("Renamed", (), {}))
    elif change == "cell_loop":
        monkeypatch.setattr(upstream, "BODY_LOOP_SHA256", "0" * 16)
    elif change == "page_text":
        monkeypatch.setattr(upstream, "PAGE_TEXT", {b"not-in-any-script": "an example"})
    elif change == "widget_versions":
        monkeypatch.setattr(ipywidgets._version, "__jupyter_widgets_controls_version__", "9.0.0")
    elif change == "kernel_protocol":
        monkeypatch.setattr(explainer.request, "KERNEL_ID", "VOILA_KERNEL_ID")
        monkeypatch.setattr(
            voila.utils, "ENV_VARIABLE", [e for e in ENV_VARIABLE if e.name != "VOILA_KERNEL_ID"]
        )
    elif change == "kernel_arguments":

        async def pre_launch(provisioner: Any, **kwargs: Any) -> dict[str, Any]:
            return dict(kwargs)  # a release that no longer adds them to the command line

        monkeypatch.setattr(LocalProvisioner, "pre_launch", pre_launch)
    with pytest.raises(SystemExit) as stopped:
        app.init_handlers()
    line = str(stopped.value.code)
    assert "\n" not in line
    assert line.startswith("The server did not start: an upstream project changed: ")
    assert named in line


def test_voila_still_calls_the_hooks_the_explainer_extends() -> None:
    """The rest of the check runs inside init_settings and init_handlers, and the warm kernels
    start in listen: were Voila to stop calling them, start() says so before anything else."""
    from voila.app import Voila

    assert upstream.hook_problems(Voila) == []

    class Renamed(Voila):  # type: ignore[misc]
        def start(self) -> None:
            self.app = tornado.web.Application(**self.make_settings())

    assert upstream.hook_problems(Renamed) == [
        f"voila: Voila.start no longer calls self.{hook}() (the explainer's cap, pages, warm "
        "kernels and start check hang on it)"
        for hook in ("init_settings", "init_handlers", "listen")
    ]


def test_the_server_refuses_to_start_with_one_line_when_an_attribute_is_renamed(tmp_path) -> None:
    """The real launcher, with Voila's pool attribute renamed as a release might: the server
    exits before it listens, with one line naming what changed and no traceback."""
    (tmp_path / "sitecustomize.py").write_text(
        textwrap.dedent(
            """
            import voila.app

            _factory = voila.app.voila_kernel_manager_factory

            def _renamed(*args, **kwargs):
                base = _factory(*args, **kwargs)

                class Renamed(base):
                    def __init__(self, **kw):
                        super().__init__(**kw)
                        self._kernel_pools = self.__dict__.pop("_pools")

                return Renamed

            voila.app.voila_kernel_manager_factory = _renamed
            """
        )
    )
    env = {**launch.without_settings(os.environ), "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "server.launch", "--port=1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    output = done.stdout + done.stderr
    refusals = [line for line in output.splitlines() if "did not start" in line]
    assert refusals == [
        "The server did not start: an upstream project changed: voila: the preheating kernel "
        "manager has no dict _pools. See server/upstream.py."
    ]
    assert "Traceback" not in output and "is running at" not in output


@pytest.mark.parametrize("preheat", [True, False])
def test_the_group_request_is_served_only_where_kernels_are_kept_warm(make_app, preheat) -> None:
    """Without preheating no kernel is kept warm: "Get sessions ready" would promise sessions
    that never start, so the route is not there (the presenter is told the server did not
    answer)."""
    app = make_app(f"--VoilaConfiguration.preheat_kernel={preheat}")
    patterns = [spec[0] for spec in app.init_handlers()]
    assert any(p.endswith("/explainer/group") for p in patterns) is preheat
    assert any(p.endswith("/healthz") for p in patterns)
