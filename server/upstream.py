"""Every contact with another project's internals, in one place, checked when the server starts.

The explainer leans on a few things Voila, Jupyter Server, tornado and ipywidgets do not promise
to keep: private attributes, a template block it copies, the first steps of a method it repeats,
and text its scripts look for. A release that renames one of them would not raise an error: a
guard would quietly stop working (the session cap counting pool kernels as visitors, the cap's
page handler not installed, a lost connection not shown). So
:func:`problems` checks them all on the running app's own objects when the server starts
(server/voila_app.py), and the server refuses to start with one line naming what changed.
`make upgrade-check` runs the same check against the newest releases. The contacts, and where
they are used:

- Voila's ``start()`` calling ``init_settings()``, ``init_handlers()`` and ``listen()``, which
  server/voila_app.py extends (the cap, the calm pages, compression, warm kernels, this check):
  checked first, by :func:`hook_problems`;
- Voila's ``_pools`` (the preheated kernels, tasks per notebook) and Jupyter Server's
  ``_kernels``, ``_pending_kernels`` and ``allowed_message_types``: server/kernels.py's session
  count, culling and message filter;
- tornado's ``RequestHandler._headers_written``: the busy page only when nothing was sent yet;
- jupyter_client's local provisioner adding ``extra_arguments`` to a kernel's command line:
  server/kernels.py starts every kernel with IPython's history off through it;
- the first steps of tornado's ``StaticFileHandler.get``, which server/assets.py repeats before
  it sends a file compressed;
- ``TornadoVoilaHandler`` among Voila's routes: replaced by the capped page handler;
- the preheated pool's filling: ``fill_if_needed``, ``kernel_pools_config``, a pool task's
  ``kernel_id``, when a request is served from the pool (``should_use_rendered_notebook``, with
  the manager's ``notebook_data`` and ``get_pool_size``) and the ``RequestInfoSocketHandler``
  route, through which server/warm.py keeps kernels warm (Voila starts them, warm.py decides how
  many and when);
- the preheated kernel's protocol (``voila.utils.ENV_VARIABLE``, the ``voila/query/``
  websocket), which explainer/request.py speaks without importing voila;
- the lab template's ``body_loop`` (copied into ours);
- the page's widget front end (frontend/, built from ipywidgets' and Jupyter's npm packages):
  built, speaking the kernel's widget versions, and holding the text connection.js looks for
  (:data:`PAGE_TEXT`). Its changes to ipywidgets' code are checked when it is built
  (frontend/build.mjs).

server/kernels.py reads the private attributes only through the accessors below; the page's
scripts (explainer.js, connection.js), the template's copied cell loop and explainer/request.py
(which speaks Voila's preheated-kernel protocol without importing voila) rely only on what is
checked here.
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "NO_REFILL",
    "PAGE_TEXT",
    "add_to_pool",
    "headers_written",
    "hook_problems",
    "kernels",
    "pending_kernels",
    "pool",
    "pool_kernel_id",
    "problems",
    "refusal",
    "served_from_pool",
    "static_file_path",
]


#: What static/connection.js relies on finding in the widget front end's upstream code
#: (ipywidgets' controls and base, Jupyter's kernel services), built into static/widgets.js.
PAGE_TEXT = {
    b"jupyter-widgets-disconnected": "connection.js: the mark of a view whose kernel is gone",
    b"jupyter-button": "connection.js: the buttons it disables when the kernel is lost",
    b"widget-checkbox": "connection.js: the tick boxes it disables when the kernel is lost",
    b"widget-radio-box": "connection.js: the choices it disables when the kernel is lost",
    b'"channels': "connection.js: the kernel's websocket (/api/kernels/<id>/channels)",
}

#: sha256 (first 16 hex digits) of Voila's lab template `body_loop` block, which the explainer
#: template copies (Jinja streams a page only with the cell loop in the template itself).
#: A different value: Voila changed the loop; compare it with the copy, then update this.
BODY_LOOP_SHA256 = "b3f6a5fd9a39131b"
_BODY_LOOP = re.compile(rb"\{%-? block body_loop -?%\}.*?\{%-? endblock body_loop -?%\}", re.S)


# -- The accessors server/kernels.py reads the private attributes through ------------------------


def kernels(manager: Any) -> dict[str, Any]:
    """The kernel manager's kernels by id (jupyter_server's `_kernels`)."""
    return manager._kernels  # type: ignore[no-any-return]


def pending_kernels(manager: Any) -> dict[str, Any]:
    """Kernels being started, by id (jupyter_server's `_pending_kernels`)."""
    return manager._pending_kernels  # type: ignore[no-any-return]


def pool(manager: Any) -> list[Any]:
    """The preheated kernels waiting for the served notebook, as tasks (voila's `_pools`);
    empty without preheating."""
    pools: dict[str, list[Any]] | None = getattr(manager, "_pools", None)
    if pools is None:
        return []
    return pools.get(getattr(manager, "notebook_path", None) or "", [])


def served_from_pool(handler: Any, manager: Any) -> bool:
    """Whether Voila will hand this page request the pool's first kernel: Voila's own rule
    (`should_use_rendered_notebook`), asked with what Voila's page handler gives it (checked by
    :func:`_check_pool_choice`)."""
    path = getattr(manager, "notebook_path", None) or ""
    return bool(
        handler.should_use_rendered_notebook(
            manager.notebook_data.get(path, {}),
            manager.get_pool_size(path),
            handler.get_argument("template", None),
            handler.get_argument("theme", None),
            handler.request.arguments,
        )
    )


def pool_kernel_id(task: Any) -> str | None:
    """The kernel id of a pool task that has its kernel (voila's `_initialize` result); None
    while it starts, or when it failed."""
    if not task.done() or task.cancelled() or task.exception() is not None:
        return None
    result = task.result()
    kernel_id = result.get("kernel_id") if isinstance(result, dict) else None
    return kernel_id if isinstance(kernel_id, str) else None


#: Voila's pool size setting, as server/config/voila.py leaves it: no refill of Voila's own.
NO_REFILL = {"default": {"pool_size": 0}}


def add_to_pool(manager: Any, count: int) -> None:
    """Start `count` more preheated kernels for the served notebook, now (voila's
    `fill_if_needed`, which starts kernels up to the configured pool size: asked for exactly
    these, then set back to no refill of its own, which server/warm.py decides)."""
    size = len(pool(manager)) + count
    manager.kernel_pools_config = {"default": {"pool_size": size}}
    try:
        manager.fill_if_needed(delay=0, notebook_name=manager.notebook_path)
    finally:
        manager.kernel_pools_config = NO_REFILL


def static_file_path(handler: Any, path: str) -> str | None:
    """tornado's StaticFileHandler.get, its first steps: the file this request names, checked
    (a 403 or 404 is raised for one outside the roots or missing), or None when the handler has
    answered already (a redirect). server/assets.py runs them before it sends a compressed file;
    :func:`_check_static_get` checks that tornado still begins `get` with exactly these."""
    handler.path = handler.parse_url_path(path)
    absolute = handler.get_absolute_path(handler.root, handler.path)
    handler.absolute_path = handler.validate_absolute_path(handler.root, absolute)
    return handler.absolute_path  # type: ignore[no-any-return]


def headers_written(handler: Any) -> bool:
    """Whether the handler has sent its headers (tornado's `_headers_written`)."""
    return bool(handler._headers_written)


# -- The checks -------------------------------------------------------------------------------


def hook_problems(voila_class: Any) -> list[str]:
    """Checked first, in start(): the rest of the check runs inside these two hooks, so if Voila
    stopped calling them nothing else would be checked (or installed)."""
    source = inspect.getsource(voila_class.start)
    return [
        f"voila: Voila.start no longer calls self.{hook}() (the explainer's cap, pages, warm "
        "kernels and start check hang on it)"
        for hook in ("init_settings", "init_handlers", "listen")
        if f"self.{hook}()" not in source
    ]


def _check_kernel_manager(manager: Any, preheat: bool) -> Iterable[str]:
    for name in ("_kernels", "_pending_kernels"):
        if not isinstance(getattr(manager, name, None), dict):
            yield f"jupyter_server: the kernel manager has no dict {name}"
    if "allowed_message_types" not in type(manager).class_traits():
        yield "jupyter_server: the kernel manager has no allowed_message_types setting"
    if preheat:
        pools = getattr(manager, "_pools", None)
        if not isinstance(pools, dict):
            yield "voila: the preheating kernel manager has no dict _pools"
        elif not isinstance(getattr(manager, "notebook_path", None), str):
            yield "voila: the preheating kernel manager has no notebook_path"
        elif not all(isinstance(task, asyncio.Future) for task in pool(manager)):
            yield "voila: the preheated pool no longer holds tasks"
        yield from _check_pool_filling(manager)
        yield from _check_pool_choice(manager)


#: The parameters :func:`served_from_pool` passes to voila's rule, in their order.
POOL_CHOICE = ("notebook_data", "pool_size", "template_name", "theme", "request_args")


def _check_pool_choice(manager: Any) -> Iterable[str]:
    """What :func:`served_from_pool` asks of voila: its page handler's rule, with the kernel
    manager's rendered notebooks and pool size."""
    from voila.handler import VoilaHandler

    choose = getattr(VoilaHandler, "should_use_rendered_notebook", None)
    params = tuple(inspect.signature(choose).parameters)[1:] if callable(choose) else ()
    if params != POOL_CHOICE:
        yield (
            f"voila: VoilaHandler.should_use_rendered_notebook{POOL_CHOICE} changed "
            "(upstream.served_from_pool asks it)"
        )
    if not isinstance(getattr(manager, "notebook_data", None), dict):
        yield "voila: the preheating kernel manager has no dict notebook_data"
    if not callable(getattr(manager, "get_pool_size", None)):
        yield "voila: the preheating kernel manager has no get_pool_size(notebook)"


def _check_pool_filling(manager: Any) -> Iterable[str]:
    """What :func:`add_to_pool` and :func:`pool_kernel_id` rely on (server/warm.py)."""
    fill = getattr(manager, "fill_if_needed", None)
    params = inspect.signature(fill).parameters if callable(fill) else {}
    if not {"delay", "notebook_name"} <= set(params):
        yield "voila: the kernel manager has no fill_if_needed(delay, notebook_name)"
    if "kernel_pools_config" not in type(manager).class_traits():
        yield "voila: the kernel manager has no kernel_pools_config setting"
    elif manager.kernel_pools_config != NO_REFILL:
        yield "voila: kernel_pools_config is not the no-refill setting server/warm.py expects"
    initialize = getattr(manager, "_initialize", None)
    source = inspect.getsource(initialize) if callable(initialize) else ""
    if '"kernel_id": kernel_id' not in source:
        yield "voila: a preheated pool task no longer gives its kernel_id"


def _check_tornado() -> Iterable[str]:
    from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine
    from tornado.web import Application, RequestHandler

    class _Connection:  # the one call a handler makes on its connection when created
        def set_close_callback(self, callback: Callable[[], None] | None) -> None:
            pass

    start_line = RequestStartLine("GET", "/", "HTTP/1.1")
    request = HTTPServerRequest(
        connection=_Connection(),  # type: ignore[arg-type]
        start_line=start_line,
        headers=HTTPHeaders({"Host": "127.0.0.1"}),
    )
    handler = RequestHandler(Application(), request)
    if not isinstance(getattr(handler, "_headers_written", None), bool):
        yield "tornado: RequestHandler has no _headers_written"


#: The first statements of tornado's StaticFileHandler.get that :func:`static_file_path` repeats.
_STATIC_GET_START = (
    "self.path = self.parse_url_path(path)",
    "absolute_path = self.get_absolute_path(self.root, self.path)",
    "self.absolute_path = self.validate_absolute_path(self.root, absolute_path)",
    "if self.absolute_path is None:",
    "self.modified = self.get_modified_time()",
    "self.set_headers()",
    "if self.should_return_304():",
)


def _check_kernel_arguments() -> Iterable[str]:
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    source = inspect.getsource(LocalProvisioner.pre_launch)
    if 'kwargs.pop("extra_arguments"' not in source:
        yield (
            "jupyter_client: LocalProvisioner.pre_launch no longer takes extra_arguments "
            "(server/kernels.py turns kernels' history off with them)"
        )


def _check_static_get() -> Iterable[str]:
    from tornado.web import StaticFileHandler

    source = inspect.getsource(StaticFileHandler.get)
    lines = [line.strip() for line in source.splitlines()]
    positions = [lines.index(step) if step in lines else -1 for step in _STATIC_GET_START]
    if -1 in positions or positions != sorted(positions):
        yield (
            "tornado: StaticFileHandler.get no longer begins as server/assets.py repeats it "
            "(upstream.static_file_path)"
        )


def _check_frontend(static: Path) -> Iterable[str]:
    """The page's widget front end (frontend/, built into the template's static folder) is
    there, and speaks the widget protocol and model versions of the Python ipywidgets the
    kernels run: other versions would draw no widget."""
    import json

    from ipywidgets import _version

    manifest = static / "widgets.json"
    if not (static / "widgets.js").is_file() or not manifest.is_file():
        yield (
            f"the page's widget front end is not built ({static / 'widgets.js'}): `make serve` "
            "builds it from frontend/"
        )
        return
    built = json.loads(manifest.read_text(encoding="utf-8"))
    protocol = ".".join(_version.__protocol_version__.split(".")[:1])
    expected = {
        "base": _version.__jupyter_widgets_base_version__,
        "controls": _version.__jupyter_widgets_controls_version__,
    }
    for name, version in expected.items():
        if built.get(name) != version:
            yield (
                f"ipywidgets: the kernel's widgets are {name} {version}, the page's front end "
                f"(frontend/package.json) draws {name} {built.get(name)}"
            )
    if str(built.get("protocol", "")).split(".")[0] != protocol:
        yield (
            f"ipywidgets: the kernel speaks widget protocol {_version.__protocol_version__}, the "
            f"page's front end protocol {built.get('protocol')}"
        )


def _check_kernel_protocol(routes: Sequence[str], preheat: bool) -> Iterable[str]:
    from voila.utils import ENV_VARIABLE

    from explainer import request

    ours = {
        request.PREHEAT, request.KERNEL_ID, request.APP_IP, request.APP_PORT,
        request.SERVER_URL, request.WS_PROTOCOL, request.WS_BASE_URL, request.QUERY_STRING,
    }  # fmt: skip
    theirs = {str(item.value) for item in ENV_VARIABLE}
    if ours - theirs:
        yield f"voila: the kernel's environment no longer has {sorted(ours - theirs)}"
    if preheat and not any("/voila/query/" in route for route in routes):
        yield "voila: no voila/query/<kernel id> websocket (a preheated kernel's request)"


def _check_templates(template_paths: Sequence[str]) -> Iterable[str]:
    lab = _first(template_paths, "index.html.j2", must_hold=b"block body_loop")
    if lab is None:
        yield "voila: the lab template's index.html.j2 with a body_loop block was not found"
    else:
        block = _BODY_LOOP.search(lab.read_bytes())
        digest = hashlib.sha256(block.group(0)).hexdigest()[:16] if block else "none"
        if digest != BODY_LOOP_SHA256:
            yield (
                f"voila: the lab template's cell loop changed ({lab}, body_loop {digest}, "
                f"copied from {BODY_LOOP_SHA256})"
            )


def _first(paths: Sequence[str], name: str, must_hold: bytes = b"") -> Path | None:
    for folder in paths:
        candidate = Path(folder) / name
        if candidate.is_file() and must_hold in candidate.read_bytes():
            return candidate
    return None


def _check_page_text(static: Path) -> Iterable[str]:
    """Every text in PAGE_TEXT in the built widget front end."""
    script = static / "widgets.js"
    data = script.read_bytes() if script.is_file() else b""
    for text, why in PAGE_TEXT.items():
        if text not in data:
            yield f"the page's widget code no longer holds {text.decode()!r} ({why})"


def problems(
    manager: Any,
    preheat: bool,
    swapped_handlers: int,
    routes: Sequence[str],
    template_paths: Sequence[str],
    static: Path,
    waiting_handlers: int = 1,
) -> list[str]:
    """What changed upstream, one line each; empty when every contact holds.

    `manager` is the app's kernel manager, `swapped_handlers` how many of Voila's routes had
    its page handler (replaced by the capped one), `routes` the routes' patterns,
    `template_paths` the templates ours extends, `static` our template's static folder,
    where the widget front end is built, and `waiting_handlers` how many routes had Voila's
    voila/query websocket (replaced by server/warm.py's).
    """
    found: list[str] = []
    found += _check_kernel_manager(manager, preheat)
    found += _check_tornado()
    found += _check_kernel_arguments()
    found += _check_static_get()
    found += _check_kernel_protocol(routes, preheat)
    if swapped_handlers != 1:
        found.append(
            f"voila: TornadoVoilaHandler served {swapped_handlers} routes, not 1 "
            "(the session cap and the one-page rule depend on replacing it)"
        )
    if preheat and waiting_handlers != 1:
        found.append(
            f"voila: RequestInfoSocketHandler served {waiting_handlers} routes, not 1 (the warm "
            "pool learns which kernels wait for a visitor by replacing it)"
        )
    found += _check_templates(template_paths)
    frontend = list(_check_frontend(static))
    found += frontend or _check_page_text(static)
    return found


def refusal(found: Sequence[str]) -> str:
    """The one line the server stops with."""
    more = f" (and {len(found) - 1} more, in the log above)" if len(found) > 1 else ""
    return (
        f"The server did not start: an upstream project changed: {found[0]}{more}. "
        "See server/upstream.py."
    )
