"""``bot/store/urls.py`` under generated input: a URL either parses into the parts it names or
is refused with one line that never contains the password."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.store.urls import RedisUrlError, parse_host_ports, parse_redis_url

MARK = "PwSecret"
# No lone surrogates: a password is text a person types; quote() cannot encode them (and the
# parser's handling of undecodable environment bytes is covered in test_store_urls_bytes below).
_PIECE = st.text(alphabet=st.one_of(st.sampled_from(list("/:?#@%[] ")),
                                    st.characters(blacklist_categories=("Cs",))),
                 max_size=8)
PASSWORDS = st.tuples(_PIECE, _PIECE).map(
    lambda parts: parts[0] + MARK + parts[1])
"""The mark sits anywhere in the password, so a leak of any piece around it is caught."""
JUNK = st.text(max_size=20).filter(lambda t: "Pw" not in t)


@settings(max_examples=300, deadline=None)
@given(password=PASSWORDS, host=st.sampled_from(["h", "redis.example.com", "[::1]", ""]),
       port=JUNK, path=JUNK, scheme=st.sampled_from(["redis", "rediss", "unix", "http", "REDIS"]),
       encode=st.booleans())
def test_a_url_parses_or_is_refused_without_its_password(
    password: str, host: str, port: str, path: str, scheme: str, encode: bool
) -> None:
    secret = quote(password, safe="") if encode else password
    url = f"{scheme}://user:{secret}@{host}:{port}/{path}"
    try:
        target = parse_redis_url(url)
    except RedisUrlError as exc:
        message = str(exc)
        assert message.startswith("REDIS_URL: ") and "\n" not in message, message
        assert MARK not in message and "PwSecret".lower() not in message.lower(), message
        return
    if encode and "@" not in port + path:  # (a later '@' legitimately moves the user part's end)
        assert target.password == password, "a percent-encoded password is decoded"
    assert 1 <= target.port <= 65535 and target.db >= 0
    assert MARK not in target.redacted() and MARK not in repr(target)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_sentinel_lists_parse_or_are_refused_in_one_line(value: str) -> None:
    try:
        nodes = parse_host_ports(value, name="ADVISOR_REDIS_SENTINELS")
    except RedisUrlError as exc:
        assert str(exc).startswith("ADVISOR_REDIS_SENTINELS: ")
        return
    assert nodes and all(host and 1 <= port <= 65535 for host, port in nodes)


def test_store_urls_bytes_from_the_environment_never_leak_or_crash() -> None:
    """Undecodable bytes reach Python as lone surrogates (surrogateescape); still one line."""
    for url in ("redis://u:a\udcffPwSecret@h:6379/0", "redis://u:PwSecret\ud800@h:x/0"):
        try:
            target = parse_redis_url(url)
        except RedisUrlError as exc:
            assert MARK not in str(exc) and "\n" not in str(exc)
        else:
            assert MARK not in target.redacted()
