"""One structured log line per turn: platform, surface, outcome, duration, hashed conversation."""

from __future__ import annotations

import io
import json
import logging

from bot.logs import hashed, setup_logging
from bot.metrics import Metrics
from bot.turns import TurnRunner
from dialogs.turn import Turn
from knowledge import load_default
from tests.support.defaults import PREFIX, SESSION_TTL, memory_store, settings_of

SECRET_TEXT = "they keep every decision but want us to guarantee the date for ACME-SECRET"


async def test_turn_log_line_is_json_without_message_text(monkeypatch: object) -> None:
    stream = io.StringIO()
    setup_logging("INFO", "json")
    root = logging.getLogger()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    try:
        runner = TurnRunner(store=memory_store(), kb=load_default(), settings=settings_of())
        turn = Turn(platform="slack", tenant="T1", conversation="C1", thread="1.2", user="U1",
                    text=SECRET_TEXT, surface="channel", event_id="Ev1")
        result = await runner.run(turn)
        assert result.outcome == "ok"
    finally:
        root.handlers.clear()
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    turns = [line for line in lines if line.get("message") == "turn"]
    assert len(turns) == 1
    line = turns[0]
    assert line["platform"] == "slack" and line["surface"] == "channel"
    assert line["outcome"] == "ok" and line["duration_ms"] >= 0
    assert line["conversation"] == hashed(turn.session_id)
    raw = stream.getvalue()
    assert "ACME-SECRET" not in raw and "C1" not in raw and "U1" not in raw


async def test_store_failure_is_a_polite_reply_and_metric() -> None:
    from bot.store.factory import make_store

    store = make_store("redis://127.0.0.1:1/0", ttl_seconds=SESSION_TTL, prefix=PREFIX)
    metrics = Metrics()
    runner = TurnRunner(store=store, kb=load_default(), settings=settings_of(), metrics=metrics)
    turn = Turn(platform="console", tenant="t", conversation="c", user="u", text="start")
    result = await runner.run(turn)
    await store.close()
    assert result.outcome == "store_unavailable"
    assert "can't reach my memory" in result.replies[0].text  # type: ignore[union-attr]
    assert metrics.redis_errors._value.get() == 1
