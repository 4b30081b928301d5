"""Slack mrkdwn escaping: the one function every reply text goes through before it is drawn.

Slack has no escape for its formatting marks, so text that came from a user (an echoed
description, an evidence quote, a question) or from the knowledge base is made inert:

- ``&``, ``<``, ``>`` become entities (``&`` first), so ``<!channel>``, ``<@U…>``,
  ``<!subteam^S…>`` and ``<https://x|label>`` are shown, never acted on;
- ``*``, ``_``, ``~`` that could open or close bold, italic or strike (anywhere but between two
  letters or digits, where Slack never formats: ``decision_owner`` stays as typed) and every
  backtick become look-alike characters that Slack does not parse;
- a ``>`` starting a line (Slack's block quote) is preceded by a zero-width space.
"""

from __future__ import annotations

import re

LOOKALIKES = {"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"}
"""asterisk operator, modifier letter low macron, tilde operator, modifier letter grave accent"""

_MARK = re.compile(r"`|(?<![^\W_])[*_~]|[*_~](?![^\W_])")
"""A backtick, or a formatting mark not between two word characters (letters or digits)."""
_QUOTE = re.compile(r"^&gt;", re.MULTILINE)


def escape(text: str) -> str:
    """``text`` as inert mrkdwn: shown exactly, never formatted, linked or mentioning anyone."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARK.sub(lambda m: LOOKALIKES[m.group(0)], text)
    return _QUOTE.sub("\u200b&gt;", text)


def unescape(text: str) -> str:
    """Undo the entity part of :func:`escape` (Slack sends typed ``<``, ``>``, ``&`` this way)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
