"""Share to a channel from a direct message: the channel picker, and what the user is told.

In a channel, **Share to channel** posts a read-only copy to that channel; from ``/advisor`` it
goes out through the response_url ``in_channel``. In a DM there is no channel to post to, so the
advisor asks which one: a message with a ``conversations_select`` (public and private channels,
no bots). Picking one posts the copy there and turns the picker into a short confirmation; if
Slack refuses (the advisor is not in that channel), the picker stays and a note says how to
invite it.
"""

from __future__ import annotations

from bot.actions import command_value
from bot.slack.mrkdwn import escape
from bot.slack.render import PREFIX, SlackMessage, sections
from dialogs.replies import TextReply

SHARE_TO_ACTION = f"{PREFIX}share:to"
"""The ``action_id`` of the channel picker (its selection arrives as ``selected_conversation``)."""
SHARE_VALUE = command_value("share")

PICK_PROMPT = "Share this recommendation in which channel? I post a read-only copy there."
PICK_PLACEHOLDER = "Pick a channel"
SHARED = TextReply(text="Shared: a read-only copy is in the channel you picked.", tone="success")
NOT_POSTED = TextReply(
    text="I could not post in that channel. Invite me there first "
    "(/invite @Engagement Advisor), then pick it again above.",
    tone="error",
)


def picker_message() -> SlackMessage:
    """The question "which channel?" with Slack's own conversation picker."""
    blocks = sections(escape(PICK_PROMPT), f"{PREFIX}share-pick")
    blocks.append({
        "type": "actions",
        "block_id": f"{PREFIX}share-to",
        "elements": [{
            "type": "conversations_select",
            "action_id": SHARE_TO_ACTION,
            "placeholder": {"type": "plain_text", "text": PICK_PLACEHOLDER},
            "filter": {"include": ["public", "private"], "exclude_bot_users": True},
        }],
    })
    return SlackMessage(text=escape(PICK_PROMPT), blocks=blocks)


__all__ = ["NOT_POSTED", "PICK_PROMPT", "SHARED", "SHARE_TO_ACTION", "SHARE_VALUE",
           "picker_message"]
