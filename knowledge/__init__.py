"""Curated passages about managed services and IT staff augmentation, and their retrieval.

Public API::

    from knowledge import KnowledgeBase, Passage, Hit, load_default, load_dir, FALLBACK, TOPICS
    from knowledge import check_kb, KnowledgeError
"""

from knowledge.check import check_kb
from knowledge.index import KnowledgeBase
from knowledge.loader import PASSAGES_DIR, load_default, load_dir
from knowledge.messages import FALLBACK
from knowledge.model import TOPICS, Hit, KnowledgeError, Passage

__all__ = [
    "FALLBACK",
    "PASSAGES_DIR",
    "TOPICS",
    "Hit",
    "KnowledgeBase",
    "KnowledgeError",
    "Passage",
    "check_kb",
    "load_default",
    "load_dir",
]
