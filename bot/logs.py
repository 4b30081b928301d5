"""Logging set-up: structured JSON lines by default, and quiet third-party loggers."""

from __future__ import annotations

import hashlib
import logging
import sys

_NOISY = {
    # bolt logs the whole request body when a signature check fails.
    "slack_bolt": logging.WARNING,
    "slack_sdk": logging.WARNING,
    "aiohttp.access": logging.WARNING,
    "msrest": logging.WARNING,
    "botbuilder": logging.WARNING,
    "botframework": logging.WARNING,
}


def setup_logging(level: str, fmt: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        from pythonjsonlogger.json import JsonFormatter  # the server's; the console logs text

        handler.setFormatter(
            JsonFormatter(
                "{asctime}{levelname}{name}{message}",
                style="{",
                rename_fields={"levelname": "level", "asctime": "time"},
            )
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, floor in _NOISY.items():
        logging.getLogger(name).setLevel(max(floor, logging.getLevelName(level)))


def hashed(value: str) -> str:
    """A short, stable, non-reversible id for logs (conversation ids are personal data)."""
    return hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()
