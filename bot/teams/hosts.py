"""Which ``serviceUrl`` hosts replies (and the bot's token) may go to: ``ADVISOR_TEAMS_SERVICE_HOSTS``.

botbuilder posts replies to whatever ``serviceUrl`` an authenticated activity names; the token
check ties that URL to the channel's token, and this list ties it to Microsoft's hosts, so a
request naming any other host is refused before a reply or a token is made.
"""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["ServiceHosts"]


class ServiceHosts:
    """Entries are host names (``smba.trafficmanager.net``) or ``*.suffix`` (any subdomain of
    ``suffix``, not ``suffix`` itself), compared case-insensitively, ports ignored."""

    def __init__(self, entries: tuple[str, ...], *, https_only: bool) -> None:
        self._exact = frozenset(e for e in entries if not e.startswith("*."))
        self._suffixes = tuple(e[1:] for e in entries if e.startswith("*."))
        self._schemes = ("https",) if https_only else ("https", "http")

    def allows(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError:
            return False
        if parts.scheme not in self._schemes or not host or parts.username or parts.password:
            return False
        return host in self._exact or host.endswith(self._suffixes)
