"""Corrections in plain words: "no, the client is accountable", "decision authority: the provider".

``read(text)`` gives the ``(factor, answer)`` pairs a correction states, or ``None`` when the text
is not a correction. Two shapes are read:

* a factor named by its id or the bot's own topic word, then ``:``, ``=``, ``is`` or ``should be``,
  then an answer's id or label: "decision authority: the provider", "accountability = shared",
  "scope is open-ended", "pace of change: fast";
* a correction marker ("no", "actually", "correction", "wrong", "not quite", "in fact") followed by
  an ownership or fit statement, read by the same inference as a description: "no, the client is
  accountable", "actually we pick the tools".

A question is never a correction: text ending in "?" or opening with a question word is left to
the knowledge base ("is the client accountable in staff augmentation?").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from dialogs import factors as F
from dialogs.replies import Inferred

MAX_CORRECTION_CHARS = 200
"""A correction is a short message; anything longer is read as a description or a question."""

_MARKER = re.compile(
    r"^\s*(?:no|nope|nah|actually|correction|wrong|not quite|not really|in fact|"
    r"that's wrong|that is wrong|that's not right|not right)\b[\s,.:;!-]*",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"^\s*(?:what|what's|whats|how|why|when|who|whom|whose|which|where|can|could|should|would|"
    r"is|are|does|do|did|will|explain|tell me|define|describe)\b",
    re.IGNORECASE,
)
_NAMED = re.compile(
    r"^\s*(?P<factor>[a-z_ ]{4,40}?)\s*(?::|=|\bis\b|\bshould be\b|\bwould be\b)\s*"
    r"(?P<answer>[a-z_' -]{2,40}?)\s*[.!]?\s*$",
    re.IGNORECASE,
)

_FACTOR_NAMES: dict[str, str] = {}
for _f in F.FACTORS:
    for _name in (_f.id, _f.id.replace("_", " "), _f.topic):
        _FACTOR_NAMES[_name.lower()] = _f.id
_FACTOR_NAMES.update(
    {
        "decision owner": "decision_owner",
        "decisions": "decision_owner",
        "decision": "decision_owner",
        "who decides": "decision_owner",
        "authority": "decision_owner",
        "accountable": "accountability",
        "change rate": "change_rate",
        "leadership": "leadership",
    }
)


def _answer_names(factor_id: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for a in F.get(factor_id).answers:
        label = a.label.lower()
        for name in (a.id, a.id.replace("_", " "), label, label.removeprefix("the ")):
            out[name] = a.id
    if factor_id in F.OWNERSHIP:
        out.update({"us": "provider", "we": "provider", "them": "client", "they": "client",
                    "vendor": "provider", "supplier": "provider", "customer": "client",
                    "joint": "shared", "both": "shared"})
    if factor_id == "scope":
        out.update({"open ended": "open", "open-ended": "open", "bounded": "bounded"})
    return out


def _named(text: str) -> dict[str, str] | None:
    m = _NAMED.match(text)
    if not m:
        return None
    name = re.sub(r"\s+", " ", m.group("factor").strip().lower()).removeprefix("the ")
    factor = _FACTOR_NAMES.get(name)
    if factor is None:
        return None
    answer = _answer_names(factor).get(re.sub(r"\s+", " ", m.group("answer").strip().lower()))
    if answer is None:
        return None
    return {factor: answer}


def is_question(text: str) -> bool:
    stripped = text.strip()
    return stripped.endswith("?") or bool(_QUESTION.match(stripped))


def read(
    text: str, infer: Callable[[str], Mapping[str, Inferred]]
) -> dict[str, str] | None:
    """The answers a correction states (factor order), or ``None`` if ``text`` is not one.

    ``infer`` reads the statement after a correction marker (``dialogs.inference.infer``, passed
    in so that a message which is no correction never loads the rule tables).
    """
    if not text or len(text) > MAX_CORRECTION_CHARS or is_question(text):
        return None
    marker = _MARKER.match(text)
    body = text[marker.end():] if marker else text
    named = _named(body)
    if named is not None:
        return named
    if marker is None or not body.strip():
        return None
    found = {f: i.value for f, i in infer(body).items()}
    if not found:
        return None
    return {f: found[f] for f in F.FACTOR_IDS if f in found}


__all__ = ["MAX_CORRECTION_CHARS", "is_question", "read"]
