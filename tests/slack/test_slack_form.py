"""Form-encoded Slack bodies decode exactly as the standard library decodes them."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, quote_plus, urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.slack.form import decode_form


def reference(body: str) -> dict[str, str]:
    return dict(parse_qsl(body, keep_blank_values=True))


def test_an_interaction_payload_round_trips() -> None:
    payload = {"type": "block_actions", "user": {"id": "U1", "name": "Ana María"},
               "actions": [{"value": "scope=bounded", "text": "Bounded & \"clear\" 100% + more"}],
               "message": {"text": "é ü 漢字 🙂 <@U123> <!channel> \u200f\u0000"}}
    body = "payload=" + quote_plus(json.dumps(payload, ensure_ascii=False))
    assert json.loads(decode_form(body)["payload"]) == payload


def test_a_slash_command_keeps_every_field_and_blank_values() -> None:
    fields = {"command": "/advisor", "text": "ask what is an SLA?", "user_id": "U1",
              "channel_id": "C1", "response_url": "https://hooks.example/x?a=1&b=2",
              "trigger_id": "", "team_domain": "acme"}
    assert decode_form(urlencode(fields)) == fields


def test_edge_cases_match_the_standard_library() -> None:
    for body in ["", "a", "a=", "=x", "a=%zz", "a=%%", "a=100%", "a=%4", "a=%", "a=x+y",
                 "a=b=c", "a&b=1", "a=%E9", "a=%C3%A9", "a;b=1", "a=1&a=2", "a=%2B+%20",
                 "&&a=1&&", "a=#frag", "a=?q", "a=%00", "caf\u00e9=1", "a=\u00e9"]:
        assert decode_form(body) == reference(body), body


# pieces of ASCII bodies, with the characters and escapes that matter to a form over-represented
form_text = st.lists(st.sampled_from(
    [*"abcXYZ019 +=&;%#?/.:-_~!*'()[]@$,\"{}", "%2", "%41", "%e9", "%C3%A9", "%F0%9F%99%82",
     "%ZZ", "%0A", "%00", "%25"]),
    max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(form_text)
def test_any_ascii_body_decodes_like_parse_qsl(body: str) -> None:
    assert decode_form(body) == reference(body)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=40), max_size=6))
def test_any_encoded_fields_round_trip(fields: dict[str, str]) -> None:
    body = urlencode(fields)
    assert decode_form(body) == reference(body) == fields


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_at_all_decodes_like_parse_qsl(body: str) -> None:
    assert decode_form(body) == reference(body)
