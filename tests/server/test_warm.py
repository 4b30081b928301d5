"""``advisor serve`` pays its one-time costs before it listens (issue 13.6): what one-shot
commands defer to first use is built by ``bot.server.warm``, so no user's first turn pays it."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
from bot.server import warm
from dialogs import document, inference_rules
from knowledge import load_default

blocks = document._Frozen.__subclasses__()
before = sum(b.__pydantic_complete__ for b in blocks)
warm()
kb = load_default()
print(len(blocks), before, sum(b.__pydantic_complete__ for b in blocks),
      kb._index is not None, kb._speller is not None,
      inference_rules._compiled.cache_info().currsize,
      all(m in sys.modules for m in ("dialogs.engine", "tenacity")))
"""


def test_warm_builds_what_one_shot_commands_defer() -> None:
    # A fresh interpreter: in this one, other tests may have built things already.
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                         check=True).stdout.split()
    blocks, before, after, index, speller, rules, imported = out
    assert int(blocks) >= 10
    assert int(before) == 0  # deferred: nothing built at import
    assert after == blocks
    assert index == speller == "True"
    assert int(rules) > 100
    assert imported == "True"  # what TurnRunner imports with its first turn
