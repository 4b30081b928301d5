"""A small asyncio TCP proxy for fault tests: put it between the bot and Redis, then misbehave.

It listens on a free port of 127.0.0.1 and forwards every connection to an upstream
(``127.0.0.1:6379`` by default). Tests control it from their own event loop:

``set_latency(s, jitter=j)``
    Every chunk is delivered ``s`` seconds (plus up to ``j``) after it was read, in each
    direction; order is kept and throughput is not limited (a delay line, not a sleep per chunk).
    With ``replies_only=True`` only what the upstream sends back is delayed: requests arrive
    at once and their replies are still on their way (a slow link home).
``await reset()``
    Abort every open connection on both sides with a TCP RST (``SO_LINGER`` 0), as a crashed
    middlebox or a failover would. New connections are accepted as before.
``blackhole()``
    A partition that swallows packets: connections are still accepted, but every byte read
    from either side is dropped and nothing is ever forwarded or answered. ``heal()`` aborts
    the connections that lost bytes (their streams are broken), so clients reconnect.
``stall()``
    Stop reading: bytes pile up in the kernel's buffers (the peer's writes eventually block)
    and are delivered, late, after ``heal()``. Models a hung process or a frozen VM.
``heal()``
    Back to normal forwarding (latency stays as set).
``await close()`` then ``await start()``
    A dead server, then one that comes back: while closed, connections are refused and the
    open ones are dropped; ``start()`` listens again on the same port, so clients reconnect
    to the URL they had.

Counters (``accepted``, ``open``, ``resets``) let a test check that it exercised the path it
meant to.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import time
from dataclasses import dataclass, field

__all__ = ["TcpProxy"]

_CHUNK = 65536


@dataclass(eq=False)
class _Link:
    """One proxied connection: the client's side and, once connected, the upstream side."""

    client_reader: asyncio.StreamReader
    client_writer: asyncio.StreamWriter
    upstream_reader: asyncio.StreamReader | None = None
    upstream_writer: asyncio.StreamWriter | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    lost_bytes: bool = False
    """Bytes were dropped (black hole): the stream is broken and must not be resumed."""

    def writers(self) -> list[asyncio.StreamWriter]:
        return [w for w in (self.client_writer, self.upstream_writer) if w is not None]


class TcpProxy:
    """See the module docstring. Use as ``async with TcpProxy(upstream_port=6379) as proxy``."""

    def __init__(
        self,
        upstream_host: str = "127.0.0.1",
        upstream_port: int = 6379,
        *,
        host: str = "127.0.0.1",
    ) -> None:
        self.upstream_host = upstream_host
        self.upstream_port = upstream_port
        self.host = host
        self.port = 0
        self.latency = 0.0
        self.jitter = 0.0
        self.replies_only = False
        self.accepted = 0
        self.resets = 0
        self._mode = "forward"  # forward | blackhole | stall
        self._reading = asyncio.Event()
        self._reading.set()
        self._server: asyncio.Server | None = None
        self._links: set[_Link] = set()
        self._handlers: set[asyncio.Task[None]] = set()

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> TcpProxy:
        """Listen: on a free port the first time, on the same port after ``close()``."""
        self._server = await asyncio.start_server(self._accept, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        """Stop listening and drop every connection."""
        if self._server is not None:
            self._server.close()
            self._server = None
        self.heal()
        for link in list(self._links):
            self._abort(link)
        # Aborted connections end their handlers; cancel only what is still stuck.
        handlers = set(self._handlers)
        if handlers:
            _, stuck = await asyncio.wait(handlers, timeout=2.0)
            for task in stuck:
                task.cancel()
            if stuck:
                await asyncio.wait(stuck, timeout=1.0)

    async def __aenter__(self) -> TcpProxy:
        return await self.start()

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    def url(self, db: int = 0) -> str:
        """A ``redis://`` URL that goes through the proxy."""
        return f"redis://{self.host}:{self.port}/{db}"

    @property
    def open(self) -> int:
        """Connections open now."""
        return len(self._links)

    @property
    def mode(self) -> str:
        return self._mode

    # --- faults ---------------------------------------------------------------------------

    def set_latency(
        self, seconds: float, *, jitter: float = 0.0, replies_only: bool = False
    ) -> None:
        """Delay each chunk by ``seconds`` (+ uniform ``[0, jitter]``) in each direction, or
        only from the upstream back to the client (``replies_only``)."""
        if seconds < 0 or jitter < 0:
            raise ValueError("latency and jitter must be >= 0")
        self.latency, self.jitter, self.replies_only = seconds, jitter, replies_only

    async def reset(self) -> int:
        """Abort every open connection with an RST on both sides; the number aborted."""
        links = list(self._links)
        for link in links:
            self._abort(link)
        self.resets += len(links)
        await asyncio.sleep(0)  # let the pumps notice
        return len(links)

    def blackhole(self) -> None:
        """Accept, read and drop everything; forward and answer nothing."""
        self._mode = "blackhole"
        self._reading.set()

    def stall(self) -> None:
        """Stop reading from every connection (new ones are accepted and not read either)."""
        self._mode = "stall"
        self._reading.clear()

    def heal(self) -> None:
        """Forward again. Connections that lost bytes in a black hole are aborted."""
        self._mode = "forward"
        self._reading.set()
        for link in list(self._links):
            if link.lost_bytes:
                self._abort(link)

    # --- plumbing -------------------------------------------------------------------------

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self.accepted += 1
        link = _Link(reader, writer)
        self._links.add(link)
        try:
            await self._serve(link)
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            for pump in link.tasks:
                pump.cancel()
            await asyncio.gather(*link.tasks, return_exceptions=True)
            for w in link.writers():
                w.close()
            self._links.discard(link)
            self._handlers.discard(task)

    async def _serve(self, link: _Link) -> None:
        # A black-holed or stalled connection is accepted but not connected upstream until
        # the proxy heals (a black-holed one that lost bytes is aborted then).
        pending = b""
        while self._mode != "forward":
            if self._mode == "blackhole":
                data = await link.client_reader.read(_CHUNK)
                if not data:
                    return
                if self._mode == "blackhole":
                    link.lost_bytes = True
                else:
                    pending += data
            else:
                await self._reading.wait()
        if link.lost_bytes:
            return
        up_reader, up_writer = await asyncio.open_connection(self.upstream_host, self.upstream_port)
        link.upstream_reader, link.upstream_writer = up_reader, up_writer
        if pending:
            up_writer.write(pending)
        link.tasks = [
            asyncio.create_task(self._pump(link, link.client_reader, up_writer, reply=False)),
            asyncio.create_task(self._pump(link, up_reader, link.client_writer, reply=True)),
        ]
        await asyncio.wait(link.tasks, return_when=asyncio.FIRST_COMPLETED)

    async def _pump(
        self, link: _Link, src: asyncio.StreamReader, dst: asyncio.StreamWriter, *, reply: bool
    ) -> None:
        """Read from ``src`` and deliver to ``dst`` through a delay line (``reply``: from the
        upstream back to the client)."""
        line: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()
        deliver = asyncio.create_task(self._deliver(link, line, dst))
        last_due = 0.0
        try:
            while True:
                await self._reading.wait()
                data = await src.read(_CHUNK)
                if not data:
                    break
                if self._mode == "blackhole":
                    link.lost_bytes = True
                    continue
                delay = self._delay() if reply or not self.replies_only else 0.0
                last_due = max(last_due, time.monotonic() + delay)  # TCP keeps order
                line.put_nowait((last_due, data))
        except (OSError, asyncio.IncompleteReadError):
            deliver.cancel()
        except asyncio.CancelledError:
            deliver.cancel()
            raise
        finally:
            line.put_nowait(None)
            with contextlib.suppress(asyncio.CancelledError, OSError):
                await deliver

    async def _deliver(
        self,
        link: _Link,
        line: asyncio.Queue[tuple[float, bytes] | None],
        dst: asyncio.StreamWriter,
    ) -> None:
        while (item := await line.get()) is not None:
            due, data = item
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            await self._reading.wait()
            if self._mode == "blackhole":
                link.lost_bytes = True
                continue
            dst.write(data)
            await dst.drain()
        if dst.can_write_eof():
            with contextlib.suppress(OSError):
                dst.write_eof()

    def _delay(self) -> float:
        return self.latency + (random.uniform(0, self.jitter) if self.jitter else 0.0)

    @staticmethod
    def _abort(link: _Link) -> None:
        for w in link.writers():
            sock = w.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
            w.transport.abort()
        for pump in link.tasks:
            pump.cancel()
