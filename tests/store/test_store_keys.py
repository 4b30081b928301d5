"""The key scheme: namespaced, hash-tagged, built from ids only, escaped and capped."""

from __future__ import annotations

import pytest
from redis.crc import key_slot

from bot.store.base import InvalidKey
from bot.store.keys import MAX_KEY_CHARS, KeyScheme, escape
from dialogs.turn import Turn
from tests.support.defaults import PREFIX


def test_session_and_event_keys() -> None:
    keys = KeyScheme(PREFIX)
    assert keys.session("slack:T123:C456:1700000000.0001") == (
        "advisor:v1:{slack:T123:C456:1700000000.0001}"
    )
    claim = keys.claim("slack:T123:C456", "slack:T123:Ev0123")
    assert claim.startswith("advisor:v1:{slack:T123:C456}:event:")
    assert "Ev0123" not in claim, "the event id is hashed"
    assert keys.claims("slack:T123:C456") == "advisor:v1:{slack:T123:C456}:claims"
    assert keys.legacy_event("slack:T123:Ev0123") == "advisor:v1:event:{slack:T123:Ev0123}"
    assert KeyScheme("advisor-test:abc").session("x") == "advisor-test:abc:{x}"
    assert keys.pattern == "advisor:v1:*"


def test_the_braces_are_a_cluster_hash_tag_of_the_whole_session_key() -> None:
    keys = KeyScheme(PREFIX)
    session = "teams:tenant-guid:19:abc@thread.tacv2;messageid=1"
    tagged = keys.session(session)
    assert tagged.count("{") == 1 and tagged.endswith("}")
    assert key_slot(tagged.encode()) == key_slot(session.encode())
    assert key_slot(tagged.encode()) == key_slot(f"{{{session}}}:anything-else".encode())
    for other in (keys.claim(session, "teams:t:ev1"), keys.claims(session)):
        assert key_slot(other.encode()) == key_slot(tagged.encode()), "one slot per conversation"


def test_slack_and_teams_keys_carry_the_tenant() -> None:
    keys = KeyScheme(PREFIX)
    slack = Turn(platform="slack", tenant="T1", conversation="C1", thread="1.2", user="U1")
    other = slack.model_copy(update={"tenant": "T2"})
    teams = Turn(platform="teams", tenant="tid-1", conversation="19:c@thread", user="u")
    assert keys.session(slack.session_id) == "advisor:v1:{slack:T1:C1:1.2}"
    assert keys.session(slack.session_id) != keys.session(other.session_id)
    assert "tid-1" in keys.session(teams.session_id)


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a b", "a%20b"),
        ("a%20b", "a%2520b"),
        ("{x}", "%7Bx%7D"),
        ("tab\there", "tab%09here"),
        ("nl\n", "nl%0A"),
        ("nbsp\u00a0", "nbsp%A0"),
        ("line\u2028sep", "line%u2028sep"),
        ("é:ü", "é:ü"),
        ("lone\ud800", "lone%uD800"),
    ],
)
def test_unsafe_characters_are_escaped(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_escaping_is_one_to_one() -> None:
    samples = ["a b", "a%20b", "a%2520b", "a\u2028", "a %u2028", "a%u2028", "{", "%7B", "}"]
    assert len({escape(s) for s in samples}) == len(samples)


def test_long_keys_are_capped_with_a_digest() -> None:
    head = "teams:tenant:" + "c" * 600
    capped = escape(head)
    assert len(capped) == MAX_KEY_CHARS
    assert capped.startswith("teams:tenant:ccc")
    assert capped != escape(head + "d")
    assert escape("x" * MAX_KEY_CHARS) == "x" * MAX_KEY_CHARS


def test_empty_keys_are_refused() -> None:
    with pytest.raises(InvalidKey):
        KeyScheme(PREFIX).session("")
    with pytest.raises(InvalidKey):
        KeyScheme(PREFIX).claim("slack:T1:C1", "")


@pytest.mark.parametrize("prefix", ["", "has space", "brace{", "x}", "*glob", "a" * 101])
def test_bad_prefixes_are_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="prefix"):
        KeyScheme(prefix)
