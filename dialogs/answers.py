"""Questions answered from the knowledge base (no inference: ``advisor ask`` starts fast)."""

from __future__ import annotations

from dialogs import texts as T
from dialogs.assess import view
from dialogs.replies import PassagesReply
from knowledge import FALLBACK, KnowledgeBase


def answer_question(text: str, kb: KnowledgeBase, k: int = 3) -> PassagesReply:
    """The knowledge base's best passages for a question, or the fallback."""
    hits = kb.search(text, k=k)
    if not hits:
        return PassagesReply(question=text, passages=(), fallback=FALLBACK, actions=(T.START,))
    return PassagesReply(
        question=text, passages=tuple(view(h.passage, round(h.score, 3)) for h in hits)
    )
