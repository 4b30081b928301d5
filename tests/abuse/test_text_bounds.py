"""Bounded work per turn: adversarial text up to the turn cap costs a bounded number of
operations in every text-processing stage (counted by ``knowledge.work``, never timed).

The texts are what a hostile user would paste: one very long word, a token repeated a thousand
times, runs of punctuation or spaces, mixed scripts and emoji, and the bot's own trigger phrases
("sla", "they want us to own it") repeated. Each is driven through ``dialogs.engine.step`` as a
DM would be (idle, and in the middle of the guided questions), and the counts are checked
against the documented caps (``dialogs.inference.MAX_*``). Timings of the same shapes are in
``bench/adversarial.py`` and docs/performance.md.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot import turns
from dialogs import inference
from dialogs.engine import Result, step
from dialogs.session import Session
from dialogs.turn import MAX_TEXT_CHARS, Turn
from knowledge import KnowledgeBase, load_default
from knowledge import index as retrieval
from knowledge.index import vocabulary
from knowledge.spelling import MAX_LENGTH
from knowledge.work import counting
from tests.abuse.support import UNICODE_EDGES
from tests.support.defaults import memory_store, settings_of

KB = load_default()
RULES = len(inference._RULES)
VOCABULARY = len(set(vocabulary(KB.passages)))
PROBES_PER_REPAIR = 1 + MAX_LENGTH + MAX_LENGTH * (MAX_LENGTH - 1) // 2
"""Two-letter deletions of the longest word repair looks at, plus the word and its one-letter
deletions."""
CELLS_PER_REPAIR = VOCABULARY * MAX_LENGTH * MAX_LENGTH
"""Alignment cells if every known word were a candidate (it never is: a loose constant)."""

TRIGGERS = ("sla", "they want us to own it", "their CTO keeps every decision", "no", "not",
            "we", "the big team", "the apis are stable", "scope is clear", "Acme", "'a'",
            "managed servcies", "augmentaion")
PIECES = st.one_of(
    st.sampled_from(TRIGGERS),
    st.sampled_from(UNICODE_EDGES),
    st.sampled_from(("-", " ", ".", ",", "!?", "'", "\u2019", "&", "\n", "😀", "日本語", "Ж")),
    st.text(min_size=1, max_size=12),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=6, max_size=60),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1000, max_size=MAX_TEXT_CHARS),
)


@st.composite
def adversarial(draw: st.DrawFn) -> str:
    """A text of up to ``MAX_TEXT_CHARS``: a few pieces, each repeated many times."""
    kind = draw(st.sampled_from(["word", "repeat", "mix"]))
    size = draw(st.integers(min_value=1, max_value=MAX_TEXT_CHARS))
    if kind == "word":  # one long word, maybe a letter changed so it is "unknown"
        letter = draw(st.sampled_from("aAeé日z"))
        return letter * size
    pieces = draw(st.lists(PIECES, min_size=1, max_size=4 if kind == "mix" else 1))
    sep = draw(st.sampled_from([" ", "", ", ", "\n", "  "]))
    text = sep.join(pieces)
    return (text + sep) * (size // max(len(text + sep), 1) + 1)


def turn(text: str) -> Turn:
    return Turn(platform="slack", tenant="T", conversation="D1", user="U1", text=text[:MAX_TEXT_CHARS])


def asking() -> Session:
    s, _ = step(None, turn("start"), KB)
    assert s is not None and s.stage == "asking"
    return s


ASKING = asking()


def work_of(session: Session | None, text: str) -> Counter[str]:
    with counting() as work:
        step(session, turn(text), KB)
    return work


def assert_inference_bounded(work: Counter[str], text: str) -> None:
    assert work["inference.runs"] <= 1, "inference ran more than once in one turn"
    assert work["inference.rules"] <= RULES
    assert work["inference.scanned"] <= work["inference.rules"] * min(len(text), inference.MAX_SCAN)
    assert work["inference.matches"] <= inference.MAX_MATCHES
    assert work["inference.lookback"] <= 5 * inference.MAX_LOOKBACK * work["inference.matches"]


FRAMING_PASSES = 6
"""``knowledge.framing`` asks up to six times whether the query names a model (``name_models``,
``placed_only``, ``preferred``: rounds 10-15); each asks :func:`knowledge.text.tokens` of the
whole reframed query."""


def assert_retrieval_bounded(work: Counter[str]) -> None:
    queries = work["index.queries"]
    assert queries <= 1, "the knowledge base was searched more than once in one turn"
    assert work["spelling.probes"] <= queries * retrieval.MAX_REPAIRS * PROBES_PER_REPAIR
    assert work["spelling.cells"] <= queries * retrieval.MAX_REPAIRS * CELLS_PER_REPAIR
    # the ranking's tokenising pass, and a second when an everyday word meets a WEAK_CORE word
    # (each cut at MAX_QUERY_WORDS), plus knowledge.framing's checks on the reframed query,
    # which tokenise the whole char-capped query (at most FRAMING_PASSES times, each at most
    # MAX_QUERY_CHARS words with what framing appends): a constant number of passes, linear
    assert work["text.words"] <= queries * (
        2 * retrieval.MAX_QUERY_WORDS + FRAMING_PASSES * retrieval.MAX_QUERY_CHARS)
    # the query's tokens, one "matched" call each, the ceilings and a few nudges
    assert work["index.scored"] <= queries * (3 * retrieval.MAX_QUERY_TOKENS + 16)


def test_a_long_word_is_not_repaired() -> None:
    """A 1,200-letter word cost 2.2 s and 850 MB in typo repair; now it is left as typed."""
    word = "".join("abcdefghijklmnopqrstuvwxyz"[(i * 7) % 26] for i in range(1200))
    with counting() as work:
        assert KB.repair(word) == word
        KB.search(word)
    assert work["spelling.probes"] == 0


def test_one_query_repairs_a_bounded_number_of_words() -> None:
    letters = "abcdefghijklmnopqrstuvwxyz"
    typos = " ".join(f"governan{letters[i % 26]}{letters[i // 26]}" for i in range(300))
    with counting() as work:
        KB.search("managed servcies " + typos)
    assert 0 < work["spelling.probes"] <= retrieval.MAX_REPAIRS * PROBES_PER_REPAIR


def test_a_description_in_a_dm_runs_inference_once() -> None:
    text = "run their 24/7 monitoring with a 99.9% SLA; we pick the tooling"
    assert work_of(None, text)["inference.runs"] == 1
    assert work_of(ASKING, text)["inference.runs"] == 1


def test_a_repeated_trigger_word_weighs_at_most_the_capped_matches() -> None:
    work = work_of(None, ("sla " * MAX_TEXT_CHARS)[:MAX_TEXT_CHARS])
    assert work["inference.matches"] == inference.MAX_MATCHES_PER_RULE
    assert work["inference.lookback"] <= inference.MAX_MATCHES_PER_RULE * 5 * inference.MAX_LOOKBACK


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=adversarial(), idle=st.booleans())
@example(text="sla " * 1000, idle=True)
@example(text="no " * 600, idle=False)
@example(text="they want us to own it " * 180, idle=False)
@example(text="a" * MAX_TEXT_CHARS, idle=True)
def test_adversarial_text_costs_bounded_work(text: str, idle: bool) -> None:
    text = text[:MAX_TEXT_CHARS]
    work = work_of(None if idle else ASKING, text)
    assert_inference_bounded(work, text)
    assert_retrieval_bounded(work)


async def test_a_long_turn_is_stepped_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """The turn boundary steps long text in a worker thread, so the loop keeps acknowledging
    other conversations; short turns stay on the loop (a thread hop would cost more)."""
    seen: list[tuple[str, bool]] = []

    def recording_step(session: Session | None, t: Turn, kb: KnowledgeBase) -> Result:
        seen.append((t.text or "", threading.current_thread() is threading.main_thread()))
        return step(session, t, kb)

    monkeypatch.setattr("dialogs.engine.step", recording_step)  # bot.turns imports it per turn
    runner = turns.TurnRunner(store=memory_store(), kb=KB, settings=settings_of())
    long = "they want us to own it " * 100
    for text in ("help", long):
        result = await runner.run(turn(text))
        assert result.outcome == "ok" and result.replies
    assert seen == [("help", True), (long[:MAX_TEXT_CHARS], False)]
