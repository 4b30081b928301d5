"""Slack payloads -> neutral turns, and where their replies go. Pure functions, no I/O.

Scopes (one session each):

* a mention in a channel: the mention's thread (``thread_ts``, or the message's own ``ts`` when
  it starts one), so each thread holds one assessment;
* a direct message: the DM, or the DM thread the message was posted in;
* ``/advisor`` and clicks on its ephemeral replies: the caller's own private scope in that
  channel (thread ``slash-{user}``), since nobody else sees those messages;
* the App Home button: the user's DM with the app (opened by the caller, see ``home_action``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.actions import read_value
from bot.slack.render import PREFIX, SHARE_ASK_PREFIX, Surface, unescape
from bot.slack.share import SHARE_TO_ACTION, SHARE_VALUE
from dialogs.turn import CommandAction, Turn

Payload = dict[str, Any]

# Message subtypes that are a person typing; everything else (edits, deletions, joins, bot
# messages, file comments...) is ignored.
_USER_SUBTYPES: frozenset[str | None] = frozenset({None, "thread_broadcast", "file_share"})
# Blocks of a question message: a click there updates that message in place.
_QUESTION_BLOCKS = (f"{PREFIX}answers:", f"{PREFIX}nav:")
_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
# Channel types whose thread replies are read without a mention (message.channels / .groups).
_THREAD_CHANNELS = frozenset({"channel", "group"})


@dataclass(frozen=True, slots=True)
class Target:
    """Where the replies of a turn go."""

    surface: Surface
    user: str
    channel: str | None
    thread_ts: str | None = None
    response_url: str | None = None
    update_ts: str | None = None
    replace_original: bool = False


@dataclass(frozen=True, slots=True)
class Inbound:
    """A request that is a turn for the engine."""

    turn: Turn
    target: Target
    files_attached: bool = False
    """The message came with files, which the advisor does not read (it says so)."""
    unaddressed: bool = False
    """A reply in a channel thread that does not mention the advisor: a turn only when the
    thread holds an assessment (asked through the turn boundary); otherwise dropped unseen."""

    @property
    def is_share(self) -> bool:
        action = self.turn.action
        return isinstance(action, CommandAction) and action.command == "share"


@dataclass(frozen=True, slots=True)
class ShareAnswer:
    """"Share to channel" on a private ``/advisor ask`` answer: post it for everyone."""

    question: str
    target: Target


@dataclass(frozen=True, slots=True)
class ShareTo:
    """A channel picked in the DM's share picker (``bot/slack/share.py``): ``inbound`` is the
    share turn in the DM's own scope (its target the picker message); the copy goes to
    ``channel``."""

    inbound: Inbound
    channel: str


@dataclass(frozen=True, slots=True)
class HomeStart:
    """A button on the App Home tab: the turn runs in the user's DM, which must be opened first."""

    team: str
    user: str
    value: str
    event_id: str


# --- helpers ----------------------------------------------------------------------------------


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _dict(value: Any) -> Payload:
    return value if isinstance(value, dict) else {}


def clean_text(text: str, bot_user_id: str | None) -> str:
    """Slack message text -> what the user typed: the bot's mention removed, entities decoded.

    Real mentions arrive as ``<@U…>``; characters the user typed arrive escaped (``&lt;``), so
    decoding after stripping keeps typed ``<@U…>`` as plain text (it is escaped again on output).
    """
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    else:
        text = _MENTION.sub(" ", text, count=1)
    return unescape(re.sub(r"[ \t]+", " ", text).strip())


parse_value = read_value
"""A button value -> an action (``bot/actions.py``, the one codec)."""


def _team(body: Payload) -> str:
    return (
        _str(body.get("team_id"))
        or _str(_dict(body.get("team")).get("id"))
        or _str(_dict(body.get("user")).get("team_id"))
        or _str(body.get("enterprise_id"))
        or "-"
    )


# --- events -----------------------------------------------------------------------------------


def from_event(body: Payload, *, bot_user_id: str | None) -> Inbound | None:
    """``app_mention`` in a channel, ``message`` in a DM, or a ``message`` replying in a channel
    thread (``Inbound.unaddressed``: the caller asks whether the thread is ours) -> a turn;
    anything else -> None."""
    event = _dict(body.get("event"))
    kind = event.get("type")
    user = _str(event.get("user"))
    channel = _str(event.get("channel"))
    if (
        user is None
        or channel is None
        or event.get("bot_id")
        or event.get("bot_profile")
        or not isinstance(event.get("subtype"), str | None)
        or event.get("subtype") not in _USER_SUBTYPES
        or event.get("hidden")
        or (bot_user_id is not None and user == bot_user_id)
    ):
        return None
    ts = _str(event.get("ts"))
    thread = _str(event.get("thread_ts"))
    if kind == "app_mention":
        if channel.startswith("D"):
            return None  # the DM's message event carries it
        surface: Surface = "channel"
        thread = thread or ts
        if thread is None:
            return None
    elif kind == "message":
        if event.get("channel_type") == "im" or channel.startswith("D"):
            surface = "dm"
        elif _thread_reply(event, ts, thread, bot_user_id):
            surface = "channel"
        else:
            return None
    else:
        return None
    text = clean_text(str(event.get("text") or ""), bot_user_id)
    files = bool(event.get("files")) or event.get("subtype") == "file_share"
    if not text and files:
        return None  # files alone: ``files_only`` answers with the note
    turn = Turn(
        platform="slack",
        tenant=_team(body),
        conversation=channel,
        thread=thread,
        user=user,
        text=text,
        event_id=_str(body.get("event_id")),
        surface=surface,
    )
    return Inbound(turn=turn, target=Target(surface=surface, user=user, channel=channel,
                                            thread_ts=thread), files_attached=files,
                   unaddressed=kind == "message" and surface == "channel")


def _thread_reply(event: Payload, ts: str | None, thread: str | None,
                  bot_user_id: str | None) -> bool:
    """A ``message.channels`` / ``message.groups`` event that is someone's reply inside a thread
    and does not mention the advisor (a mention also arrives as ``app_mention``, which answers
    it). Without the advisor's own id it cannot tell, so it reads nothing."""
    if _str(event.get("channel_type")) not in _THREAD_CHANNELS or thread is None or thread == ts:
        return False
    if bot_user_id is None:
        return False
    return f"<@{bot_user_id}" not in str(event.get("text") or "")


def files_only(body: Payload, *, bot_user_id: str | None) -> bool:
    """A DM or mention that carries files and no text: only the note is answered."""
    event = _dict(body.get("event"))
    if not event.get("files") or clean_text(str(event.get("text") or ""), bot_user_id):
        return False
    probe = {**body, "event": {**event, "text": "files"}}
    inbound = from_event(probe, bot_user_id=bot_user_id)
    return inbound is not None and not inbound.unaddressed


def event_target(body: Payload) -> Target | None:
    """Where a reply to a message event goes (as ``from_event`` would send it)."""
    event = _dict(body.get("event"))
    user, channel = _str(event.get("user")), _str(event.get("channel"))
    if user is None or channel is None:
        return None
    thread = _str(event.get("thread_ts"))
    if event.get("type") == "app_mention":
        return Target(surface="channel", user=user, channel=channel,
                      thread_ts=thread or _str(event.get("ts")))
    return Target(surface="dm", user=user, channel=channel, thread_ts=thread)


# --- slash command ----------------------------------------------------------------------------

def slash_scope(user: str) -> str:
    return f"slash-{user}"


def from_command(body: Payload) -> Inbound | None:
    """``/advisor [start|ask QUESTION|assess TEXT|learn|help|forget]`` -> a private turn.

    The text goes to the engine as typed text (``assess TEXT`` and ``ask QUESTION`` are
    understood there); anything else is typed text too, answered from the knowledge base.
    """
    user = _str(body.get("user_id"))
    channel = _str(body.get("channel_id"))
    if user is None or channel is None:
        return None
    text = unescape(str(body.get("text") or "")).strip() or "help"
    trigger = _str(body.get("trigger_id")) or f"{channel}:{user}:{text[:32]}"
    turn = Turn(
        platform="slack",
        tenant=_team(body),
        conversation=channel,
        thread=slash_scope(user),
        user=user,
        text=text,
        event_id=f"command:{trigger}",
        surface="slash",
    )
    target = Target(surface="slash", user=user, channel=channel,
                    response_url=_str(body.get("response_url")))
    return Inbound(turn=turn, target=target)


# --- button clicks ----------------------------------------------------------------------------


def first_action(body: Payload) -> Payload:
    acts = body.get("actions")
    return _dict(acts[0]) if isinstance(acts, list) and acts else {}


def from_action(body: Payload) -> Inbound | ShareAnswer | ShareTo | HomeStart | None:
    """A ``block_actions`` click on one of our buttons -> a turn (or a share, or a Home start)."""
    action = first_action(body)
    user = _str(_dict(body.get("user")).get("id"))
    if user is None or not str(action.get("action_id", "")).startswith(PREFIX):
        return None
    if action.get("action_id") == SHARE_TO_ACTION:
        return _share_to(body, action, user)
    value = str(action.get("value") or "")
    stamp = _str(action.get("action_ts")) or _str(body.get("trigger_id")) or "-"
    event_id = f"action:{stamp}:{user}"
    container = _dict(body.get("container"))
    if container.get("type") == "view" or _dict(body.get("view")).get("type") == "home":
        return HomeStart(team=_team(body), user=user, value=value, event_id=event_id)
    channel = _str(container.get("channel_id")) or _str(_dict(body.get("channel")).get("id"))
    if channel is None:
        return None
    in_question = str(action.get("block_id", "")).startswith(_QUESTION_BLOCKS)
    response_url = _str(body.get("response_url"))
    if container.get("is_ephemeral"):
        target = Target(surface="slash", user=user, channel=channel, response_url=response_url,
                        replace_original=in_question)
        if value.startswith(SHARE_ASK_PREFIX):
            return ShareAnswer(question=value[len(SHARE_ASK_PREFIX):], target=target)
        return Inbound(turn=_click_turn(body, user, channel, slash_scope(user), value, event_id,
                                        "slash"), target=target)
    message = _dict(body.get("message"))
    message_ts = _str(container.get("message_ts")) or _str(message.get("ts"))
    thread = _str(message.get("thread_ts")) or _str(container.get("thread_ts"))
    if channel.startswith("D"):
        surface: Surface = "dm"
    else:
        surface, thread = "channel", thread or message_ts
    target = Target(surface=surface, user=user, channel=channel, thread_ts=thread,
                    update_ts=message_ts if in_question else None)
    return Inbound(turn=_click_turn(body, user, channel, thread, value, event_id, surface),
                   target=target)


def _share_to(body: Payload, action: Payload, user: str) -> ShareTo | None:
    """The channel picker's selection, in a DM: the share turn of that DM's scope."""
    picked = _str(action.get("selected_conversation"))
    container = _dict(body.get("container"))
    channel = _str(container.get("channel_id")) or _str(_dict(body.get("channel")).get("id"))
    if picked is None or channel is None or not channel.startswith("D"):
        return None
    message = _dict(body.get("message"))
    thread = _str(message.get("thread_ts")) or _str(container.get("thread_ts"))
    stamp = _str(action.get("action_ts")) or _str(body.get("trigger_id")) or "-"
    turn = _click_turn(body, user, channel, thread, SHARE_VALUE, f"action:{stamp}:{user}", "dm")
    picker_ts = _str(container.get("message_ts")) or _str(message.get("ts"))
    target = Target(surface="dm", user=user, channel=channel, thread_ts=thread,
                    update_ts=picker_ts)
    return ShareTo(inbound=Inbound(turn=turn, target=target), channel=picked)


def _click_turn(body: Payload, user: str, channel: str, thread: str | None, value: str,
                event_id: str, surface: Surface) -> Turn:
    return Turn(
        platform="slack",
        tenant=_team(body),
        conversation=channel,
        thread=thread,
        user=user,
        action=parse_value(value),
        event_id=event_id,
        surface=surface,
    )


def home_turn(start: HomeStart, dm_channel: str) -> Inbound:
    """The App Home click as a turn in the user's DM (``dm_channel`` from conversations.open)."""
    turn = Turn(
        platform="slack",
        tenant=start.team,
        conversation=dm_channel,
        thread=None,
        user=start.user,
        action=parse_value(start.value),
        event_id=start.event_id,
        surface="home",
    )
    return Inbound(turn=turn, target=Target(surface="dm", user=start.user, channel=dm_channel))


__all__ = [
    "HomeStart",
    "Inbound",
    "ShareAnswer",
    "ShareTo",
    "Target",
    "clean_text",
    "event_target",
    "files_only",
    "from_action",
    "from_command",
    "from_event",
    "home_turn",
    "parse_value",
]
