"""User-facing text of the knowledge package."""

from __future__ import annotations

from typing import Final

FALLBACK: Final = (
    "I couldn't find anything on that in my notes. I can help with the difference between "
    "managed services and IT staff augmentation, when each one fits, what goes wrong when the "
    "two get mixed up, SLAs and escalation paths, governance, hybrid set-ups, switching models "
    'and contract shapes. Try asking "when does staff augmentation fit?", or type "start" '
    "for a guided assessment of an engagement."
)
