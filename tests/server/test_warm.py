"""``advisor serve`` pays its one-time costs before it listens (issue 13.6): what one-shot
commands defer to first use is built by ``bot.server.warm``, so no user's first turn pays it."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
from bot.server import warm
from dialogs import deferred, document, inference_rules, replies, session, turn
from knowledge import load_default

big = (document.Document, replies.RecommendationReply, session.Session, turn.Turn)
before = sum(m.__pydantic_complete__ for m in big)
warm()
models = deferred.project_models()
kb = load_default()
print(len(models), before, sum(m.__pydantic_complete__ for m in models),
      all(m in models for m in big),
      kb._index is not None, kb._speller is not None,
      inference_rules._compiled.cache_info().currsize,
      all(m in sys.modules for m in ("dialogs.engine", "tenacity")))
"""


def test_warm_builds_what_one_shot_commands_defer() -> None:
    # A fresh interpreter: in this one, other tests may have built things already.
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                         check=True).stdout.split()
    models, before, after, found, index, speller, rules, imported = out
    assert int(models) >= 30  # reply documents, replies, sessions, turns, passages
    assert int(before) == 0  # deferred: not built at import
    assert after == models
    assert found == "True"
    assert index == speller == "True"
    assert int(rules) > 100
    assert imported == "True"  # what TurnRunner imports with its first turn
