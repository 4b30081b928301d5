"""The golden transcripts of the core, replayed through Slack in a DM.

``say`` steps are DM messages, ``click`` steps press the answer button the bot drew, ``command``
steps press the command button (Back, Answer the rest, ...). A transcript may answer a factor
other than the one on screen (the engine accepts any ``FACTOR=VALUE``); that click is sent from
the newest question message, as an answer button of an earlier question would be; a command
with no button on screen is sent as a command button of the newest message. What each
step showed is read back from the ``block_id`` markers of the messages the stand-in recorded.
"""

from __future__ import annotations

import pytest

from tests.slack.support import Posted, SlackDriver, dm_of, has_button, observe
from tests.transcripts import TRANSCRIPTS, Transcript, check, load_transcripts

ALL = load_transcripts()
USER = "U0REPLAY"


def test_there_are_transcripts_to_replay() -> None:
    assert ALL, f"no golden transcripts in {TRANSCRIPTS}"


class NotOnScreen(AssertionError):
    """No message in the DM carries that button."""


def button_message(slack: SlackDriver, value: str) -> Posted:
    """The newest message in the DM that carries a button with ``value``."""
    for message in reversed(slack.posted()):
        if message.channel == dm_of(USER) and has_button(message.blocks, value):
            return message
    raise NotOnScreen(value)


async def press(slack: SlackDriver, value: str, *, marker: str, action_id: str,
                block_id: str) -> int:
    """Press the button with ``value``; one not on screen is sent as a button (``action_id``,
    ``block_id``) of the newest DM message with a ``marker`` block."""
    try:
        status, _ = await slack.click(USER, button_message(slack, value), value)
    except NotOnScreen:
        last = slack.last(marker, channel=dm_of(USER))
        status, _ = await slack.click_raw(
            USER, channel=last.channel, message_ts=last.ts, value=value,
            action_id=action_id, block_id=block_id, message_blocks=last.blocks)
    return status


@pytest.mark.parametrize("transcript", ALL or [None], ids=lambda t: t.name if t else "none")
async def test_transcript_through_slack(slack: SlackDriver, transcript: Transcript | None) -> None:
    assert transcript is not None, f"no golden transcripts in {TRANSCRIPTS}"
    session_id = f"slack:{slack.team}:{dm_of(USER)}"
    for n, step in enumerate(transcript.steps, 1):
        before = len(slack.api.calls)
        if step.say is not None:
            status, _ = await slack.dm(USER, step.say)
        elif step.click is not None:
            factor, answer = step.click
            status = await press(slack, f"{factor}={answer}", marker="advisor:q:",
                                 action_id=f"advisor:answer:{factor}:{answer}",
                                 block_id=f"advisor:answers:{factor}")
        else:
            assert step.command is not None
            status = await press(slack, f"cmd:{step.command}", marker="advisor:",
                                 action_id=f"advisor:cmd:{step.command}",
                                 block_id="advisor:text-actions")
        assert status == 200
        calls = [c for c in slack.api.calls[before:]
                 if c.method in ("chat.postMessage", "chat.update") and c.answer.get("ok")]
        assert calls, f"{transcript.name} step {n}: nothing was sent"
        seen = observe(calls)
        seen.forgotten = await slack.stored(session_id) is None
        check(step, seen, f"slack {transcript.name} step {n}")
