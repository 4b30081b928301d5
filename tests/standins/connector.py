"""A stand-in Bot Framework connector (the service behind an activity's ``serviceUrl``).

A small aiohttp app on a free local port. It records what the bot sends:

- ``POST /v3/conversations/{conversation}/activities`` (a new message),
- ``POST /v3/conversations/{conversation}/activities/{replyToId}`` (a reply),
- ``PUT /v3/conversations/{conversation}/activities/{activityId}`` (an update),

answering ``{"id": ...}`` like the real connector. Failures are programmable: ``fail_next(n,
status)`` makes the next ``n`` calls answer ``status`` (429, 500, 503...) before normal service
resumes; ``stall_next(n, seconds)`` makes them hang first (a slow connector). Point an
activity's ``serviceUrl`` at ``connector.url``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

__all__ = ["ConnectorStandIn", "Recorded"]


@dataclass(frozen=True)
class Recorded:
    method: str
    conversation: str
    activity_id: str | None
    """``replyToId`` of a reply, the updated activity's id for a PUT, None for a new message."""
    headers: dict[str, str]
    body: dict[str, Any]
    status: int
    """What the stand-in answered."""

    @property
    def delivered(self) -> bool:
        return self.status < 300


@dataclass
class _Failure:
    status: int
    headers: dict[str, str] = field(default_factory=dict)


class ConnectorStandIn:
    def __init__(self) -> None:
        self.calls: list[Recorded] = []
        self._failures: deque[_Failure] = deque()
        self._stalls: deque[float] = deque()
        self._released = asyncio.Event()
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.url = ""

    # --- programming it --------------------------------------------------------------------

    def fail_next(self, count: int, status: int, *, retry_after: float | None = None) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        for _ in range(count):
            self._failures.append(_Failure(status, headers))

    def stall_next(self, count: int, seconds: float) -> None:
        """The next ``count`` calls wait ``seconds`` before answering (stopping ends the wait)."""
        self._stalls.extend([seconds] * count)

    def reset(self) -> None:
        self.calls.clear()
        self._failures.clear()
        self._stalls.clear()

    # --- reading it -------------------------------------------------------------------------

    @property
    def delivered(self) -> list[Recorded]:
        """Messages and replies answered with success, in arrival order (no updates)."""
        return [c for c in self.calls if c.delivered and c.method == "POST"]

    def since(self, mark: int) -> list[Recorded]:
        """Delivered messages among calls recorded after ``len(self.calls) == mark``."""
        return [c for c in self.calls[mark:] if c.delivered and c.method == "POST"]

    # --- lifecycle --------------------------------------------------------------------------

    async def start(self) -> ConnectorStandIn:
        app = web.Application(client_max_size=1024 * 1024)
        base = "/v3/conversations/{conversation}/activities"
        app.router.add_post(base, self._post)
        app.router.add_post(base + "/{activity_id}", self._post)
        app.router.add_put(base + "/{activity_id}", self._put)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}/"
        return self

    async def stop(self) -> None:
        self._released.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> ConnectorStandIn:
        return await self.start()

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    # --- handlers ---------------------------------------------------------------------------

    async def _post(self, request: web.Request) -> web.Response:
        return await self._record("POST", request)

    async def _put(self, request: web.Request) -> web.Response:
        return await self._record("PUT", request)

    async def _record(self, method: str, request: web.Request) -> web.Response:
        if self._stalls:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._released.wait(), self._stalls.popleft())
        try:
            body = await request.json()
        except ValueError:
            body = {"_invalid_json": True}
        failure = self._failures.popleft() if self._failures else None
        status = failure.status if failure else 200
        self.calls.append(Recorded(
            method=method,
            conversation=request.match_info["conversation"],
            activity_id=request.match_info.get("activity_id"),
            headers=dict(request.headers),
            body=body if isinstance(body, dict) else {"_not_an_object": body},
            status=status,
        ))
        if failure is not None:
            error = {"error": {"code": "Throttled" if status == 429 else "ServiceError",
                               "message": f"stand-in failure {status}"}}
            return web.json_response(error, status=status, headers=failure.headers)
        if method == "PUT":
            return web.json_response({"id": request.match_info["activity_id"]})
        return web.json_response({"id": f"stand-in-{next(self._ids)}"})
