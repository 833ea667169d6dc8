"""The visitor's query string, as Voila hands it to the kernel: at once, or to a preheated kernel.

This is Voila's documented protocol (`voila.utils.get_query_string`, pinned in
requirements.txt), spoken here without importing `voila`: `voila.utils` imports Jupyter Server,
JupyterLab Server and nbconvert into every visitor's kernel (docs/performance.md has the cost),
to read one string. A kernel started for a request has the request in its environment. A preheated
kernel (`VOILA_PREHEAT=True`) was started before any request: it asks the server's
`voila/query/<kernel id>` websocket, which answers once, with the request's environment, when a
visitor takes the kernel.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Mapping, MutableMapping

#: The environment variables Voila sets for a kernel (`voila.utils.ENV_VARIABLE`).
PREHEAT = "VOILA_PREHEAT"
KERNEL_ID = "VOILA_KERNEL_ID"
APP_IP = "VOILA_APP_IP"
APP_PORT = "VOILA_APP_PORT"
SERVER_URL = "VOILA_SERVER_URL"
WS_PROTOCOL = "VOILA_WS_PROTOCOL"
WS_BASE_URL = "VOILA_WS_BASE_URL"
QUERY_STRING = "QUERY_STRING"

#: Seconds to wait for the server to open the websocket (Voila's own helper waits 5).
OPEN_TIMEOUT_S = 5.0

Receive = Callable[[str], str]

log = logging.getLogger("explainer.request")


def query_url(env: Mapping[str, str]) -> str:
    """The websocket on which the server sends a preheated kernel its request, once."""
    protocol = env.get(WS_PROTOCOL, "ws")
    host = env.get(APP_IP, "127.0.0.1")
    port = env.get(APP_PORT, "8866")
    base = env.get(WS_BASE_URL, env.get(SERVER_URL, "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{env.get(KERNEL_ID, '')}"


def _receive(url: str) -> str:
    """The one message on `url`; OSError (ConnectionError, TimeoutError) when there is none."""
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    try:
        with connect(url, open_timeout=OPEN_TIMEOUT_S, close_timeout=1) as socket:
            message = socket.recv()
    except WebSocketException as error:
        raise ConnectionError(f"no request details from {url}: {error}") from error
    return message if isinstance(message, str) else message.decode("utf-8")


def preheated(env: Mapping[str, str]) -> bool:
    """Whether a kernel with this environment was started for Voila's pool, before any request
    (Voila sets "True" for those and "False" for a kernel started for a request)."""
    return env.get(PREHEAT) == "True"


def query_string(env: MutableMapping[str, str] | None = None, receive: Receive = _receive) -> str:
    """The visitor's query string ("" for none); a preheated kernel waits here for its visitor.

    The request's details go into the environment, as Voila's helper puts them, so the rest of
    the kernel sees the same request. The server sends them once: this must be the only wait.
    When they never come, it logs why and returns "", as Voila's helper does: the visitor gets
    the dashboard with no answers set rather than no dashboard.
    """
    env = os.environ if env is None else env
    if preheated(env):
        url = query_url(env)
        try:
            details = json.loads(receive(url))
        except (OSError, ValueError) as error:
            log.warning("No request details for this kernel from %s: %s", url, error)
            return ""
        env.update({str(k): str(v) for k, v in details.items()})
    return env.get(QUERY_STRING, "")
