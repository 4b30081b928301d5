"""The call brief always gives the rep something to ask (issue 15.4)."""

from __future__ import annotations

import itertools

from dialogs import factors as F
from dialogs.scoring import MIN_ASK, evaluate

CLEAN_MANAGED = {
    "decision_owner": "provider",
    "accountability": "provider",
    "scope": "bounded",
    "measurability": "independent",
    "interfaces": "stable",
    "change_rate": "slow",
    "domain_coupling": "low",
    "leadership": "weak",
}


def test_every_complete_answer_set_gives_at_least_two_questions() -> None:
    for combo in itertools.product(*(f.answer_ids for f in F.FACTORS)):
        v = evaluate(dict(zip(F.FACTOR_IDS, combo, strict=True)))
        assert len(v.call_prep.ask) >= MIN_ASK, combo
        assert len(set(v.call_prep.ask)) == len(v.call_prep.ask), combo


def test_a_clean_managed_result_asks_about_its_least_firm_answers() -> None:
    answers = {f: a for f, a in CLEAN_MANAGED.items() if a in F.get(f).answer_ids}
    assert len(answers) == len(F.FACTORS), "fixture must answer every factor"
    v = evaluate(answers)
    assert v.model == F.MANAGED and not v.missing and not v.warnings
    # Every answer backs managed services; the lightest-weighted ones are confirmed first.
    lightest = min(F.get(f).weight for f in answers)
    asked = [f for f in F.FACTORS if f.ask_client in v.call_prep.ask]
    assert len(asked) == MIN_ASK
    assert all(F.get(f.id).weight == lightest for f in asked)


def test_a_mismatch_brief_asks_about_ownership_first() -> None:
    answers = dict(CLEAN_MANAGED, decision_owner="client")
    v = evaluate({f: a for f, a in answers.items() if a in F.get(f).answer_ids})
    assert v.model == F.MISMATCH
    assert v.call_prep.ask[:2] == tuple(F.get(f).ask_client for f in F.OWNERSHIP)
