"""Voila as the explainer serves it: stock Voila with the page handler behind the session cap.

server/launch.py runs this file instead of `python -m voila`; every setting still comes from
server/config/voila.py. The differences from stock Voila, about hostile or careless visitors
and about speed:

- the page handler is :class:`kernels.CappedPageHandler` (a calm 503 page past the cap);
- `/healthz` answers "ok" without starting a kernel (for load balancers);
- no log line carries a query string: a link's query holds a visitor's answers;
- the page's script chunks come as one script, built when the server starts (server/bundle.py).
"""

from __future__ import annotations

import logging
import re
import warnings
from typing import Any

import bundle
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from kernels import CappedPageHandler
from traitlets import Bool
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

__all__ = ["ExplainerVoila", "HealthHandler", "RedactQueries", "main"]

#: A path followed by a query string, as tornado writes requests into log lines.
_QUERY = re.compile(r"(/[^\s?]*)\?[^\s)]*")
#: The loggers that write request lines (tornado's access and error logs).
REQUEST_LOGGERS = ("tornado.access", "tornado.general", "tornado.application", "tornado.web")


class RedactQueries(logging.Filter):
    """Replace every query string in a log record with `?…`, so answers never reach a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message:
            record.msg, record.args = _QUERY.sub(r"\1?…", message), None
        return True


class HealthHandler(JupyterHandler):  # type: ignore[misc]  # untyped base
    """`GET /healthz`: "ok" while the server answers; starts no kernel, reveals nothing else."""

    def get(self) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish("ok\n")


class ExplainerVoila(Voila):  # type: ignore[misc]  # untyped base
    """Voila with the session cap in front of the page, query strings kept out of logs, and the
    page's script chunks sent as one script."""

    bundle_chunks = Bool(
        True,
        config=True,
        help="Send the page's script chunks as one script (server/bundle.py); False: one by one.",
    )

    def init_handlers(self) -> list[Any]:
        handlers = [_capped(spec) for spec in super().init_handlers()]
        health = (url_path_join(self.server_url, r"/healthz"), HealthHandler)
        if self.bundle_chunks:
            bundle.current = bundle.build(
                bundle.read_chunk_list(), self.static_paths, self.labextensions_path
            )
            if bundle.current is not None:
                self.log.info(
                    "Bundled %d script chunks (%.1f MiB gzipped), %d patched",
                    len(bundle.current.included),
                    len(bundle.current.gzipped) / 2**20,
                    len(bundle.current.patched),
                )
        return [health, bundle.route(self.server_url), *handlers]

    def start(self) -> None:
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


def main() -> None:
    # server/config/voila.py sets these two on purpose (no MathJax); Voila 0.5 warns at each start.
    warnings.filterwarnings(
        "ignore", r"Voila\.mathjax_(url|config) is deprecated", DeprecationWarning
    )
    ExplainerVoila.launch_instance()


if __name__ == "__main__":
    main()
