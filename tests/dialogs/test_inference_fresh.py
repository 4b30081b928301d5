"""Free-text inference on the fresh description batches: accuracy, precision, and the gate.

How the batches were used (the numbers are model accuracy, i.e. ``evaluate(infer(text)).model``
against the label):

* A, B and C (``descriptions_fresh_{a,b,c}.yaml``, about 40 each) were written together, before
  any rule change in this round, and committed before tuning (commit d38094e). Before the
  changes: A 0.829 (34/41), B 0.786 (33/42). The rules were then improved using A and B.
* D (``descriptions_fresh_d.yaml``) was written after that first round, scored once as an interim
  estimate (0.791, 34/43, factor precision 0.960), then used for tuning too.
* C was held out: it was scored exactly once, untuned, after the rules were final (commit
  1a19091): model accuracy 0.900 (36/40), factor precision 0.979, recall 0.913 (decision owner
  0.94 / 0.88, accountability 1.00 / 0.92). Nothing was changed because of C.

The round-2 holdout (``descriptions_holdout.yaml``) is no longer a clean estimate: its known
failures were named in the brief for this round, so its phrasings informed the rules.

Round 4 (sales-chat phrasing: abbreviations, emoji, a bare "VP", "u guys", quoted phrases):

* E (``descriptions_fresh_e.yaml``, 32) was written and committed (45b34d2) before any rule
  change, scored on the unchanged rules (model 0.875, 28/32; factor precision 0.970, recall
  0.877), then used for tuning (now 32/32, no wrong inference).
* F (``descriptions_fresh_f.yaml``, 21) was written after the rules were final and scored once:
  model 0.905 (19/21), factor precision 0.978 (45/46), recall 0.900 (45/50). Its one wrong
  inference (``ff-sow-report-rebuild``: "acceptance tests signed off by their finance team" read
  as the client deciding) is left in place, its label unchanged: F is held to the held-out bar
  (precision and accuracy), like C, not to "no wrong inference".

Round 5 (decision authority said from the vendor's side, shared decisions, a team that answers
for results, the client's acceptance or sign-off read as accepting outcomes, not directing):

* G (``descriptions_fresh_g.yaml``, 24) was written and committed (ff9b078) before any rule
  change, scored on the unchanged rules (model 0.833, 20/24; factor precision 0.977, recall
  0.792), then used for tuning (now 23/24, no wrong inference).
* F was only scored in this round, not read (its weaknesses were named in the brief). A "stays
  out of the tech decisions" rule was tried and dropped: its one firing on F resolved the party
  wrongly. With the other changes F scores model 1.000 (21/21), precision 1.000 (48/48), recall
  0.960 (48/50), so F is no longer a clean estimate of unseen text.

Round 6 (issue 13: the voice of the text, pasted client words, pronouns and role nouns,
negation and condition scope, old suppliers and sister companies, hypotheticals, RFP language,
non-native writers; data, QA, security, SAP, mobile and embedded work):

* H (``descriptions_fresh_h.yaml``, 63) was written and committed before any rule change in
  this round and scored on the unchanged rules: model 0.921 (58/63), mismatch recall 0.833
  (15/18), ownership precision 0.937, recall 0.754, one answer wrong at 70% or more
  (``bench/inference_scores.py``; docs/inference.md has the tables). It is not yet held to
  "no wrong inference" or the precision bar: only to its untuned numbers as a floor.
* I (``descriptions_fresh_i.yaml``, 62) was written after H was scored and after the
  confirmation, correction and cap work, with still no rule change: a second untuned estimate,
  model 0.839 (52/62), mismatch recall 0.588 (10/17), ownership precision 0.947, recall 0.769,
  no answer shown at 70% or more wrong (2 before the cap). Held to those numbers as a floor.

Round 7 (issue 13 part 1, the accuracy round):

* J (``descriptions_fresh_j.yaml``, 68) was written and committed before any rule change in
  this round, without reading the rules: untuned model 0.868 (59/68), mismatch recall 0.739
  (17/23), ownership precision 0.972, recall 0.795, none shown at 70% or more wrong (2 before
  the cap). Held to those numbers as a floor.
* K (``descriptions_fresh_k.yaml``, 63) was written after J's tuning steps, with phrasings
  chosen to differ from J's, and committed and scored before any further change: untuned
  model 0.778 (49/63), mismatch recall 0.619 (13/21), ownership precision 0.933, recall
  0.669, none shown at 70% or more wrong (3 before the cap). Held to those numbers as a floor.

Round 8 (general fixes studied on K's remaining misses: orders in the client's words, "that"
referring back, contract warranties, the vendor cue, attributions):

* L (``descriptions_fresh_l.yaml``, 66) was written after round 8's fixes, before looking at how
  the rules read it, and committed before it was scored: untuned model 0.833 (55/66), mismatch
  recall 0.619 (13/21), ownership precision 0.959, recall 0.782, none shown at 70% or more
  wrong (3 before the cap). Held to those numbers as a floor.

Round 9 (general fixes studied on L's misses):

* M (``descriptions_fresh_m.yaml``, 64) was written after round 9's fixes, before looking at how
  the rules read it, and committed before it was scored: untuned model 0.844 (54/64), mismatch
  recall 0.667 (14/21), ownership precision 0.934, recall 0.714, none shown at 70% or more
  wrong (4 before the cap). Held to those numbers as a floor.

Round 10 (general fixes studied on M's misses: yes/no questions opening with a bare noun,
relative clauses, a possessive with a role as a subject, comparisons with another deal,
refusals, questions the writer confirms, leaving a choice to a party, passive decisions):

* M is tuned on from here: 1.000 (64/64), its floor.
* N (``descriptions_fresh_n.yaml``, 65) was written after round 10's fixes, before looking at how
  the rules read it, and committed before it was scored: untuned model 0.769 (50/65), mismatch
  recall 0.381 (8/21), ownership precision 0.953, recall 0.623, none shown at 70% or more wrong
  (3 before the cap). Held to those numbers as a floor.

Round 11 (general fixes studied on N's and O's misses: self-corrections and forwarded chains,
double negation, passive voice, field dumps, listed verbs sharing a subject, abbreviations and
voice-note fillers, mixed-language notes; docs/inference.md):

* N is tuned on from here: 1.000 (65/65), its floor.
* O (``descriptions_fresh_o.yaml``, 72) was written after round 10 and scored once, untuned,
  by the lead: model 0.819 (59/72), mismatch recall 0.708, ownership precision 0.915, recall
  0.746, none shown at 70% or more wrong (7 before the cap). Tuned on in round 11: 1.000
  (72/72), its floor.
* Q (``descriptions_fresh_q.yaml``, 72) was written during round 11 by another engineer, without
  reading the rules, committed unscored, and scored once after round 11's last change, untuned:
  model 0.875 (63/72), mismatch recall 0.708 (17/24), ownership precision 0.958, recall 0.858,
  none shown at 70% or more wrong (4 before the cap). Held to those numbers as a floor until
  round 12.

Round 12 (general fixes studied on Q's misses; docs/inference.md):

* Q is tuned on from here: 1.000 (72/72), mismatch recall 1.000 (24/24), its floor.
* R (``descriptions_fresh_r.yaml``, 72) was written during round 12 by another engineer, without
  reading the rules, committed unscored, and scored once after round 12's last change, untuned:
  model 0.847 (61/72), mismatch recall 0.708 (17/24), ownership precision 0.906, recall 0.868,
  none shown at 70% or more wrong (8 before the cap). Round 13 tuned on it (general
  mechanisms studied on its misses and wrong readings: docs/inference.md): 1.000 (72/72),
  mismatch recall 1.000 (24/24), ownership precision 0.993, recall 0.965, none shown at 70% or
  more wrong (0 before the cap). Its ownership precision is now above the 0.95 bar, so it is no
  longer in ``UNTUNED``; those numbers are its floor.
* S (``descriptions_fresh_s.yaml``, 60) was written during round 13 by another engineer, without
  reading the rules, committed unscored, and scored once after round 13's last change, untuned:
  model 0.867 (52/60), mismatch recall 0.850 (17/20), ownership precision 0.882, recall 0.808,
  none shown at 70% or more wrong (7 before the cap). Held to those numbers as a floor (in
  ``UNTUNED``: its ownership precision is below the 0.95 the tuned batches are held to).

Round 14 (general fixes studied on S's misses; docs/inference.md):

* S is tuned on from here: 1.000 (60/60), mismatch recall 1.000 (20/20), ownership precision
  1.000 (its round-14 floor below; it stays in ``UNTUNED`` so its untuned floor is kept too).
* T (``descriptions_fresh_t.yaml``, 72) was written during round 14 by another engineer, without
  reading the rules, committed unscored, and scored once after round 14's last change, untuned:
  model 0.736 (53/72), mismatch recall 0.458 (11/24), ownership precision 0.888, recall 0.715,
  none shown at 70% or more wrong (8 before the cap). Held to those numbers as a floor.

Round 15 (general fixes studied on T's misses; docs/inference.md):

* T is tuned on from here: 0.958 (69/72), mismatch recall 0.917 (22/24), ownership precision
  0.992 (its round-15 floor; it stays in ``UNTUNED`` so its untuned floor is kept too).
* U (``descriptions_fresh_u.yaml``, 72) was written during round 15 by another engineer, without
  reading the rules, committed unscored, and scored once after round 15's last change, untuned:
  model 0.736 (53/72), mismatch recall 0.542 (13/24), ownership precision 0.876, recall 0.688,
  none shown at 70% or more wrong (10 before the cap). Held to those numbers as a floor.

Run with ``-s`` to see the per-file report.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs import factors as F
from dialogs import inference
from dialogs.inference import MAX_EVIDENCE, MAX_LOOKBACK, infer
from dialogs.scoring import evaluate
from knowledge.work import counting
from tests.dialogs.inference_support import wrong_inferences

DATA = Path(__file__).resolve().parents[1] / "data"


def _load(name: str) -> list[dict[str, Any]]:
    items = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    assert isinstance(items, list)
    return items


FRESH = {name: _load(f"descriptions_fresh_{name}.yaml") for name in "abcdefghijklmnoqrstuv"}
OLDER = {"tuning": _load("descriptions.yaml"), "holdout": _load("descriptions_holdout.yaml")}
UNTUNED: set[str] = {"s", "t", "u", "v"}
"""Batches scored untuned and not yet tuned on: held to their untuned numbers only."""
EVERY = {**OLDER, **{f"fresh_{k}": v for k, v in FRESH.items() if k not in UNTUNED}}
TUNED_FRESH = [item for name in "abdeg" for item in FRESH[name]]
MIN_SIZE = {"a": 38, "b": 38, "c": 38, "d": 38, "e": 30, "f": 20, "g": 22, "h": 60, "i": 60, "j": 60, "k": 60, "l": 60, "m": 60, "n": 60, "o": 60, "q": 60, "r": 60, "s": 60, "t": 72, "u": 72, "v": 72}
"""Rounds 1-3 wrote batches of about 40; round 4 wrote E (about 30) and F (about 20); round 5
wrote G (about 24); round 6 wrote H (at least 60, issue 13)."""


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [str(i["id"]) for i in items]


def _model_accuracy(items: list[dict[str, Any]]) -> tuple[float, list[str]]:
    misses = []
    for item in items:
        model = evaluate({f: i.value for f, i in infer(item["text"]).items()}).model
        if model != item["model"]:
            misses.append(f"{item['id']}: {model} (want {item['model']})")
    return 1 - len(misses) / len(items), misses


def _mismatches_caught(items: list[dict[str, Any]]) -> int:
    """How many of the labelled mismatches are shown as a mismatch."""
    return sum(
        evaluate({f: i.value for f, i in infer(item["text"]).items()}).model == "mismatch"
        for item in items
        if item["model"] == "mismatch"
    )


def _factor_counts(items: list[dict[str, Any]]) -> Counter[str]:
    """``right``, ``wrong`` (another answer), ``missed``, ``extra`` (unlabelled) over all factors."""
    out: Counter[str] = Counter()
    for item in items:
        got = infer(item["text"])
        for f in F.FACTOR_IDS:
            want = item["expected"].get(f)
            if want is not None:
                out["missed" if f not in got else "right" if got[f].value == want else "wrong"] += 1
            elif f in got:
                out["extra"] += 1
    return out


def _precision(c: Counter[str]) -> float:
    inferred = c["right"] + c["wrong"]
    return c["right"] / inferred if inferred else 1.0


# --- the data -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FRESH))
def test_fresh_batches_are_well_formed_and_balanced(name: str) -> None:
    items = FRESH[name]
    assert len(items) >= MIN_SIZE[name]
    for item in items:
        assert isinstance(item["text"], str) and item["text"].strip()
        assert item["model"] in F.MODELS, item["id"]
        for factor_id, answer_id in item["expected"].items():
            assert F.is_valid(factor_id, answer_id), (item["id"], factor_id, answer_id)
    share = Counter(i["model"] for i in items)
    assert set(share) == set(F.MODELS)
    assert min(share.values()) >= len(items) // 5, share


@pytest.mark.parametrize("name", sorted(FRESH))
def test_fresh_labels_agree_with_the_scoring(name: str) -> None:
    """The labelled factors alone give the labelled model: a perfect reader would score 100%."""
    for item in FRESH[name]:
        assert evaluate(item["expected"]).model == item["model"], item["id"]


def test_no_description_appears_twice_across_files() -> None:
    every = [*OLDER.values(), *FRESH.values()]
    ids = [i for items in every for i in _ids(items)]
    assert len(ids) == len(set(ids))
    texts = [i["text"] for items in every for i in items]
    assert len(texts) == len(set(texts))


# --- accuracy and precision ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EVERY))
def test_factor_precision_on_every_file(name: str) -> None:
    c = _factor_counts(EVERY[name])
    assert _precision(c) >= 0.95, dict(c)


@pytest.mark.parametrize("name", ["a", "b", "d", "e", "g"])
def test_model_accuracy_on_tuned_fresh_batches(name: str) -> None:
    accuracy, misses = _model_accuracy(FRESH[name])
    print(f"\nfresh {name} model accuracy {accuracy:.3f}", *misses, sep="\n  ")
    assert accuracy >= 0.9, misses


def test_model_accuracy_on_fresh_c() -> None:
    """C was measured once, untuned: written with A and B before any change this round,
    committed before tuning, and scored only after the rules were final (0.900, 36/40). Nothing
    was changed because of its result then. Round 11 read its one remaining miss and fixed the
    mechanism (it is 1.000 now), so it is no longer a clean estimate of unseen descriptions."""
    accuracy, misses = _model_accuracy(FRESH["c"])
    print(f"\nfresh c (held out) model accuracy {accuracy:.3f}", *misses, sep="\n  ")
    assert accuracy >= 0.85, misses


def test_model_accuracy_on_fresh_f() -> None:
    """F was written after round 4's rules were final and measured once, untuned (0.905, 19/21;
    factor precision 0.978, recall 0.900). Nothing was changed because of its result."""
    accuracy, misses = _model_accuracy(FRESH["f"])
    print(f"\nfresh f (held out) model accuracy {accuracy:.3f}", *misses, sep="\n  ")
    assert accuracy >= 0.85, misses


def test_model_accuracy_on_fresh_h_keeps_its_untuned_floor() -> None:
    """H's untuned score (0.921, 58/63) was its floor; after round 7 (tuned on H, I and J) it
    is 0.984 (62/63), and that is the floor now."""
    accuracy, misses = _model_accuracy(FRESH["h"])
    print(f"\nfresh h model accuracy {accuracy:.3f}", *misses, sep="\n  ")
    assert accuracy >= 62 / 63, misses


def test_model_accuracy_on_fresh_i_keeps_its_untuned_floor() -> None:
    """I's untuned score (0.839, 52/62) was its floor; after round 7 it is 1.000 (62/62)."""
    accuracy, misses = _model_accuracy(FRESH["i"])
    print(f"\nfresh i model accuracy {accuracy:.3f}", *misses, sep="\n  ")
    assert accuracy >= 62 / 62, misses


def test_model_accuracy_on_fresh_j_keeps_its_untuned_floor() -> None:
    """J's untuned score (0.868, 59/68) was its floor; after round 7 it is 1.000 (68/68)."""
    accuracy, misses = _model_accuracy(FRESH["j"])
    print(f"\nfresh j model accuracy {accuracy:.3f}", *misses, sep="\n  ")
    assert accuracy >= 68 / 68, misses


def test_model_accuracy_on_fresh_k_keeps_its_untuned_floor() -> None:
    """K's untuned score was 0.778 (49/63); after round 7's small general fixes 0.921 (58/63);
    round 8 (general fixes studied on K's misses: docs/inference.md) makes it 1.000 (63/63),
    and that is the floor now."""
    accuracy, misses = _model_accuracy(FRESH["k"])
    print(f"\nfresh k model accuracy {accuracy:.3f}", *misses, sep="\n  ")
    assert accuracy >= 63 / 63, misses


def test_model_accuracy_on_fresh_l_keeps_its_untuned_floor() -> None:
    """L was written after round 8's fixes and scored once, untuned: 0.833 (55/66), mismatch
    recall 0.619 (13/21), ownership precision 0.959, recall 0.782, none shown at 70% or more
    wrong (3 before the cap). Round 9 (general fixes studied on L's misses: docs/inference.md)
    makes it 1.000 (66/66), and that is the floor now."""
    accuracy, misses = _model_accuracy(FRESH["l"])
    print(f"\nfresh l model accuracy {accuracy:.3f}", *misses, sep="\n  ")
    assert accuracy >= 66 / 66, misses


def test_model_accuracy_on_fresh_m_keeps_its_untuned_floor() -> None:
    """M was written after round 9's fixes and scored once, untuned: 0.844 (54/64), mismatch
    recall 0.667 (14/21), ownership precision 0.934, recall 0.714, none shown at 70% or more
    wrong (4 before the cap). Round 10 (general fixes studied on M's misses: docs/inference.md)
    makes it 1.000 (64/64), and that is the floor now."""
    accuracy, misses = _model_accuracy(FRESH["m"])
    print(f"\nfresh m model accuracy {accuracy:.3f}", *misses, sep="\n  ")
    assert accuracy >= 64 / 64, misses


def test_model_accuracy_on_fresh_n_keeps_its_floor() -> None:
    """N was written after round 10's fixes and scored once, untuned: 0.769 (50/65), mismatch
    recall 0.381 (8/21), ownership precision 0.953, recall 0.623, none shown at 70% or more
    wrong (3 before the cap). Round 11 (general fixes studied on N's and O's misses:
    docs/inference.md) makes it 1.000 (65/65), and that is the floor now."""
    accuracy, misses = _model_accuracy(FRESH["n"])
    print(f"\nfresh n model accuracy {accuracy:.3f}", *misses, sep="\n  ")
    assert len(FRESH["n"]) - len(misses) >= 65, misses


def test_model_accuracy_on_fresh_o_keeps_its_floor() -> None:
    """O was written after round 10 and scored once, untuned: 0.819 (59/72), mismatch recall
    0.708, ownership precision 0.915, recall 0.746, none shown at 70% or more wrong (7 before
    the cap). A tuning batch in round 11, which makes it 1.000 (72/72): the floor now."""
    accuracy, misses = _model_accuracy(FRESH["o"])
    print(f"\nfresh o model accuracy {accuracy:.3f}", *misses, sep="\n  ")
    assert len(FRESH["o"]) - len(misses) >= 72, misses


def test_model_accuracy_on_fresh_q_keeps_its_floor() -> None:
    """Q was written during round 11 by another engineer and scored once after the round,
    untuned: 0.875 (63/72), mismatch recall 0.708 (17/24), ownership precision 0.958, recall
    0.858, none shown at 70% or more wrong (4 before the cap). A tuning batch in round 12
    (docs/inference.md), which makes it 1.000 (72/72), mismatch recall 1.000 (24/24): the floor now."""
    accuracy, misses = _model_accuracy(FRESH["q"])
    print(f"\nfresh q model accuracy {accuracy:.3f}", *misses, sep="\n  ")
    assert len(FRESH["q"]) - len(misses) >= 72, misses
    assert _mismatches_caught(FRESH["q"]) >= 24


class Floor(NamedTuple):
    """What one batch is held to: answers right, mismatches caught, ownership precision."""

    batch: str
    when: str
    right: int
    mismatches: int
    precision: float


FLOORS = (
    # written by another engineer during the round named, scored once after it, untuned: those
    # numbers are the batch's floor, not a target (docs/inference.md)
    Floor("s", "untuned, after round 13: 0.867, mismatch recall 0.850, own P 0.882", 52, 17, 0.88),
    Floor("t", "untuned, after round 14: 0.736, mismatch recall 0.458, own P 0.888", 53, 11, 0.88),
    Floor("u", "untuned, after round 15: 0.736, mismatch recall 0.542, own P 0.876", 53, 13, 0.87),
    Floor("v", "untuned, after round 16: 0.861, mismatch recall 0.792, own P 0.920", 62, 19, 0.92),
    # tuned on in the round named (general mechanisms studied on its misses): a floor above the
    # untuned one, until the batch leaves ``UNTUNED``
    Floor("s", "after round 14: 1.000, mismatch recall 1.000, own P 1.000", 60, 20, 0.99),
    Floor("t", "after round 15: 0.958, mismatch recall 0.917, own P 0.992", 69, 22, 0.99),
    Floor("u", "after round 16: 0.889, mismatch recall 0.917, own P 0.942", 64, 22, 0.94),
)


@pytest.mark.parametrize("floor", FLOORS, ids=lambda f: f"{f.batch}: {f.when.split(':')[0]}")
def test_model_accuracy_on_a_recent_batch_keeps_its_floor(floor: Floor) -> None:
    items = FRESH[floor.batch]
    accuracy, misses = _model_accuracy(items)
    print(f"\nfresh {floor.batch} model accuracy {accuracy:.3f} ({floor.when})", *misses,
          sep="\n  ")
    assert len(items) - len(misses) >= floor.right, misses
    assert _mismatches_caught(items) >= floor.mismatches
    c = _factor_counts(items)
    assert _precision(c) >= floor.precision, dict(c)


def test_model_accuracy_on_fresh_r_keeps_its_floor() -> None:
    """R was written during round 12 by another engineer and scored once after the round,
    untuned: 0.847 (61/72), mismatch recall 0.708 (17/24), ownership precision 0.906, recall
    0.868, none shown at 70% or more wrong (8 before the cap). A tuning batch in round 13
    (docs/inference.md), which makes it 1.000 (72/72), mismatch recall 1.000 (24/24), ownership
    precision 0.993: the floor now."""
    accuracy, misses = _model_accuracy(FRESH["r"])
    print(f"\nfresh r model accuracy {accuracy:.3f}", *misses, sep="\n  ")
    assert len(FRESH["r"]) - len(misses) >= 72, misses
    assert _mismatches_caught(FRESH["r"]) >= 24
    c = _factor_counts(FRESH["r"])
    assert _precision(c) >= 0.99, dict(c)


@pytest.mark.parametrize("item", TUNED_FRESH, ids=_ids(TUNED_FRESH))
def test_tuned_fresh_description_has_no_wrong_inference(item: dict[str, Any]) -> None:
    wrong = wrong_inferences(item)
    assert not wrong, wrong


@pytest.mark.parametrize("name", sorted(FRESH))
def test_fresh_evidence_is_verbatim(name: str) -> None:
    for item in FRESH[name]:
        for factor_id, inferred in infer(item["text"]).items():
            assert inferred.evidence and inferred.evidence in item["text"], (item["id"], factor_id)
            assert len(inferred.evidence) <= MAX_EVIDENCE


# --- the gate never changes a result ------------------------------------------------------------


class _NoGate:
    def active(self, marked: str) -> set[int]:
        return set(range(len(inference._RULES)))


def test_nearly_every_rule_is_gated() -> None:
    """A rule that cannot be gated runs on every text. Every rule that scans the whole text is
    gated; of those tried only at party words, all but a couple are."""
    assert all(
        inference._GATE.is_gated(i) for i, r in enumerate(inference._RULES) if not r.party_first
    )
    assert inference._GATE.gated >= len(inference._RULES) - 3


def test_gate_changes_no_result_on_the_descriptions(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [i["text"] for items in EVERY.values() for i in items]
    gated = [infer(t) for t in texts]
    monkeypatch.setattr(inference, "_GATE", _NoGate())
    assert [infer(t) for t in texts] == gated


_WORDS = st.sampled_from(
    ["they", "we", "their", "our", "client", "vendor", "Acme", "decide", "decides", "own", "owns", "guarantee", "uptime", "SLA", "architecture", "backlog", "roadmap", "24/7", "99.9%", "weekly", "monthly", "stable", "volatile", "not", "no", "never", "strong", "weak", "CTO", "lead", "team", "squad", "join", "contractors", "take", "over", "end-to-end", ",", ".", ";", "-", "?", "and", "but"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=30), st.text(max_size=40))
def test_gate_changes_no_result_on_generated_text(words: list[str], noise: str) -> None:
    text = " ".join(words) + noise
    gated = infer(text)
    saved = inference._GATE
    try:
        inference._GATE = _NoGate()  # type: ignore[assignment]
        assert infer(text) == gated
    finally:
        inference._GATE = saved


# --- work (timings are in bench/bench_engine.py and bench/adversarial.py, not here) -------------


def _work(text: str) -> Counter[str]:
    with counting() as work:
        infer(text)
    return work


def test_typical_inference_reads_each_text_once_per_rule() -> None:
    """Every description: each rule that runs scans the text once, and each weighed match reads
    a bounded stretch before it (two clause and three sentence look-backs at most)."""
    for items in EVERY.values():
        for item in items:
            text = item["text"]
            work = _work(text)
            assert work["inference.scanned"] <= work["inference.rules"] * len(text)
            assert work["inference.matches"] <= inference.MAX_MATCHES
            assert work["inference.lookback"] <= 5 * MAX_LOOKBACK * work["inference.matches"]


def test_a_40_kb_input_costs_no_more_than_its_first_max_scan_characters() -> None:
    paragraph = ("Their CTO keeps every decision but they want us to guarantee the date; "
                 "requirements change weekly and the APIs are still being designed. ")
    text = paragraph * (40_000 // len(paragraph) + 1)
    work = _work(text)
    assert work == _work(text[:inference.MAX_SCAN])
    assert work["inference.matches"] <= inference.MAX_MATCHES
    assert infer(text)["decision_owner"].value == "client"
