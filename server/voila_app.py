"""Voila as the explainer serves it: stock Voila with the page handler behind the session cap.

server/launch.py runs this file instead of `python -m voila`; every setting still comes from
server/config/voila.py. The differences from stock Voila, about hostile or careless visitors
and about speed:

- the page handler is :class:`kernels.CappedPageHandler` (a calm 503 page past the cap);
- `/healthz` answers whether it is up, the sessions in use and the cap, as JSON, and `/metrics`
  the same two numbers for Prometheus (an autoscaler), both without starting a kernel;
- kernels are kept warm ahead of visitors, and for a group (server/warm.py; `POST
  /explainer/group` from the presenter's kernel);
- no log line carries a query string: a link's query holds a visitor's answers;
- every static file goes compressed, compressed once, and a hashed one is cached for a year
  (server/assets.py);
- every error page (a mistyped address, a server fault) is the calm one in server/pages/, not
  Voila's or Jupyter's (a CDN font link, "500 : Internal Server Error" and the error's text).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import sys
from pathlib import Path
from typing import Any, cast

import jinja2
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado.web import RequestHandler, StaticFileHandler
from tornado.websocket import WebSocketHandler
from voila.app import Voila
from voila.paths import collect_static_paths
from voila.request_info_handler import RequestInfoSocketHandler
from voila.tornado.handler import TornadoVoilaHandler

from explainer.server_pages import ErrorPages
from server import assets, upstream
from server.kernels import CappedPageHandler, VisitorKernelManager
from server.warm import GroupHandler, Keeper, WaitingKernels

__all__ = ["ExplainerVoila", "HealthHandler", "MetricsHandler", "RedactQueries", "main"]

#: A path followed by a query string, as tornado writes requests into log lines.
_QUERY = re.compile(r"(/[^\s?]*)\?[^\s)]*")
#: The loggers that write request lines (tornado's access and error logs).
REQUEST_LOGGERS = ("tornado.access", "tornado.general", "tornado.application", "tornado.web")
#: The server's own pages: error.html and 404.html come before Voila's and Jupyter's.
PAGES = Path(__file__).resolve().parent / "pages"
#: The page's template (server/jupyter/nbconvert/templates/explainer).
TEMPLATE = Path(__file__).resolve().parent / "jupyter/nbconvert/templates/explainer/index.html.j2"


class RedactQueries(logging.Filter):
    """Replace every query string in a log record with `?…`, so answers never reach a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message:
            record.msg, record.args = _QUERY.sub(r"\1?…", message), None
        return True


class HealthHandler(JupyterHandler):
    """`GET /healthz`: `{"status": "up", "sessions": 3, "cap": 147}` while the server answers, for
    load balancers and Kubernetes probes. A full server is up (200): it is full, not broken, and
    shows visitors the busy page. Starts no kernel, reveals nothing else."""

    def get(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        sessions, cap = _load(self.kernel_manager)
        self.finish(json.dumps({"status": "up", "sessions": sessions, "cap": cap}) + "\n")


class MetricsHandler(JupyterHandler):
    """`GET /metrics`: the same two numbers in Prometheus's text format, for a horizontal
    autoscaler on sessions in use (deploy/k8s/). Written by hand: two gauges do not need
    prometheus_client's registry, whose default one would also publish the process's details."""

    def get(self) -> None:
        self.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        sessions, cap = _load(self.kernel_manager)
        self.finish(
            "# HELP explainer_sessions_in_use Visitor sessions (kernels) in use.\n"
            "# TYPE explainer_sessions_in_use gauge\n"
            f"explainer_sessions_in_use {sessions}\n"
            "# HELP explainer_sessions_cap Visitor sessions this server takes before the busy page.\n"
            "# TYPE explainer_sessions_cap gauge\n"
            f"explainer_sessions_cap {cap}\n"
        )


def _load(manager: Any) -> tuple[int, int]:
    """Sessions in use and the cap (0 and 0 for a kernel manager without a cap)."""
    if isinstance(manager, VisitorKernelManager):
        return manager.sessions(), int(manager.max_sessions)
    return 0, 0


class CalmErrors:
    """For Voila's plain tornado handlers (its static files): the calm error page, as Jupyter
    Server's handlers write it, instead of tornado's bare "403: Forbidden"."""

    settings: dict[str, Any]

    def write_error(self, status_code: int, **_kwargs: Any) -> None:
        # error.html words every status (404.html exists only because Jupyter asks for it first).
        template = self.settings["jinja2_env"].get_template("error.html")
        page = template.render(status_code=status_code, base_url=self.settings.get("base_url", "/"))
        handler = cast(RequestHandler, self)
        handler.set_header("Content-Type", "text/html; charset=utf-8")
        handler.finish(page)


class ExplainerVoila(Voila):  # type: ignore[misc]  # untyped base
    """Voila with the session cap in front of the page, query strings kept out of logs,
    compressed static files and calm error pages."""

    def init_settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = super().init_settings()
        # Voila applies tornado_settings once the tornado app is made, too late for the few that
        # tornado reads when it is made (compress_response, server/config/voila.py).
        settings.update(self.tornado_settings)
        # Voila's page handler looks in its own environment first, other handlers (a static file,
        # an unknown path) in Jupyter Server's: both find our error pages before their own.
        envs = {id(env): env for env in (settings["voila_jinja2_env"], settings["jinja2_env"])}
        pages = ErrorPages.load()  # their words, read now: broken data stops the start
        for env in envs.values():
            env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(PAGES), env.loader])
            env.globals["explainer_error_page"] = pages  # server/pages/error.html writes it
        return settings

    def init_handlers(self) -> list[Any]:
        keeper = self._keeper()
        handlers = [
            assets.compressed(_calm(_capped(_noting_waits(spec, keeper))), (StaticFileHandler,))
            for spec in super().init_handlers()
        ]
        ours: list[tuple[Any, ...]] = [
            (url_path_join(self.server_url, r"/healthz"), HealthHandler),
            (url_path_join(self.server_url, r"/metrics"), MetricsHandler),
        ]
        if self.voila_configuration.preheat_kernel:  # without it, no kernel is kept warm
            path = url_path_join(self.server_url, r"/explainer/group")
            ours.append(_calm((path, GroupHandler, {"keeper": keeper})))
        self._refuse_if_upstream_changed(handlers)
        self._compress_page_files()
        return [*ours, *handlers]

    def listen(self) -> None:
        """Keep kernels warm from the moment the server serves (server/warm.py), not before: an
        app made but never served (the start check's tests) starts no kernel."""
        if self.voila_configuration.preheat_kernel:
            self._keeper().start()
        super().listen()

    def stop(self) -> None:
        """Stop keeping kernels warm before Voila shuts every kernel down (else the keeper
        would start new ones, or release some, in the middle of it)."""
        manager = self.kernel_manager
        if isinstance(manager, VisitorKernelManager):
            manager.keeper.stop()
        super().stop()

    def _keeper(self) -> Keeper:
        manager = self.kernel_manager
        if not isinstance(manager, VisitorKernelManager):
            sys.exit(
                "The server did not start: server/config/voila.py must name VisitorKernelManager"
            )
        return manager.keeper

    def _compress_page_files(self) -> None:
        """Compress the files the page loads now, not for its first visitor (server/assets.py)."""
        template_roots = collect_static_paths(
            ["voila", "nbconvert"], self.voila_configuration.template
        )
        files = assets.page_files(TEMPLATE, template_roots)
        count, size, packed = assets.warm(files)
        self.log.info(
            "Compressed the page's %d files: %.0f kB to %.0f kB", count, size / 1e3, packed / 1e3
        )

    def _refuse_if_upstream_changed(self, handlers: list[Any]) -> None:
        """Stop here, with one line, when something server/upstream.py relies on changed."""
        found = upstream.problems(
            self.kernel_manager,
            preheat=bool(self.voila_configuration.preheat_kernel),
            swapped_handlers=sum(1 for spec in handlers if spec[1:2] == (CappedPageHandler,)),
            waiting_handlers=sum(1 for spec in handlers if spec[1:2] == (WaitingKernels,)),
            routes=[str(spec[0]) for spec in handlers],
            template_paths=[p for p in self.template_paths if Path(p).name != "explainer"],
            static=TEMPLATE.parent / "static",
        )
        if not found:
            return
        for line in found[1:]:
            self.log.critical("Upstream change: %s", line)
        shutil.rmtree(self.connection_dir, ignore_errors=True)
        sys.exit(upstream.refusal(found))

    def start(self) -> None:
        found = upstream.hook_problems(Voila)
        if found:
            sys.exit(upstream.refusal(found))
        redact = RedactQueries()
        for name in (*REQUEST_LOGGERS, self.log.name):
            logging.getLogger(name).addFilter(redact)
        self.log.addFilter(redact)
        super().start()


def _capped(spec: tuple[Any, ...]) -> tuple[Any, ...]:
    """The same route, with Voila's page handler replaced by the capped one."""
    if len(spec) > 1 and spec[1] is TornadoVoilaHandler:
        return (spec[0], CappedPageHandler, *spec[2:])
    return spec


def _noting_waits(spec: tuple[Any, ...], keeper: Keeper) -> tuple[Any, ...]:
    """The same route, with Voila's voila/query websocket replaced by one that tells the keeper
    which kernels wait for a visitor."""
    if len(spec) > 1 and spec[1] is RequestInfoSocketHandler:
        return (spec[0], WaitingKernels, {"waiting": keeper.waiting})
    return spec


def _calm(spec: tuple[Any, ...]) -> tuple[Any, ...]:
    """The same route; a plain tornado handler gets the calm error page (JupyterHandler's own
    write_error already finds it, websockets and the JSON API answer no page)."""
    handler = spec[1] if len(spec) > 1 else None
    if (
        isinstance(handler, type)
        and issubclass(handler, RequestHandler)
        and not issubclass(handler, (JupyterHandler, WebSocketHandler))
    ):
        return (spec[0], type(handler.__name__, (CalmErrors, handler), {}), *spec[2:])
    return spec


def main() -> None:
    ExplainerVoila.launch_instance()


if __name__ == "__main__":
    main()
