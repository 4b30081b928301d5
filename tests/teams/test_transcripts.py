"""The golden transcripts (tests/data/transcripts/*.yaml) replayed through Teams.

``say`` is a message's text, ``click`` a card submit ``{factor, answer}``, ``command`` a card
submit ``{command}``. What each step produced is read back from the card markers.
"""

from __future__ import annotations

import pytest

from tests.standins.connector import ConnectorStandIn
from tests.teams.conftest import Client, MakeApp
from tests.teams.support import AppClient, Chat, observe
from tests.transcripts import TRANSCRIPTS, Transcript, check, load_transcripts

TRANSCRIPT_LIST = load_transcripts()


def test_there_are_transcripts_to_replay() -> None:
    assert TRANSCRIPT_LIST, f"no golden transcripts in {TRANSCRIPTS}"


@pytest.mark.parametrize("transcript", TRANSCRIPT_LIST, ids=lambda t: t.name)
async def test_transcript_through_teams(
    transcript: Transcript,
    aiohttp_client: Client,
    make_app: MakeApp,
    connector: ConnectorStandIn,
) -> None:
    client: AppClient = await aiohttp_client(make_app())
    chat = Chat(client=client, connector=connector,
                conversation_id=f"a:1transcript-{transcript.name}")
    for number, step in enumerate(transcript.steps, 1):
        if step.click is not None:
            replies = await chat.click(*step.click)
        elif step.command is not None:
            replies = await chat.command(step.command)
        else:
            assert step.say is not None, f"{transcript.name} step {number}: nothing to do"
            replies = await chat.say(step.say)
        where = f"teams {transcript.name} step {number}"
        assert chat.last_status == 201, f"{where}: HTTP {chat.last_status}"
        forgotten = await chat.forgotten() if "forgotten" in step.expect else None
        check(step, observe(replies, forgotten=forgotten), where)
