"""Asking the server to have sessions ready for a group: "Expecting a group of about 25".

The presenter's kernel runs on the server, so it asks the server over loopback: the launcher
(server/launch.py) gives every kernel the addresses of the server's workers
(:data:`URLS`, one per worker) and a secret made for this run (:data:`TOKEN`) in their
environment. A visitor's browser can send a kernel widget messages only, never code, so it
never sees the secret; without it the server refuses the request.

Nothing a visitor entered is sent: only the group's size.
"""

from __future__ import annotations

import json
import logging
import math
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["MAX_GROUP", "TOKEN", "URLS", "GroupReply", "ask_for_group"]

#: The server's workers, as "http://127.0.0.1:8866/ http://127.0.0.1:8867/" (space-separated).
URLS = "EXPLAINER_GROUP_URLS"
#: The secret the server expects with a group request (made anew by each `make serve`).
TOKEN = "EXPLAINER_GROUP_TOKEN"
#: The largest group one request may ask for (a room, not a conference).
MAX_GROUP = 100
#: The server's path for group requests (server/warm.py).
PATH = "explainer/group"
#: Seconds to wait for each worker's answer.
TIMEOUT_S = 5.0

log = logging.getLogger("explainer.group")

Post = Callable[[str, bytes, str], bytes]


@dataclass(frozen=True, slots=True)
class GroupReply:
    """What the server said: how many sessions it will keep ready, and how many already are.

    `ok` is False when no worker answered (the message then says so calmly); `limited` is True
    when the session cap allowed fewer than asked.
    """

    ok: bool
    asked: int
    warming: int = 0
    ready: int = 0

    @property
    def limited(self) -> bool:
        return self.ok and self.warming < self.asked


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an error here: urllib would carry the secret to wherever it points."""

    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None


#: Straight to the server: no proxy from the environment (http_proxy, set on many hospital
#: servers, would receive the secret), no redirect.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())


def _post(url: str, body: bytes, token: str) -> bytes:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    # The URL is the launcher's own loopback address (URLS), never a visitor's input.
    with _OPENER.open(request, timeout=TIMEOUT_S) as response:
        return bytes(response.read())


def ask_for_group(
    size: int, env: Mapping[str, str] | None = None, post: Post = _post
) -> GroupReply:
    """Ask every worker to keep its share of `size` sessions ready (0 releases them)."""
    env = os.environ if env is None else env
    size = max(0, min(int(size), MAX_GROUP))
    urls = env.get(URLS, "").split()
    token = env.get(TOKEN, "")
    if not urls or not token:
        log.warning("No group address or secret in this kernel's environment")
        return GroupReply(ok=False, asked=size)
    share = math.ceil(size / len(urls))
    warming = ready = answered = 0
    for url in urls:
        try:
            reply = json.loads(post(url.rstrip("/") + "/" + PATH, _body(share), token))
            warming += int(reply["warming"])
            ready += int(reply["ready"])
            answered += 1
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("The group request to %s failed: %s", url, error)
    if not answered:
        return GroupReply(ok=False, asked=size)
    return GroupReply(ok=True, asked=size, warming=min(warming, size), ready=min(ready, size))


def _body(size: int) -> bytes:
    return json.dumps({"size": size}).encode()
