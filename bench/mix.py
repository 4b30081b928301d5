"""The mixed workload of ``bench/load.py``: scripted Slack and Teams conversations.

Each conversation's script is computed before the run with the pure engine
(``dialogs.engine.step``), which also says how many messages the bot sends for each turn:

* Slack: a DM ``start``, then a button click (``block_actions``, form-encoded ``payload=`` with
  the whole clicked message, as Slack sends it) for every question, and one knowledge-base
  question by DM after the second click;
* Teams: card submits to ``/api/messages`` (Start, then each answer), in local unauthenticated
  mode with ``serviceUrl`` pointing at the connector stand-in.

Bodies are templates with markers in place of the per-request values (channel, user, ``ts``,
event id, activity id); ``Conv.request`` fills and signs one just before it is sent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from tests.standins.slack_api import BOT_ID, BOT_USER_ID, TEAM_ID

SECRET = "bench-signing-secret-0123456789abcdef"
APP_ID = "A0BENCHAPP"
TENANT = "72f988bf-0000-0000-0000-0000000bench"
TEAMS_BOT = {"id": "28:advisor-bot", "name": "Engagement Advisor"}
QUESTIONS = (
    "what is an SLA?",
    "can we mix the two models?",
    "who owns the architecture in staff augmentation?",
    "how often should governance meetings happen?",
)
CH, USER, TS, EV, CONV, ACT = "ZQCHZQ", "ZQUSERZQ", "ZQTSZQ", "ZQEVZQ", "ZQCONVZQ", "ZQACTZQ"


@dataclass(frozen=True, slots=True)
class Step:
    kind: str
    """``click``, ``dm`` or ``teams``."""
    path: str
    content_type: str
    template: str
    """The request body with the markers above in place of per-request values."""
    expect: int
    """Messages the bot sends for this turn."""
    updates: bool
    """A click on a question: the first reply is ``chat.update`` of the clicked message."""


@dataclass(frozen=True, slots=True)
class Request:
    body: bytes
    headers: dict[str, str]
    ts: str
    """The Slack message ``ts`` a click's ``chat.update`` must carry, or the Teams activity id."""


@dataclass(eq=False)
class Conv:
    """One scripted conversation; at most one request of it is in flight."""

    platform: str
    key: str
    """Slack channel or Teams conversation id: where the stand-in sees the replies."""
    user: str
    cycle: list[Step]
    server: int
    """Which process serves it (conversation affinity, as a balancer would give)."""
    pos: int = 0

    def current(self) -> Step:
        return self.cycle[self.pos % len(self.cycle)]

    def request(self, step: Step, seq: int, run_id: str) -> Request:
        if self.platform == "teams":
            ts = str(1_800_000_000_000 + seq)
            body = step.template.replace(CONV, self.key).replace(USER, self.user).replace(ACT, ts)
            return Request(body.encode(), {"Content-Type": "application/json"}, ts)
        ts = f"1800000000.{seq:06d}"
        raw = (step.template.replace(CH, self.key).replace(USER, self.user).replace(TS, ts)
               .replace(EV, f"Ev{run_id}{seq:08d}")).encode()
        stamp = str(int(time.time()))
        signature = hmac.new(SECRET.encode(), b"v0:" + stamp.encode() + b":" + raw,
                             hashlib.sha256).hexdigest()
        headers = {"Content-Type": step.content_type, "X-Slack-Request-Timestamp": stamp,
                   "X-Slack-Signature": "v0=" + signature}
        return Request(raw, headers, ts)


def conversations(*, slack: int, teams: int, scripts: int, processes: int, tag: str,
                  response_url: str, service_url: str) -> list[Conv]:
    """``slack`` + ``teams`` conversations over ``scripts`` distinct assessments, spread so that
    every process gets each script equally often (an A/B run compares like with like)."""
    from dialogs import factors as F

    rng = random.Random(7)
    vectors = [{f.id: rng.choice(f.answer_ids) for f in F.FACTORS} for _ in range(scripts)]
    slack_cycles = [slack_cycle(v, QUESTIONS[i % len(QUESTIONS)], response_url)
                    for i, v in enumerate(vectors)]
    teams_cycles = [teams_cycle(v, service_url) for v in vectors]
    out = [Conv("slack", f"D{tag}{n:05d}", f"U{tag}{n:05d}", slack_cycles[n % scripts],
                (n // scripts) % processes) for n in range(slack)]
    out += [Conv("teams", f"a:bench-{tag}-{n:05d}", f"{tag}{n:05d}", teams_cycles[n % scripts],
                 (n // scripts) % processes) for n in range(teams)]
    return out


def _dm_body(text: str) -> str:
    return json.dumps({
        "token": "legacy", "team_id": TEAM_ID, "api_app_id": APP_ID, "type": "event_callback",
        "event": {"type": "message", "channel_type": "im", "user": USER, "channel": CH,
                  "ts": TS, "event_ts": TS, "text": text, "team": TEAM_ID},
        "event_id": EV, "event_time": 1_800_000_000,
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
    })


def _click_body(blocks: list[dict[str, Any]], value: str, response_url: str) -> str:
    block, button = next(
        (b, e) for b in blocks if b.get("type") == "actions"
        for e in b.get("elements", []) if e.get("value") == value
    )
    payload = {
        "type": "block_actions", "user": {"id": USER, "team_id": TEAM_ID}, "api_app_id": APP_ID,
        "token": "legacy", "team": {"id": TEAM_ID}, "trigger_id": f"trigger.{TS}",
        "response_url": response_url,
        "container": {"type": "message", "message_ts": TS, "channel_id": CH,
                      "is_ephemeral": False},
        "channel": {"id": CH, "name": "directmessage"},
        "message": {"type": "message", "ts": TS, "user": BOT_USER_ID, "bot_id": BOT_ID,
                    "text": "question", "blocks": blocks},
        "actions": [{"type": "button", "action_id": button["action_id"],
                     "block_id": block["block_id"], "value": value, "action_ts": TS,
                     "text": button.get("text", {"type": "plain_text", "text": "x"})}],
    }
    return "payload=" + quote(json.dumps(payload), safe="")


def slack_cycle(vector: dict[str, str], question: str, response_url: str) -> list[Step]:
    """One whole assessment in a DM: start, clicks, one KB question after the second click."""
    from bot.slack.render import RenderOptions, to_messages
    from dialogs.engine import step
    from dialogs.turn import AnswerAction, Turn
    from knowledge import load_default

    kb = load_default()
    opts = RenderOptions(surface="dm")

    def turn(**kw: Any) -> Turn:
        return Turn(platform="slack", tenant=TEAM_ID, conversation="D0", user="U0", surface="dm",
                    **kw)

    session, replies = step(None, turn(text="start"), kb)
    messages = to_messages(replies, opts)
    steps = [Step("dm", "/slack/events", "application/json", _dm_body("start"), len(messages),
                  False)]
    clicks = 0
    while session is not None and session.stage == "asking" and session.current:
        factor = session.current
        value = f"{factor}={vector[factor]}"
        shown = next(m.blocks for m in messages
                     if any(b.get("block_id") == f"advisor:answers:{factor}" for b in m.blocks))
        session, replies = step(session, turn(
            action=AnswerAction(factor=factor, answer=vector[factor])), kb)
        messages = to_messages(replies, opts)
        steps.append(Step("click", "/slack/events", "application/x-www-form-urlencoded",
                          _click_body(shown, value, response_url), len(messages), True))
        clicks += 1
        if clicks == 2 and session is not None and session.stage == "asking":
            session, replies = step(session, turn(text=question), kb)
            messages = to_messages(replies, opts)
            steps.append(Step("dm", "/slack/events", "application/json", _dm_body(question),
                              len(messages), False))
    return steps


def _activity(service_url: str, value: dict[str, str]) -> str:
    return json.dumps({
        "type": "message", "id": ACT, "timestamp": "2026-11-28T12:00:00.000Z",
        "channelId": "msteams", "serviceUrl": service_url,
        "from": {"id": f"29:{USER}", "name": "Pat", "aadObjectId": f"aad-{USER}"},
        "recipient": TEAMS_BOT,
        "conversation": {"id": CONV, "conversationType": "personal", "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}}, "locale": "en-US", "text": "", "value": value,
    })


def teams_cycle(vector: dict[str, str], service_url: str) -> list[Step]:
    """One whole assessment by card submits: Start, then each answer the bot asks for."""
    from bot.teams.render import render_all
    from dialogs.engine import step
    from dialogs.turn import AnswerAction, CommandAction, Turn
    from knowledge import load_default

    kb = load_default()

    def turn(action: AnswerAction | CommandAction) -> Turn:
        return Turn(platform="teams", tenant=TENANT, conversation="a:0", user="u",
                    surface="card", action=action)

    session, replies = step(None, turn(CommandAction(command="start")), kb)
    steps = [Step("teams", "/api/messages", "application/json",
                  _activity(service_url, {"command": "start"}), len(render_all(replies)), False)]
    while session is not None and session.stage == "asking" and session.current:
        factor = session.current
        session, replies = step(session, turn(AnswerAction(factor=factor,
                                                            answer=vector[factor])), kb)
        steps.append(Step("teams", "/api/messages", "application/json",
                          _activity(service_url, {"factor": factor, "answer": vector[factor]}),
                          len(render_all(replies)), False))
    return steps
