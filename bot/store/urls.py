"""``REDIS_URL`` read once, up front: scheme, host, port, database, ACL user and password.

redis-py's own URL parser raises a bare ``ValueError`` (a traceback at start-up) for a port
that is not a number, and silently uses database 0 for a path such as ``/abc``. This parser
refuses both with one line naming ``REDIS_URL``; no message ever contains the password (nor
the rest of the user part). Accepted forms:

* ``redis://[[user]:password@]host[:port][/db]`` (port 6379, database 0 by default)
* ``rediss://...`` the same over TLS
* ``unix://[[user]:password@]/path/to/socket[?db=N]``
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlsplit

Scheme = Literal["redis", "rediss", "unix"]

DEFAULT_PORT = 6379
SCHEMES: tuple[Scheme, ...] = ("redis", "rediss", "unix")


class RedisUrlError(ValueError):
    """A ``REDIS_URL`` that cannot be used; the message is one line and has no secret in it.

    ``str()`` is ``"NAME: detail"``; ``detail`` alone is for callers that name the key already.
    """

    def __init__(self, name: str, detail: str) -> None:
        super().__init__(f"{name}: {detail}")
        self.name = name
        self.detail = detail


@dataclass(frozen=True, slots=True)
class RedisTarget:
    """Where Redis is and who we are to it, parsed from ``REDIS_URL``."""

    scheme: Scheme
    host: str | None = None
    port: int = DEFAULT_PORT
    db: int = 0
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    socket_path: str | None = None

    @property
    def tls(self) -> bool:
        return self.scheme == "rediss"

    def redacted(self) -> str:
        """The URL for a log line: the password (if any) shown as ``***``."""
        user = self.username or ""
        auth = f"{user}:***@" if self.password else (f"{user}@" if user else "")
        if self.scheme == "unix":
            return f"unix://{auth}{self.socket_path}?db={self.db}"
        host = f"[{self.host}]" if self.host and ":" in self.host else self.host
        return f"{self.scheme}://{auth}{host}:{self.port}/{self.db}"

    def connection_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of a redis-py connection (no TLS ones: the client adds those)."""
        kwargs: dict[str, Any] = {"db": self.db}
        if self.username is not None:
            kwargs["username"] = self.username
        if self.password is not None:
            kwargs["password"] = self.password
        if self.scheme == "unix":
            kwargs["path"] = self.socket_path
        else:
            kwargs["host"] = self.host
            kwargs["port"] = self.port
        return kwargs


def parse_redis_url(url: str, *, name: str = "REDIS_URL") -> RedisTarget:
    """``url`` checked and split; ``RedisUrlError`` (one line, starting with ``name``) if not."""
    scheme, sep, _rest = url.partition("://")
    if not sep or scheme.lower() not in SCHEMES:
        shown = scheme if sep and len(scheme) <= 20 and scheme.isalnum() else "?"
        raise RedisUrlError(name, f"scheme {shown!r} is not one of redis://, rediss:// or unix://")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise RedisUrlError(name, "not a valid URL (check the host part)") from None
    kind: Scheme = (
        "unix" if parts.scheme == "unix" else ("rediss" if parts.scheme == "rediss" else "redis")
    )
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    if "@" in parts.path + parts.query + parts.fragment:
        # The user part was cut short by an unencoded '/', '?' or '#': what follows the cut is
        # the rest of the password, so none of the URL is shown.
        raise RedisUrlError(
            name, "an '@' after the host (not shown): percent-encode '/', '?', '#' and '@' in "
            "the password as %2F, %3F, %23 and %40"
        )
    if parts.fragment:
        raise RedisUrlError(name, "a '#' fragment is not allowed (percent-encode it as %23)")
    query = parse_qs(parts.query, keep_blank_values=True)
    if kind == "unix":
        return _unix(name, parts.path, query, username, password)
    if query:
        raise RedisUrlError(
            name,
            "query parameters are not supported; put the database in the path "
            "(redis://host:6379/0) and TLS options in ADVISOR_REDIS_* settings",
        )
    host = parts.hostname
    if not host:
        raise RedisUrlError(name, f"no host (expected {kind}://host:port/db)")
    return RedisTarget(
        scheme=kind,
        host=host,
        port=_port(name, parts.netloc),
        db=_db(name, parts.path.removeprefix("/")),
        username=username,
        password=password,
    )


def _port(name: str, netloc: str) -> int:
    """The port of ``netloc`` (after the user part, which is never shown)."""
    hostport = netloc.rpartition("@")[2]
    if hostport.startswith("["):  # [IPv6]:port
        text = hostport.partition("]")[2].removeprefix(":")
    else:
        text = hostport.partition(":")[2] if ":" in hostport else ""
    if not text:
        return DEFAULT_PORT
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 65535:
        raise RedisUrlError(name, f"port {_shown(text)} is not a number from 1 to 65535")
    return int(text)


def _db(name: str, text: str) -> int:
    if text == "":
        return 0
    if not (text.isascii() and text.isdigit()):
        raise RedisUrlError(
            name, f"database {_shown(text)} is not a non-negative integer (e.g. /0)"
        )
    return int(text)


def _unix(
    name: str,
    path: str,
    query: dict[str, list[str]],
    username: str | None,
    password: str | None,
) -> RedisTarget:
    if "@" in path:
        raise RedisUrlError(
            name, "the socket path contains '@' (not shown: is a character of the password not "
            "percent-encoded?)"
        )
    if not path.startswith("/"):
        raise RedisUrlError(name, "unix:// needs an absolute socket path (unix:///run/redis.sock)")
    extra = sorted(set(query) - {"db"})
    if extra:
        raise RedisUrlError(name, f"unsupported query parameter {_shown(extra[0])} (only db)")
    values = query.get("db", [""])
    if len(values) != 1:
        raise RedisUrlError(name, "db is given more than once")
    return RedisTarget(
        scheme="unix",
        db=_db(name, values[0]),
        username=username,
        password=password,
        socket_path=unquote(path),
    )


def _shown(text: str) -> str:
    """A fragment of the URL safe to show: short, and quoted (the CLI escapes control chars).

    A fragment with ``@`` in it is a password cut short by an unencoded character: not shown.
    """
    if "@" in text:
        return "(not shown: is a character of the password not percent-encoded?)"
    return repr(text if len(text) <= 40 else text[:40] + "...")


def parse_host_ports(value: str, *, name: str) -> list[tuple[str, int]]:
    """``host:port,host:port`` (e.g. ``ADVISOR_REDIS_SENTINELS``); one line naming ``name``."""
    nodes: list[tuple[str, int]] = []
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        host, sep, port = item.rpartition(":")
        host = host.strip("[]")
        if not sep or not host:
            raise RedisUrlError(name, f"{_shown(item)} is not host:port")
        if not (port.isascii() and port.isdigit()) or not 1 <= int(port) <= 65535:
            raise RedisUrlError(name, f"port {_shown(port)} is not a number from 1 to 65535")
        nodes.append((host, int(port)))
    if not nodes:
        raise RedisUrlError(name, "no host:port given")
    return nodes


@dataclass(frozen=True, slots=True)
class SentinelTarget:
    """Where the sentinels are (``ADVISOR_REDIS_SENTINELS``), which service they watch
    (``ADVISOR_REDIS_SENTINEL_SERVICE``) and how to authenticate to them."""

    nodes: tuple[tuple[str, int], ...]
    service: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
