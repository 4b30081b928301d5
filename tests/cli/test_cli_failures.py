"""``advisor`` when the input or the world misbehaves: exit 0, 1 or 2, one line, never a traceback.

Run as a user runs it (the installed console script in a subprocess), with raw bytes in argv
under a strict UTF-8 terminal and the C locale, and ``chat`` against a Redis that answers PING
and then fails (a tiny TCP stand-in) or dies mid-conversation (a private redis-server, killed).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.redis_servers import running_private_redis

ADVISOR = str(Path(sys.executable).with_name("advisor"))
BASE_ENV = {k: v for k, v in os.environ.items()
            if not k.startswith(("REDIS_", "SLACK_", "MICROSOFT_", "ADVISOR_", "PYTHONIO", "LC_"))}
STRICT = {"PYTHONIOENCODING": "utf-8"}
"""A terminal or pipe that takes only valid UTF-8 (Python's default outside the C locale)."""
C_LOCALE = {"LC_ALL": "C", "LANG": "C"}


def run(args: list[bytes | str], env: dict[str, str], stdin: bytes = b"",
        timeout: float = 60) -> tuple[int, bytes, str]:
    proc = subprocess.run([ADVISOR, *args], input=stdin, capture_output=True,
                          env={**BASE_ENV, **env}, timeout=timeout, check=False)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def assert_one_line_failure(code: int, err: str, expected: int, *words: str) -> None:
    assert "Traceback" not in err, err[-2000:]
    assert code == expected, (code, err[-500:])
    lines = err.strip().splitlines()
    assert len(lines) == 1, err[-1000:]
    for word in words:
        assert word in lines[0], lines[0]


# --- invalid bytes reaching --json output -------------------------------------------------------


@pytest.mark.parametrize("env", [STRICT, C_LOCALE], ids=["strict-utf8", "c-locale"])
@pytest.mark.parametrize("args, quoted", [
    ([b"ask", b"what is an SLA \xed\xa0\x80 \xff?", b"--json"], "question"),
    ([b"assess", b"--text", b"monitoring is well defined \xff but the rest is open ended",
      b"--json"], "inferred"),
], ids=["ask", "assess-evidence"])
def test_invalid_bytes_in_argv_give_valid_json(args: list[bytes], quoted: str,
                                               env: dict[str, str]) -> None:
    """Bytes that are not UTF-8 (a lone surrogate's encoding, 0xff) arrive as surrogate escapes;
    they used to crash the JSON encoder (assess) or the terminal (ask) with a traceback."""
    code, out, err = run(args, env)
    assert code == 0 and "Traceback" not in err, err[-2000:]
    doc = json.loads(out.decode("utf-8"))  # strict: valid UTF-8 and valid JSON
    assert "\ufffd" in json.dumps(doc[quoted], ensure_ascii=False)


# --- chat against a Redis that answers PING, then fails ----------------------------------------


HELLO_REPLY = (b"%7\r\n+server\r\n+redis\r\n+version\r\n+7.2.0\r\n+proto\r\n:3\r\n+id\r\n:1\r\n"
               b"+mode\r\n+standalone\r\n+role\r\n+master\r\n+modules\r\n*0\r\n")
"""A RESP3 handshake answer, as Redis 7 gives it."""


class PingThenFail:
    """A TCP stand-in for Redis: completes the client's handshake (HELLO 3, CLIENT SETINFO) and
    answers PING, then every other command gets ``-ERR`` (``mode="error"``) or a closed
    connection (``mode="close"``)."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.commands: list[str] = []
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _serve(self) -> None:
        self._sock.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._client, args=(conn,), daemon=True).start()

    def _client(self, conn: socket.socket) -> None:
        with conn, conn.makefile("rb") as reader:
            while True:
                command = _read_command(reader)
                if command is None:
                    return
                self.commands.append(command)
                if command == "HELLO":
                    conn.sendall(HELLO_REPLY)
                elif command == "PING":
                    conn.sendall(b"+PONG\r\n")
                elif command == "CLIENT":
                    conn.sendall(b"+OK\r\n")
                elif self.mode == "error":
                    conn.sendall(b"-ERR the stand-in refuses this\r\n")
                else:
                    return

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()


def _read_command(reader: object) -> str | None:
    """The name of the next RESP command (an array of bulk strings), ``None`` at EOF."""
    readline = reader.readline  # type: ignore[attr-defined]
    read = reader.read  # type: ignore[attr-defined]
    head = readline()
    if not head.startswith(b"*"):
        return None
    args = []
    for _ in range(int(head[1:])):
        size = int(readline()[1:])
        args.append(read(size + 2)[:-2])
    return args[0].decode().upper() if args else ""


@contextlib.contextmanager
def ping_then_fail(mode: str) -> Iterator[PingThenFail]:
    server = PingThenFail(mode)
    try:
        yield server
    finally:
        server.close()


@pytest.mark.parametrize("mode", ["error", "close"])
def test_chat_at_a_redis_that_answers_ping_then_fails_exits_1(mode: str) -> None:
    with ping_then_fail(mode) as server:
        code, _out, err = run(["chat", "--redis-url", server.url, "--user", "t"], {},
                              stdin=b"start\n")
        assert "PING" in server.commands and "GET" in server.commands, server.commands
    assert_one_line_failure(code, err, 1, "Redis", "--redis-url")


def test_chat_when_redis_dies_mid_conversation_answers_politely_without_a_traceback(
        tmp_path: Path) -> None:
    with running_private_redis(tmp_path, needed_by="chat fault tests", kill=True) as redis:
        proc = subprocess.Popen([ADVISOR, "chat", "--redis-url", redis.url, "--user", "t"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env={**BASE_ENV, "PYTHONUNBUFFERED": "1"})
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(b"start\n")
            proc.stdin.flush()
            seen = b""
            deadline = time.monotonic() + 60
            while b"Who" not in seen and time.monotonic() < deadline:  # the first question
                seen += proc.stdout.read1(4096)
            assert b"Who" in seen, seen
            redis.stop(kill=True)
            out, err_bytes = proc.communicate(b"1\n", timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    err = err_bytes.decode("utf-8", "replace")
    assert "Traceback" not in err, err[-2000:]
    assert proc.returncode == 0, err
    assert b"can't reach my memory" in out, out[-500:]
    assert all(line.startswith("advisor: warning: ") for line in err.strip().splitlines()), err
