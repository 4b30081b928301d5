"""Retrieval quality, the relevance gate, ordering and the shape of hits."""

from __future__ import annotations

import random
import string
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from knowledge import FALLBACK, TOPICS, Hit, KnowledgeBase, Passage, load_default
from knowledge.text import stem, tokens

DATA = Path(__file__).resolve().parents[1] / "data"
KB = load_default()


def _load(name: str) -> Any:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


QUESTIONS: list[dict[str, Any]] = _load("retrieval_questions.yaml")
OFF_TOPIC: list[str] = _load("retrieval_offtopic.yaml")
FRESH: dict[str, list[dict[str, Any]]] = {
    name: _load(f"retrieval_fresh_{name}.yaml") for name in ("a", "b", "c", "d", "e")
}
OFF_TOPIC_FRESH: list[str] = [
    q for name in ("fresh", "holdout", "holdout2") for q in _load(f"retrieval_offtopic_{name}.yaml")
]
OFF_TOPIC_HELD_OUT: list[str] = _load("retrieval_offtopic_holdout3.yaml")


def test_question_file_is_sound() -> None:
    assert len(QUESTIONS) >= 40
    own = {_norm(q) for p in KB.passages for q in p.questions}
    for item in QUESTIONS:
        assert _norm(item["q"]) not in own, f"copied from a passage: {item['q']}"
        assert item["expect"] and all(pid in KB for pid in item["expect"]), item


def test_recall_at_3() -> None:
    misses = []
    for item in QUESTIONS:
        found = [h.passage.id for h in KB.search(item["q"], k=3)]
        if not set(found) & set(item["expect"]):
            misses.append(f"{item['q']!r}: got {found}, want one of {item['expect']}")
    recall = 1 - len(misses) / len(QUESTIONS)
    print(f"recall@3 = {recall:.3f} ({len(QUESTIONS) - len(misses)}/{len(QUESTIONS)})")
    for miss in misses:
        print("  miss:", miss)
    assert recall >= 0.9


def test_off_topic_file_is_sound() -> None:
    assert len(OFF_TOPIC) >= 20


@pytest.mark.parametrize("query", OFF_TOPIC)
def test_off_topic_queries_get_nothing(query: str) -> None:
    assert KB.search(query) == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_40kb_text_gets_nothing(seed: int) -> None:
    rng = random.Random(seed)
    noise = "".join(
        rng.choice(string.ascii_letters + string.digits + "     .,") for _ in range(40_000)
    )
    assert KB.search(noise) == []


def test_long_query_is_truncated_but_still_answered() -> None:
    query = "What is an SLA? " + "lorem ipsum " * 5_000
    assert len(query) > 40_000
    hits = KB.search(query)
    assert hits and hits[0].passage.id == "slas-and-escalation-paths"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("what is staff aug?", "definition-extended"),
        ("difference between managed services and staff augmentation", "definition-short"),
        ("who owns outcomes in managed services", "managed-services-provider-owns"),
        ("what's an SLA", "slas-and-escalation-paths"),
        ("can we mix the models", "hybrid-engagements"),
        ("why not just pick the cheaper one", "not-about-cost"),
        (
            "our client has no engineering manager, can augmentation work?",
            "leadership-capacity-for-augmentation",
        ),
        ("What does T&M stand for?", "glossary"),
    ],
)
def test_brief_examples_find_the_right_passage(query: str, expected: str) -> None:
    assert expected in [h.passage.id for h in KB.search(query, k=3)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("what's an SLA", "slas-and-escalation-paths"),
        ("can we mix the models", "hybrid-engagements"),
        ("why not just pick the cheaper one", "not-about-cost"),
        (
            "our client has no engineering manager, can augmentation work?",
            "leadership-capacity-for-augmentation",
        ),
        ("what is staff aug?", "definition-extended"),
    ],
)
def test_clear_questions_rank_first(query: str, expected: str) -> None:
    assert KB.search(query)[0].passage.id == expected


@pytest.mark.parametrize(
    "query", ["", "   ", "🙂", "hello", "what's the weather", "tell me a joke"]
)
def test_brief_off_topic_examples(query: str) -> None:
    assert KB.search(query) == []


def test_same_query_same_order() -> None:
    for item in QUESTIONS[:20]:
        first = KB.search(item["q"], k=5)
        assert KB.search(item["q"], k=5) == first
        assert load_default().search(item["q"], k=5) == first


def test_hits_are_sorted_and_scored_zero_to_one() -> None:
    for item in QUESTIONS:
        hits = KB.search(item["q"], k=5)
        assert all(isinstance(h, Hit) for h in hits)
        scores = [h.score for h in hits]
        assert scores == sorted(scores, reverse=True)
        assert all(0 < s <= 1 for s in scores)
        assert len({h.passage.id for h in hits}) == len(hits)


def test_k_limits_the_hits() -> None:
    query = "who is accountable in staff augmentation?"
    assert len(KB.search(query, k=1)) == 1
    assert len(KB.search(query, k=5)) <= 5
    assert KB.search(query, k=0) == []
    assert KB.search(query, k=-1) == []
    assert KB.search(query, k=1)[0] == KB.search(query, k=3)[0]


def test_ties_are_broken_by_id() -> None:
    def passage(pid: str) -> Passage:
        return Passage(
            id=pid,
            title="Escalation paths",
            topics=("escalation_governance",),
            questions=("What is an escalation path?",),
            text="Who is called when an SLA is missed.",
        )

    kb = KnowledgeBase([passage("b-second"), passage("c-third"), passage("a-first")])
    hits = kb.search("escalation path", k=3)
    assert [h.passage.id for h in hits] == ["a-first", "b-second", "c-third"]
    assert len({h.score for h in hits}) == 1


def test_empty_knowledge_base_finds_nothing() -> None:
    kb = KnowledgeBase([])
    assert kb.passages == ()
    assert kb.search("what is an SLA?") == []


def test_fallback_says_what_the_bot_can_do() -> None:
    text = FALLBACK.lower()
    for phrase in ("managed services", "staff augmentation", "sla", "start"):
        assert phrase in text


# Fresh batches; each question lists every acceptable passage id and every acceptable topic.
# A, B and C were written in one sitting before any measurement; A and B were used for tuning
# and C was held out. Each held-out run was followed by writing a new held-out batch (and
# off-topic set) *before* fixing the misses it showed, so there is always an untouched one:
#   C: one run 0.84 by id / 0.84 by topic (the code before this work: 0.78 / 0.82); then tuning.
#   D: one run 0.84 / 0.92 (before this work: 0.82 / 0.84); then tuning.
#   E: the held-out batch now.
# Off-topic: holdout 26/28 and holdout2 25/25 on their one runs (then tuning); holdout3 held out.


def recall_at_3(items: list[dict[str, Any]]) -> tuple[float, float, list[str]]:
    """(recall by id, recall by topic, one line per miss): a question counts when one of its
    ids (one of its topics) is among the top 3 hits."""
    by_id = by_topic = 0
    misses = []
    for item in items:
        hits = KB.search(item["q"], k=3)
        ids = [h.passage.id for h in hits]
        topics = {t for h in hits for t in h.passage.topics}
        id_ok = bool(set(ids) & set(item["expect"]))
        topic_ok = bool(topics & set(item["topics"]))
        by_id += id_ok
        by_topic += topic_ok
        if not (id_ok and topic_ok):
            kind = "id+topic" if not (id_ok or topic_ok) else "id" if not id_ok else "topic"
            misses.append(f"{kind} miss {item['q']!r}: got {ids}, want {item['expect']}")
    return by_id / len(items), by_topic / len(items), misses


def _report(name: str, items: list[dict[str, Any]]) -> tuple[float, float]:
    by_id, by_topic, misses = recall_at_3(items)
    print(f"batch {name}: recall@3 by id {by_id:.3f}, by topic {by_topic:.3f} ({len(items)} q)")
    for miss in misses:
        print("  ", miss)
    return by_id, by_topic


@pytest.mark.parametrize("name", sorted(FRESH))
def test_fresh_batch_is_sound(name: str) -> None:
    items = FRESH[name]
    assert len(items) >= 45
    own = {_norm(q) for p in KB.passages for q in p.questions}
    for item in items:
        assert _norm(item["q"]) not in own, f"copied from a passage: {item['q']}"
        assert item["expect"] and all(pid in KB for pid in item["expect"]), item
        assert item["topics"] and set(item["topics"]) <= set(TOPICS), item
    assert len({_norm(i["q"]) for i in items}) == len(items), "repeated question"


@pytest.mark.parametrize("name", ["a", "b", "c", "d"])
def test_fresh_tuning_batches_recall_at_3(name: str) -> None:
    """Batches A and B were used for tuning (synonyms, nudges, topics, example questions), and
    so were C and D after their one held-out run each: recall@3 by passage id and by topic must
    both reach 0.9."""
    by_id, by_topic = _report(name, FRESH[name])
    assert by_id >= 0.9
    assert by_topic >= 0.9


def test_held_out_batch_e_recall_at_3() -> None:
    """Batch E is the UNTUNED HELD-OUT batch: written before any change prompted by batch D's
    held-out run, never looked at while tuning, and run once after all changes. Its number is the
    honest estimate of recall on unseen new-hire questions, so the bar is softer (0.85) than for
    the tuning batches. (Batches C and D had this role before; see the comment above.)"""
    by_id, by_topic = _report("e", FRESH["e"])
    assert by_id >= 0.85
    assert by_topic >= 0.85


def test_fresh_batches_are_deterministic() -> None:
    for items in FRESH.values():
        for item in items[:10]:
            assert KB.search(item["q"], k=5) == load_default().search(item["q"], k=5)


@pytest.mark.parametrize("query", OFF_TOPIC_FRESH)
def test_fresh_off_topic_queries_get_nothing(query: str) -> None:
    assert KB.search(query) == []


@pytest.mark.parametrize("query", OFF_TOPIC_HELD_OUT)
def test_held_out_off_topic_queries_get_nothing(query: str) -> None:
    """retrieval_offtopic_holdout3.yaml was written before the last round of tuning and not used
    for it. (retrieval_offtopic_holdout.yaml and holdout2.yaml had this role before: 26 of 28 and
    25 of 25 rejected on their one runs; they are among the tuning sets now.)"""
    assert KB.search(query) == []


def test_off_topic_files_are_sound() -> None:
    assert len(OFF_TOPIC_FRESH) >= 90
    assert len(OFF_TOPIC_HELD_OUT) >= 20
    assert all(isinstance(q, str) and q.strip() for q in OFF_TOPIC_FRESH + OFF_TOPIC_HELD_OUT)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("managed servcies vs staff augmentaion", "definition-short"),
        ("what is an escalaton path", "slas-and-escalation-paths"),
        ("goverance cadence for managed services", "governance-cadence"),
    ],
)
def test_typos_are_repaired(query: str, expected: str) -> None:
    assert expected in [h.passage.id for h in KB.search(query, k=3)]


@pytest.mark.parametrize(
    ("query", "topic"),
    [
        ("when should we use managed services", "fit_criteria"),
        ("they want us accountable for the date but their architects decide", "mixing_models"),
        ("what goes wrong with staff augmentation at scale", "scaling_limits"),
        ("who gets paged when the SLA is missed", "escalation_governance"),
        ("is the cheaper model the better one", "cost_misconception"),
    ],
)
def test_top_hit_carries_the_cued_topic(query: str, topic: str) -> None:
    assert topic in KB.search(query, k=1)[0].passage.topics


@pytest.mark.parametrize(
    ("pid", "topics"),
    [
        ("slas-and-escalation-paths", {"escalation_governance", "managed_services"}),
        ("glossary", {"definitions"}),
        ("example-infrastructure-monitoring", {"examples", "managed_services"}),
        ("example-backend-capacity", {"examples", "staff_augmentation"}),
        ("example-unmanaged-managed-services", {"examples", "mixing_models"}),
        ("definition-short", {"definitions", "ownership"}),
        ("governance-cadence", {"escalation_governance"}),
        ("not-about-cost", {"cost_misconception"}),
    ],
)
def test_passages_carry_their_topics(pid: str, topics: set[str]) -> None:
    assert topics <= set(KB.get(pid).topics)


# --- issue 19's round: casual and near-topic questions -------------------------------------------
# F was written first and tuned on (round 1), G after round 1 (one untuned run, then round 2's
# tuning), H after round 2 (held out for one run, then round 3's tuning data with I, written
# before round 3), J after round 3 (held out for one run), K before round 4; J and K are round 4's
# tuning data. L was written after round 4 (held out for one run), then round 5's tuning data;
# M was written before round 5 and is held out. docs/knowledge.md has the numbers.

ROUND = {name: _load(f"retrieval_fresh_{name}.yaml") for name in "fghijkl"}
DISTRACTORS = {name: _load(f"retrieval_distractors_{name}.yaml") for name in "fghijkl"}


@pytest.mark.parametrize("name", sorted(ROUND))
def test_round_batches_are_sound(name: str) -> None:
    items = ROUND[name]
    assert len(items) >= 30
    own = {_norm(q) for p in KB.passages for q in p.questions}
    for item in items:
        assert _norm(item["q"]) not in own, f"copied from a passage: {item['q']}"
        assert item["expect"] and all(pid in KB for pid in item["expect"]), item
    assert len(DISTRACTORS[name]) >= 25
    assert all(isinstance(q, str) and q.strip() for q in DISTRACTORS[name])


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("f", 0.95),
        ("g", 0.93),
        ("h", 0.93),
        ("i", 1.0),
        ("j", 0.93),
        ("k", 0.95),
        ("l", 0.96),
    ],
)
def test_round_tuning_batches_recall_at_3(name: str, floor: float) -> None:
    by_id, _ = _report(name, ROUND[name])
    assert by_id >= floor


@pytest.mark.parametrize("query", DISTRACTORS["f"] + DISTRACTORS["g"] + DISTRACTORS["i"])
def test_tuned_distractors_get_nothing(query: str) -> None:
    """Network gear, cloud product features, ML's data augmentation, office life: the fallback."""
    assert KB.search(query) == []


@pytest.mark.parametrize("name", ["h", "j", "k", "l"])
def test_round_5_distractors(name: str) -> None:
    """H's (round 3), J's and K's (round 4) and L's (round 5) distractors were tuning data;
    after round 5 every one of them is rejected (docs/knowledge.md)."""
    assert [q for q in DISTRACTORS[name] if KB.search(q)] == []


@pytest.mark.parametrize(
    "query",
    [
        "is it ok to outsource my homework",  # "my" + a word no passage uses: private life
        "can you augment my resume with more keywords",
        "what is the sla of aws s3",  # one of our terms said of a product
        "how do I switch energy supplier",
    ],
)
def test_private_life_and_product_questions_get_nothing(query: str) -> None:
    assert KB.search(query) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "my client wants us to own the uptime target, which model is that",  # "my" + ours
            "slas-and-escalation-paths",
        ),
        (
            "the customer wants to bring the work back in house next year, how do we plan it",
            "transition-and-exit",
        ),
        ("can you break down what managed services actually is", "definition-extended"),
    ],
)
def test_round_4_phrasings_are_answered(query: str, expected: str) -> None:
    assert expected in [h.passage.id for h in KB.search(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("managed postgres for a side project", "other_sense"),  # a product, not our model
        ("unmanaged switch", "other_sense"),
        ("azure blob storage", "other_sense"),
        ("a managed deal", "managed_services"),  # the nouns our model takes stay ours
        ("managed vs staff aug", "managed_services"),
        ("their azure estate", "tech"),
        ("augmented pay for weekends", "other_sense"),  # round 5: "augmented" before pay
        ("augmented engineers", "staff_augmentation"),
    ],
)
def test_sense_heads(query: str, expected: str) -> None:
    assert tokens(query)[0] == expected


@pytest.mark.parametrize(
    "query",
    [
        "should I hire a contractor to fix my roof",  # "contractor" is every trade's word
        "an outsourced bookkeeping firm for my sister's shop",
        "the train service level this week is awful",
        "how long is the notice period for a contractor who wants to quit",
    ],
)
def test_round_5_everyday_trades_get_nothing(query: str) -> None:
    assert KB.search(query) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # A model named outright keeps a query with an everyday word ("contractors") on topic.
        ("contractors or managed services for the office move project?", "moving-between-models"),
        ("the scope is exploratory, does a managed service still work", "staff-augmentation-fit"),
        ("whats the difference between the two things we sell", "definition-short"),
        (
            "throwing more of our devs at it will fix the delay, right?",
            "staff-augmentation-scaling-limits",
        ),
    ],
)
def test_round_5_phrasings_are_answered(query: str, expected: str) -> None:
    assert expected in [h.passage.id for h in KB.search(query)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Round 6 (tuned on M): the mechanisms, not M's sentences.
        ("can we mix both models on the account", "hybrid_model"),  # names the hybrid outright
        ("their execs make all the calls", "decide"),
        ("how would they check our results", "outcome"),
        ("without looking inside the team", "independent"),
        ("move our contractors into the managed scope", "switch"),
        ("fixed price or hourly", "time_materials"),
    ],
)
def test_round_6_phrasings_are_read(text: str, expected: str) -> None:
    assert stem(expected) in tokens(text)


@pytest.mark.parametrize(
    "query",
    [
        "is staff aug basically like renting a car with a driver?",  # an analogy asks what it is
        "think of it as a caterer, is that managed services?",
        "is it still staff augmentation if we set the priorities?",  # what counts as which
    ],
)
def test_round_6_comparisons_ask_for_a_definition(query: str) -> None:
    assert "definit" in KB.relevance(query).terms


@pytest.mark.parametrize(
    "query",
    [
        "what's the escalation path for a lost courier parcel",
        "hourly or fixed price for a wedding photographer",
        "the SLA on my visa application",
    ],
)
def test_round_6_everyday_errands_get_nothing(query: str) -> None:
    assert KB.search(query) == []


def test_round_6_answers_plain_english_ownership_questions() -> None:
    """Round 6: plain-English ownership questions with no term of ours are on topic."""
    hits = KB.search("their team makes all the calls but refuses to take responsibility")
    assert hits and "authority-without-accountability" in [h.passage.id for h in hits]


ROUND_6_M = _load("retrieval_fresh_m.yaml")
DISTRACTORS_M = _load("retrieval_distractors_m.yaml")


def test_batch_m_after_round_6() -> None:
    """Batch M was held out for one run after round 5 (recall@3 0.850, top-1 0.600, 26 of 30
    distractors rejected) and is round 6's tuning data: after round 6, 39 of 40 (0.975) and
    29 of 30 distractors (the dentist practice's managed IT price still leaks)."""
    own = {_norm(q) for p in KB.passages for q in p.questions}
    assert len(ROUND_6_M) >= 40 and len(DISTRACTORS_M) >= 30
    assert all(_norm(item["q"]) not in own for item in ROUND_6_M)
    assert all(pid in KB for item in ROUND_6_M for pid in item["expect"])
    by_id, _ = _report("m", ROUND_6_M)
    assert by_id >= 0.975
    assert sum(not KB.search(q) for q in DISTRACTORS_M) >= 30  # round 8: the dentist too


HELD_OUT_N = _load("retrieval_fresh_n.yaml")
DISTRACTORS_N = _load("retrieval_distractors_n.yaml")


def test_batch_n_after_round_7() -> None:
    """Batch N was written before round 6 and committed unscored (6e59123); its one held-out run
    after round 6 gave recall@3 0.818 (36/44), top-1 0.614 and 31 of 35 distractors rejected
    (docs/knowledge.md). It is round 7's tuning data: after round 7, 43 of 44 and all 35."""
    own = {_norm(q) for p in KB.passages for q in p.questions}
    assert len(HELD_OUT_N) >= 40 and len(DISTRACTORS_N) >= 30
    assert all(_norm(item["q"]) not in own for item in HELD_OUT_N)
    assert all(pid in KB for item in HELD_OUT_N for pid in item["expect"])
    assert all(item["topics"] and set(item["topics"]) <= set(TOPICS) for item in HELD_OUT_N)
    assert len({_norm(i["q"]) for i in HELD_OUT_N}) == len(HELD_OUT_N)
    by_id, _ = _report("n", HELD_OUT_N)
    assert by_id >= 43 / 44
    assert [q for q in DISTRACTORS_N if KB.search(q)] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Round 7 (tuned on N): the mechanisms, not N's sentences.
        ("the desk is too small to cope", "limit"),
        ("will the service hold up next year", "limit"),
        ("it's chaos on the account", "fail"),
        ("spread across four teams", "scale"),
        ("paged at 2am on a sunday", "oncall"),
        ("who does the customer call first", "escalation"),
        ("we take over from the incumbent in may", "switch"),
        ("they want a free hand on the roadmap", "flexible"),
        ("so the execs can stop worrying about it", "load"),
    ],
)
def test_round_7_phrasings_are_read(text: str, expected: str) -> None:
    assert stem(expected) in tokens(text)


@pytest.mark.parametrize(
    "query",
    [
        "is a staffing agency any use for a part time job",
        "governance rules for a residents association",
        "is the tube running tonight",
        "am I inside IR35 as a contractor",
    ],
)
def test_round_7_everyday_questions_get_nothing(query: str) -> None:
    assert KB.search(query) == []


# --- Round 8: O (held out after round 7) and P (written before round 8, scored once untuned)
# are round 8's tuning data. docs/knowledge.md has the before/after numbers.

ROUND_8 = {name: _load(f"retrieval_fresh_{name}.yaml") for name in "op"}
DISTRACTORS_8 = {name: _load(f"retrieval_distractors_{name}.yaml") for name in "op"}


def _top1(items: list[dict[str, Any]]) -> float:
    first = 0
    for item in items:
        hits = KB.search(item["q"], k=1)
        first += bool(hits) and hits[0].passage.id in item["expect"]
    return first / len(items)


@pytest.mark.parametrize("name", sorted(ROUND_8))
def test_round_8_batches_are_sound(name: str) -> None:
    items = ROUND_8[name]
    own = {_norm(q) for p in KB.passages for q in p.questions}
    assert len(items) >= 40 and len(DISTRACTORS_8[name]) >= 30
    assert all(_norm(item["q"]) not in own for item in items)
    assert all(pid in KB for item in items for pid in item["expect"])
    assert all(item["topics"] and set(item["topics"]) <= set(TOPICS) for item in items)
    assert len({_norm(i["q"]) for i in items}) == len(items)
    assert all(isinstance(q, str) and q.strip() for q in DISTRACTORS_8[name])


@pytest.mark.parametrize(
    ("name", "recall", "top1"),
    [
        # O: held out after round 7 at 0.750 / 0.550 (30 of 30 distractors: 25); P: one untuned
        # run before round 8 at 0.920 / 0.780 (34 of 35). After round 8:
        ("o", 39 / 40, 0.825),
        ("p", 50 / 50, 0.90),
    ],
)
def test_round_8_tuning_batches(name: str, recall: float, top1: float) -> None:
    by_id, _ = _report(name, ROUND_8[name])
    assert by_id >= recall
    assert _top1(ROUND_8[name]) >= top1


@pytest.mark.parametrize("name", sorted(DISTRACTORS_8))
def test_round_8_distractors_get_nothing(name: str) -> None:
    assert [q for q in DISTRACTORS_8[name] if KB.search(q)] == []


def _passage(pid: str, question: str) -> Passage:
    return Passage(
        id=pid,
        title="Service levels",
        topics=("escalation_governance",),
        questions=(question, "What is a service level agreement?", "Who sets the targets?"),
        text="An SLA names targets for a service and who is called when one is missed.",
    )


def test_nearest_example_question_decides_the_first_hit() -> None:
    """Two passages score the same on their bodies; the one whose example question is nearest
    the query comes first, whatever the ids' order."""
    kb = KnowledgeBase([
        _passage("a-first", "How often are the targets reviewed?"),
        _passage("b-second", "Who gets called when a target is missed?"),
    ])
    hits = kb.search("who is called when the sla target is missed", k=2)
    assert [h.passage.id for h in hits] == ["b-second", "a-first"]
    assert hits[0].score > hits[1].score


def test_nearest_example_question_only_reorders_the_top_three(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bonus is given to the RERANK best passages only, so the top three are the passages
    plain scoring finds, in another order at most: recall@3 cannot move."""
    from knowledge import index

    queries = [i["q"] for i in ROUND_8["o"] + ROUND_8["p"] + QUESTIONS]
    with_bonus = {q: [h.passage.id for h in KB.search(q)] for q in queries}
    monkeypatch.setattr(index, "NEAREST_WEIGHT", 0.0)
    plain = KnowledgeBase(KB.passages)
    moved = 0
    for q in queries:
        ids = [h.passage.id for h in plain.search(q)]
        assert set(ids) == set(with_bonus[q]), q
        moved += ids != with_bonus[q]
    assert moved > 0  # and it does reorder some


@pytest.mark.parametrize(
    ("query", "parties"),
    [
        ("surely if we supply the engineers we are responsible for what they build?", True),
        ("client has no tech lead at all, can we lend them one of ours?", True),
        ("what is our client's delivery address", False),  # "our client" is the other side
        ("their PM keeps reassigning our devs to random tickets", True),  # "our devs" is ours
        ("is it bad if their architects approve it but we're on the hook", True),  # not "were"
        ("what governance does a charity board need", False),
    ],
)
def test_gate_reads_both_parties(query: str, parties: bool) -> None:
    assert KB.relevance(query).parties is parties


def test_both_parties_and_two_domain_words_are_on_topic() -> None:
    query = "surely if we supply the engineers we are responsible for what they build?"
    rel = KB.relevance(query)
    assert rel.domain >= 2 and rel.coverage < 0.29  # the coverage rule alone would refuse it
    assert KB.search(query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("the client wants us to own uptime but keep their change board", "unmanaged_managed"),
        ("our guys are on the hook for uptime but the client's architects decide", "unmanaged_managed"),
        ("we pick the stack, they carry the risk", "authority_without_accountability"),
        # a possessive right after a role is what it acts on, not who holds it
        ("we own the SLA and pick our tools", None),
        # inside quotes the client speaks: "you" is us, "we" them
        ('client says "you own the outcome but we choose the tools"', "unmanaged_managed"),
        ('client said "we want you to decide but we will carry the risk"', "authority_without_accountability"),
        ("who decides in staff augmentation", None),
        ("their architects approve everything but we're on the hook for delays", "unmanaged_managed"),
        # after "but" with no party of its own, a role belongs to the query's subject
        ("the client wants us to own delivery but insists on approving every change", "unmanaged_managed"),
        # a party asking for an answering-for role puts it on the other side
        ("they want an SLA but they also want to pick our tools", "unmanaged_managed"),
        ("they want to approve every deploy and hold us to the SLA", "unmanaged_managed"),
        # owning the roadmap or the backlog is deciding, owning uptime answering for it
        ('they want to "own the roadmap" but have us guarantee the go-live', "unmanaged_managed"),
        # "still" is not a clause break: the customer keeps being the subject
        ("our lead picks everything and the customer still takes the blame", "authority_without_accountability"),
    ],
)
def test_sides_reads_who_answers_and_who_decides(query: str, expected: str | None) -> None:
    from knowledge.index import sides

    assert sides(query) == expected


def test_sides_reads_a_bounded_prefix() -> None:
    from knowledge.index import SIDE_WORDS, sides

    filler = "word " * SIDE_WORDS
    assert sides(filler + "the client wants us to own uptime but decides everything") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Round 8 (tuned on O and P): the mechanisms, not their sentences.
        ("so managed feels wrong here", "managed_services"),  # a sense head before a verb
        ("start as staff aug and switch to managed later", "managed_services"),  # and a time
        ("the managed SOC", "managed_services"),
        ("explain accountable versus responsible", "raci"),  # either order, any joint
        ("responsibility or accountability", "raci"),
        ("they keep their change board", "approve"),
        ("keeps adding approval steps", "rigid"),
        ("who writes the tickets", "direct"),
        ("why would we pay more", "cost"),
        ("is it staff aug for good", "switch"),
        ("lend them one of ours", "engineer"),
        ("who takes the hit when it breaks", "accountable"),
        ("more bodies means faster delivery", "scale"),
        ("telling the two models apart", "differ"),
        ("move from aug to managed", "switch"),
        ("how do I spot a mismatch", "symptom"),
        ("they want 24/7 support", "oncall"),
        ("our production support team", "helpdesk"),
        ('they asked us to "just give them people"', "staff_augmentation"),
        ("the client has no one to lead the devs", "leader"),
        ("the migration slips", "deadline"),  # a migration is a project, not a change of model
    ],
)
def test_round_8_phrasings_are_read(text: str, expected: str) -> None:
    assert stem(expected) in tokens(text)


def test_what_is_that_called_asks_for_a_definition() -> None:
    assert "definit" in KB.relevance("the client adds sign-offs everywhere, what is that called").terms


@pytest.mark.parametrize(
    "query",
    [
        "uptime guarantee for my home router",
        "governance rules for a football club",
        "can I get out of a timeshare contract",
        "what service level should a contact centre queue hit",
        "recovery time after knee ligament augmentation",
        "how do I switch careers from teacher to developer",
        # probes of the same kinds, not from any batch
        "best staffing agency for nurses in london",
        "time and materials quote for a bathroom renovation",
        "escalation procedure for a noisy neighbour",
        "what's the onboarding process for new staff at our company",
        "how do I become a contractor in IT",
        "who is responsible for fire safety in the building",
        "what's the SLA on royal mail special delivery",
        "transition plan for moving house",
        "managed security service providers ranking 2025",
        "best managed service provider near me",
    ],
)
def test_round_8_everyday_questions_get_nothing(query: str) -> None:
    assert KB.search(query) == []


def test_naming_one_model_costs_passages_only_about_the_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Round 8: a query naming one model takes OTHER_MODEL_WEIGHT of the other model's
    ``only_`` token away, so a passage only about the other model scores less, and its score
    stays in (0, 1]."""
    from knowledge import index

    query = "who owns the backlog in a managed deal"
    aug_only = [i for i, p in enumerate(KB.passages) if index.cued_model(p.topics) == "staff_augmentation"]
    penalised = KB.relevance(query).scores
    monkeypatch.setattr(index, "OTHER_MODEL_WEIGHT", 0.0)
    plain = KnowledgeBase(KB.passages).relevance(query).scores
    assert all(penalised[i] < plain[i] for i in aug_only)
    assert all(0 < h.score <= 1 for h in KB.search(query, k=10))


@pytest.mark.parametrize(
    ("query", "answered"),
    [
        # An everyday word ("charity") with both parties and three domain words: on topic.
        ("a charity client wants us to run their helpdesk, which model fits", True),
        # Both parties but office life with fewer domain words: the fallback.
        ("the customer wants us to pay for parking at their office", False),
        ("the client wants us to cover their gym membership costs", False),
        ("can we take the client out for lunch", False),
    ],
)
def test_both_parties_lift_the_everyday_veto_only_with_three_domain_words(
    query: str, answered: bool
) -> None:
    assert bool(KB.search(query)) is answered


@pytest.mark.parametrize(
    ("query", "answered"),
    [
        # An everyday word beside one model needs an engagement frame: the client's side, both
        # models, or a "what is" question.
        ("how much do managed IT services cost for a dentist practice with 3 PCs", False),
        ("do augmented engineers get a laptop from the client", True),  # the client's side
        ("managed = senior, augmentation = junior, right?", True),  # both models
        ("is managed services basically like hiring a restaurant instead of a chef?", True),
    ],
)
def test_everyday_word_beside_one_model_needs_an_engagement_frame(
    query: str, answered: bool
) -> None:
    assert bool(KB.search(query)) is answered


HELD_OUT_Q = _load("retrieval_fresh_q.yaml")
DISTRACTORS_Q = _load("retrieval_distractors_q.yaml")


def test_tuning_batch_q_after_round_9() -> None:
    """Batch Q was held out through round 8 (one run: recall@3 0.800, top-1 0.680, 35 of 35
    distractors rejected) and is a TUNING batch for round 9, so this is a floor at the
    numbers measured after round 9 (docs/knowledge.md), not evidence of generalisation."""
    own = {_norm(q) for p in KB.passages for q in p.questions}
    assert len(HELD_OUT_Q) >= 50 and len(DISTRACTORS_Q) >= 35
    assert all(_norm(item["q"]) not in own for item in HELD_OUT_Q)
    assert all(pid in KB for item in HELD_OUT_Q for pid in item["expect"])
    assert all(item["topics"] and set(item["topics"]) <= set(TOPICS) for item in HELD_OUT_Q)
    assert len({_norm(i["q"]) for i in HELD_OUT_Q}) == len(HELD_OUT_Q)
    by_id, _ = _report("q", HELD_OUT_Q)
    assert by_id >= 48 / 50
    assert _top1(HELD_OUT_Q) >= 0.86


@pytest.mark.parametrize("query", DISTRACTORS_Q)
def test_batch_q_distractors_get_nothing(query: str) -> None:
    assert KB.search(query) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("give me the trade-off in one breath", "give me the trade-off  in a nutshell "),
        ("explain it in plain sales language", "explain it  in a nutshell "),
        ("say it in two sentences please", "say it  in a nutshell  please"),
        ("what is in the terms of the contract", "what is in the terms of the contract"),
        ("we make all the design calls", "we make the calls"),
        ("who makes all the phone calls", "who makes all the phone calls"),
    ],
)
def test_round_9_answer_style_and_qualified_calls(text: str, expected: str) -> None:
    from knowledge.framing import restyle

    assert restyle(text) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # An answer-style phrase is a request for the short version, not content.
        ("what is the delivery system, in boardroom language, and why does it matter whose it is",
         "delivery-system-ownership"),
        ("managed vs augmentation in a few words: what does the client gain with each?",
         "internal-load-vs-flexibility"),
    ],
)
def test_round_9_answer_style_does_not_dilute(query: str, expected: str) -> None:
    assert expected in [h.passage.id for h in KB.search(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # "A managed (service) account" with engagement evidence is a client account of ours.
        ("what does escalation look like on a managed service account when a P1 hits",
         "slas-and-escalation-paths"),
        ("how many meetings a month on a managed account?", "governance-cadence"),
        # Without evidence, with a product word, or followed by a noun: the product sense.
        ("what is a managed service account in active directory", None),
        ("how to configure a managed service account", None),
        ("what permissions does a managed service account need to run a scheduled task", None),
        ("which managed platform is best for hosting a wordpress site", None),
        ("what's the SLA for a managed platform like heroku", None),
        ("what's the SLA on a managed service account in azure", None),
        ("the client asked us to create a managed service account for their backup job", None),
        ("escalation: who do I contact when my managed account at the broker is frozen", None),
        ("our client's managed account manager is leaving, what gift should we buy", None),
    ],
)
def test_round_9_managed_account_is_read_from_context(query: str, expected: str | None) -> None:
    found = [h.passage.id for h in KB.search(query)]
    assert (expected in found) if expected else found == []


@pytest.mark.parametrize(
    ("query", "answered"),
    [
        # A model compared to an everyday thing: every everyday word after the comparison.
        ("think of it like renting a car versus taking a taxi - which one is staff augmentation?",
         True),
        ("is managed services a bit like hiring a caterer instead of extra cooks for your kitchen?",
         True),
        ("is managed services like a restaurant kitchen where you just order the meal?", True),
        # The everyday word is the topic, before any comparison: small talk.
        ("is the managed services team lunch like last year's?", False),
        ("is managed services lunch like pizza?", False),
        ("we'd like managed services to cover the office printers", False),
        ("is a food truck a good analogy for a startup?", False),
    ],
)
def test_round_9_analogies_to_everyday_things(query: str, answered: bool) -> None:
    rel = KB.relevance(query)
    assert rel.relevant is answered
    if answered:
        assert rel.analogy and rel.everyday


@pytest.mark.parametrize(
    ("query", "answered"),
    [
        # A phone as the verb of running a named model's operations: on topic.
        ("when the platform goes down at 3am on a managed service, who do we phone first?", True),
        ("on a managed service, who gets phoned when an incident is raised overnight", True),
        # A phone as a thing, no model, or private life: refused.
        ("what's our managed services escalation phone number", False),
        ("who do I phone at 3am if my boiler breaks", False),
        ("what's the phone number of our managed services team", False),
        ("managed services phone support for my mum's laptop", False),
    ],
)
def test_round_9_operations_channels_beside_a_named_model(query: str, answered: bool) -> None:
    assert bool(KB.search(query)) is answered


@pytest.mark.parametrize(
    ("query", "answered"),
    [
        # A long question of our words: six known tokens, five in one passage, two domain words,
        # answered although the story dilutes coverage below the two-domain-word bar.
        ("as the client's finance chief, which numbers can I track to know the provider did "
         "its job, without it turning into a judgement of my own teams?", True),
        # Short near-topic questions fall outside it.
        ("should our sports club hire a paid team manager or keep using volunteers", False),
        ("which numbers should a CFO track for the company pension fund", False),
    ],
)
def test_round_9_long_questions_of_our_words(query: str, answered: bool) -> None:
    from knowledge import index

    rel = KB.relevance(query)
    assert rel.relevant is answered
    if answered:
        assert rel.coverage < index.MIN_COVERAGE_DOMAIN
        assert len(rel.known) >= index.MIN_KNOWN_LONG and rel.matched >= index.MIN_MATCHED_LONG


def test_round_9_who_is_contacted_is_an_escalation_cue_for_ranking_only() -> None:
    """"Who do they phone" nudges ranking to the escalation topic; the gate still sees the
    phone, so an office errand stays refused."""
    query = "when the nightly batch fails on a managed service, who do they phone, us or their ops?"
    found = [h.passage.id for h in KB.search(query)]
    assert {"slas-and-escalation-paths", "example-infrastructure-monitoring"} & set(found)
    assert KB.search("who do we phone when the office lift breaks at 3am") == []
    assert KB.search("who do I contact about staff lockers") == []


def test_round_9_an_analogy_asks_what_a_model_is() -> None:
    rel = KB.relevance("is managed services a bit like hiring a caterer for your kitchen?")
    assert rel.analogy and "definit" in rel.terms


def test_round_9_the_asking_sentence_of_a_long_story_counts_again() -> None:
    """In a long message of several sentences, the known tokens of the last sentence that asks
    are scored again (``ASKED_WEIGHT``, ranking only)."""
    story = (
        "We had a long call today. The prospect runs a logistics firm, twelve warehouses, an old "
        "ERP nobody wants to touch, and their head of IT wants our people embedded in his team "
        "but also wants us to promise the ERP never goes down. Which model is that and is it a "
        "problem?"
    )
    rel = KB.relevance(story)
    assert KB._asking_sentence(story, rel.known)
    found = [h.passage.id for h in KB.search(story)]
    assert {"unmanaged-managed-services", "example-unmanaged-managed-services",
            "authority-without-accountability", "mismatch-consequences"} & set(found)
    short = "which model fits a team that just gets it done?"
    assert KB._asking_sentence(short, KB.relevance(short).known) == []
    one = "the client wants us to own uptime but approve every change and pick the stack, ok?"
    assert KB._asking_sentence(one, KB.relevance(one).known) == []


@pytest.mark.parametrize(
    ("query", "metrics"),
    [
        # Numbers tracked or reported, beside a side of an engagement or a model: metrics.
        ("what numbers should I ask the provider to report every month on the managed service",
         True),
        ("as the client's finance chief, which numbers can I track", True),
        # No engagement side or model, or a number that is not a measure: as typed.
        ("what sales figures should I report to my manager each week", False),
        ("what phone numbers should the client show on the site", False),
        ("crunch the numbers on cost for the client", False),
    ],
)
def test_round_9_tracked_numbers_are_metrics_in_an_engagement(query: str, metrics: bool) -> None:
    assert ("metric" in KB.relevance(query).terms) is metrics
    assert ("metrics" in KB.reframe(query)) is metrics


def test_round_9_office_reporting_is_still_refused() -> None:
    assert KB.search("what sales figures should I report to my manager each week") == []


def test_round_9_a_model_said_to_be_something_else_asks_what_it_is() -> None:
    query = "Is a managed service basically a subscription where someone else keeps the lights on?"
    assert "definit" in KB.relevance(query).terms
    assert {"definition-short", "definition-extended"} & {h.passage.id for h in KB.search(query)}
    assert "definit" not in KB.relevance("is the managed service basically fine for now").terms


@pytest.mark.parametrize(
    ("query", "answered"),
    [
        # A time after "my" is a meeting, not a belonging.
        ("before my 2pm: the prospect wants three augmented testers but a guaranteed defect "
         "rate from us - is that a problem?", True),
        ("what should I wear to my 2pm interview", False),
        ("can managed services fix my roof", False),
    ],
)
def test_round_9_a_time_is_not_a_belonging(query: str, answered: bool) -> None:
    assert bool(KB.search(query)) is answered


def test_round_9_a_hybrid_described_without_naming_augmentation() -> None:
    """A managed part beside our people inside the client's squad nudges mixing_models."""
    from knowledge import index

    query = "the CIO wants both: our managed ops plus a couple of our devs in her squad. how do we structure it?"
    assert index._described_hybrid(KB.relevance(query).known, query)
    assert "hybrid-engagements" in [h.passage.id for h in KB.search(query)]
    plain = "our managed ops team needs a new structure"
    assert not index._described_hybrid(KB.relevance(plain).known, plain)


HELD_OUT_R = _load("retrieval_fresh_r.yaml")
DISTRACTORS_R = _load("retrieval_distractors_r.yaml")


def test_tuning_batch_r_after_round_10() -> None:
    """Batch R was HELD OUT through round 9: written by another engineer without reading the
    retrieval code, committed unscored (39fb687 on its branch), scored once after round 9:
    recall@3 0.780 (39/50), top-1 0.620, 34 of 35 distractors rejected. It is a TUNING batch
    for round 10, so this is a floor at the numbers measured after round 10 (docs/knowledge.md),
    not evidence of generalisation."""
    own = {_norm(q) for p in KB.passages for q in p.questions}
    assert len(HELD_OUT_R) >= 50 and len(DISTRACTORS_R) >= 35
    assert all(_norm(item["q"]) not in own for item in HELD_OUT_R)
    assert all(pid in KB for item in HELD_OUT_R for pid in item["expect"])
    assert all(item["topics"] and set(item["topics"]) <= set(TOPICS) for item in HELD_OUT_R)
    assert len({_norm(i["q"]) for i in HELD_OUT_R}) == len(HELD_OUT_R)
    by_id, _ = _report("r", HELD_OUT_R)
    assert by_id >= 48 / 50
    assert _top1(HELD_OUT_R) >= 0.78


@pytest.mark.parametrize("query", DISTRACTORS_R)
def test_batch_r_distractors_get_nothing(query: str) -> None:
    assert KB.search(query) == []


@pytest.mark.parametrize(
    "query",
    [
        "new here - what are the two types of engagement we offer?",
        "can you describe both kinds of service that we provide",
        "how do you decide between SA vs MS for a new logo",
        "is MS/SA a call for the account lead or for delivery",
    ],
)
def test_round_10_both_models_named_by_what_we_sell_or_initials(query: str) -> None:
    """Both models as "the two kinds of thing we sell", or by their initials side by side."""
    from knowledge import framing

    read = framing.name_models(query)
    assert "two things we sell" in read or "managed services or staff augmentation" in read
    assert KB.search(query)


@pytest.mark.parametrize(
    "query",
    [
        "how do I install MS office on a mac",
        "what is the SA node in the heart",
        "which two kinds of coffee do we sell in the canteen",
    ],
)
def test_round_10_initials_and_what_we_sell_alone_are_not_our_models(query: str) -> None:
    assert KB.search(query) == []


def test_round_10_handing_the_work_to_a_provider_is_managed_services() -> None:
    from knowledge import framing

    query = "any story of a client handing their support over to an outside provider?"
    assert "managed services" in framing.name_models(query)
    assert KB.search(query)
    assert KB.search("can I hand my parcel to a courier at reception") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("who gets paged when the client platform falls over at night", "slas-and-escalation-paths"),
        ("before we take the pager, what do we ask the outgoing engineers for", "transition-and-exit"),
    ],
)
def test_round_10_falling_over_is_an_incident_and_the_outgoing_team_a_transition(
    query: str, expected: str
) -> None:
    assert expected in [h.passage.id for h in KB.search(query)]


def test_round_10_a_managed_account_as_the_subject_of_a_question() -> None:
    """"What meetings should a managed account have" is a client account of ours; the Windows
    identity keeps its product sense beside a product word."""
    assert "governance-cadence" in [
        h.passage.id for h in KB.search("what governance meetings does a managed account need each quarter")
    ]
    assert KB.search("should a managed service account have its password rotated") == []


def test_round_10_an_office_onboarding_checklist_is_not_readiness() -> None:
    assert KB.search("first day onboarding plan for our new receptionist") == []


def test_round_10_which_one_after_an_engagement_asks_for_a_model() -> None:
    """"... which one" after a described staffing situation asks which of our models fits."""
    query = "the client has a strong CTO and just wants three more python engineers for a year. which one"
    rel = KB.relevance(query)
    assert rel.asks_model and rel.relevant
    assert "staff-augmentation-fit" in [h.passage.id for h in KB.search(query)]


@pytest.mark.parametrize(
    "query",
    [
        "which one is cheaper, the iphone or the pixel",
        "which model fits the training data better, a cnn or a transformer",
        "which model of car should they lease for the sales team",
    ],
)
def test_round_10_which_one_without_an_engagement_is_not_ours(query: str) -> None:
    assert not KB.relevance(query).asks_model or KB.relevance(query).everyday
    assert KB.search(query) == []


def test_round_10_a_head_count_that_grew_is_scaling() -> None:
    """"From 4 to 15 contractors" is a team scaled up; fewer output is a limit, not an outage."""
    from knowledge import framing

    assert "scaled up to 15" in framing.grew("we grew from 4 to 15 contractors")
    assert framing.grew("we cut from 12 to 4 engineers") == "we cut from 12 to 4 engineers"
    query = "our squad grew from 4 to 15 contractors and velocity dropped, what happened"
    assert KB.search(query)[0].passage.id == "staff-augmentation-scaling-limits"
    assert KB.search("the gym went from 20 to 50 people per class") == []


class HeldOut(NamedTuple):
    """One held-out run: the batch, who wrote it and when, and what the one untuned run scored."""

    name: str
    written: str
    commit: str
    right: int
    asked: int
    top1: float
    rejected: int
    distractors: int


HELD_OUT_RUNS = (
    HeldOut("s", "during round 10", "9638f60, 2168923", 37, 40, 0.75, 26, 30),
    HeldOut("t", "during round 11", "761a29c", 43, 50, 0.78, 34, 35),
    HeldOut("u", "during round 12", "4c19148", 47, 50, 0.86, 34, 35),
    HeldOut("v", "during round 13", "906427e", 43, 50, 0.74, 34, 35),
    HeldOut("w", "during round 14", "60e771c", 47, 50, 0.76, 34, 35),
    HeldOut("x", "during round 15", "c7c1413", 47, 50, 0.74, 32, 35),
    HeldOut("y", "after round 15, no retrieval change since", "4e4f0e0", 50, 50, 0.92, 34, 35),
)
"""Batches S to X are HELD OUT: each written by another engineer from the passages only, without
reading the retrieval code, committed unscored on its own branch (``commit``), and scored once
after the round it was written during: recall@3 ``right/asked``, top-1, distractors rejected
(docs/knowledge.md), each short of issue 19's bar. These pin those runs; they are not targets."""


@pytest.mark.parametrize("run", HELD_OUT_RUNS, ids=lambda r: r.name)
def test_held_out_batch_is_not_worse_than_measured(run: HeldOut) -> None:
    on_topic = _load(f"retrieval_fresh_{run.name}.yaml")
    distractors = _load(f"retrieval_distractors_{run.name}.yaml")
    own = {_norm(q) for p in KB.passages for q in p.questions}
    assert len(on_topic) >= run.asked and len(distractors) >= run.distractors
    assert all(_norm(item["q"]) not in own for item in on_topic)
    assert all(pid in KB for item in on_topic for pid in item["expect"])
    assert all(item["topics"] and set(item["topics"]) <= set(TOPICS) for item in on_topic)
    assert len({_norm(i["q"]) for i in on_topic}) == len(on_topic)
    by_id, _ = _report(run.name, on_topic)
    assert by_id >= run.right / run.asked
    assert _top1(on_topic) >= run.top1
    assert sum(not KB.search(q) for q in distractors) >= run.rejected
