"""The decision model: the seed's examples, mismatch rules, warnings, partial answers, what-if."""

from __future__ import annotations

import itertools

import pytest

from dialogs import factors as F
from dialogs.scoring import evaluate, model_for, settled, validate, what_if

MONITORING = {  # 24/7 infrastructure monitoring with SLAs and escalation paths
    "scope": "bounded",
    "interfaces": "stable",
    "measurability": "independent",
    "change_rate": "slow",
    "domain_coupling": "low",
    "leadership": "some",
    "decision_owner": "provider",
    "accountability": "provider",
}
BACKEND_CAPACITY = {  # a product team extends backend capacity, keeps architecture and backlog
    "scope": "open",
    "interfaces": "some_change",
    "measurability": "entangled",
    "change_rate": "fast",
    "domain_coupling": "deep",
    "leadership": "strong",
    "decision_owner": "client",
    "accountability": "client",
}
UNMANAGED = {  # augmented engineers expected to guarantee outcomes without decision authority
    "scope": "partly",
    "measurability": "entangled",
    "leadership": "some",
    "decision_owner": "client",
    "accountability": "provider",
}


def test_seed_monitoring_example_is_managed_services() -> None:
    v = evaluate(MONITORING)
    assert v.model == "managed_services"
    assert v.confidence >= 0.8
    assert v.missing == ()
    assert v.warnings == ()


def test_seed_backend_capacity_example_is_staff_augmentation() -> None:
    v = evaluate(BACKEND_CAPACITY)
    assert v.model == "staff_augmentation"
    assert [w.code for w in v.warnings] == []
    assert any("client keeps architecture" in r for r in v.reasons)


def test_seed_unmanaged_example_is_mismatch() -> None:
    v = evaluate(UNMANAGED)
    assert v.model == "mismatch"
    assert [w.code for w in v.warnings] == ["unmanaged_managed_services"]
    assert v.call_prep.red_flags, "the red flag must reach the call brief"


def test_authority_without_accountability() -> None:
    v = evaluate({"decision_owner": "provider", "accountability": "client"})
    assert v.model == "mismatch"
    assert [w.code for w in v.warnings] == ["authority_without_accountability"]


@pytest.mark.parametrize(
    "owner,acc", list(itertools.product(["provider", "shared", "client"], repeat=2))
)
def test_mismatch_fires_only_for_opposite_parties(owner: str, acc: str) -> None:
    for fit in (MONITORING, BACKEND_CAPACITY):
        answers = {**fit, "decision_owner": owner, "accountability": acc}
        opposite = {owner, acc} == {"provider", "client"}
        assert (model_for(answers) == "mismatch") is opposite


def test_mismatch_fires_as_soon_as_both_ownership_factors_are_known() -> None:
    v = evaluate({"decision_owner": "client", "accountability": "provider"})
    assert v.model == "mismatch"
    assert len(v.missing) == 6


def test_ownership_agreement_outweighs_every_fit_factor() -> None:
    answers = {
        **MONITORING,
        "leadership": "weak",
        "decision_owner": "client",
        "accountability": "client",
    }
    v = evaluate(answers)
    assert v.model == "staff_augmentation"
    assert [w.code for w in v.warnings] == ["weak_leadership_for_augmentation"]


@pytest.mark.parametrize(
    "factor,answer",
    [
        ("change_rate", "fast"),
        ("domain_coupling", "deep"),
        ("interfaces", "volatile"),
    ],
)
def test_volatile_scope_warning_for_managed(factor: str, answer: str) -> None:
    v = evaluate({**MONITORING, factor: answer})
    assert v.model == "managed_services"
    assert [w.code for w in v.warnings] == ["volatile_scope_for_managed"]


def test_warnings_do_not_fire_for_the_other_model() -> None:
    assert evaluate({**BACKEND_CAPACITY, "change_rate": "fast"}).warnings == ()
    v = evaluate({**MONITORING, "leadership": "weak"})
    assert v.model == "managed_services" and v.warnings == ()


def test_partial_answers_lower_confidence_and_list_missing() -> None:
    full = evaluate(MONITORING)
    partial = evaluate({"scope": "bounded", "measurability": "independent"})
    assert partial.model == "managed_services"
    assert partial.confidence < full.confidence
    assert set(partial.missing) == set(F.FACTOR_IDS) - {"scope", "measurability"}
    assert 0.0 <= partial.confidence <= 1.0


def test_confidence_reflects_margin() -> None:
    clear = evaluate(MONITORING)
    close = evaluate(
        {
            **MONITORING,
            "decision_owner": "shared",
            "accountability": "shared",
            "scope": "open",
            "measurability": "entangled",
        }
    )
    assert close.confidence < clear.confidence


def test_no_answers_is_a_cautious_default() -> None:
    v = evaluate({})
    assert v.model == "staff_augmentation"
    assert v.confidence == 0.0
    assert len(v.missing) == 8


def test_what_if_lists_single_flips_that_really_flip() -> None:
    answers = {"decision_owner": "provider", "accountability": "provider", "scope": "bounded"}
    flips = what_if(answers)
    assert flips
    for w in flips:
        assert model_for({**answers, w.factor: w.answer}) == w.model != model_for(answers)
    assert any(
        w.factor == "decision_owner" and w.answer == "client" and w.model == "mismatch"
        for w in flips
    )


def test_every_answer_vector_gives_a_model_and_valid_json_fields() -> None:
    for values in itertools.product(*(f.answer_ids for f in F.FACTORS)):
        answers = dict(zip(F.FACTOR_IDS, values, strict=True))
        v = evaluate(answers)
        assert v.model in F.MODELS
        assert 0.0 <= v.confidence <= 1.0
        assert all(0.0 <= s <= 1.0 for s in v.scores.values())


def test_settled_means_no_answer_can_change_model_or_warnings() -> None:
    for values in itertools.product(*(f.answer_ids for f in F.FACTORS[:4])):
        answers = dict(zip(F.FACTOR_IDS[:4], values, strict=True))
        answers.update(decision_owner="provider", accountability="provider")
        if not settled(answers):
            continue
        base = evaluate(answers)
        rest = [f for f in F.FACTORS if f.id not in answers]
        for combo in itertools.product(*(f.answer_ids for f in rest)):
            full = {**answers, **dict(zip((f.id for f in rest), combo, strict=True))}
            v = evaluate(full)
            assert v.model == base.model
            assert [w.code for w in v.warnings] == [w.code for w in base.warnings]


def test_validate_names_what_is_allowed() -> None:
    with pytest.raises(ValueError, match="bounded, partly, open"):
        validate({"scope": "huge"})
    with pytest.raises(ValueError, match="factors are"):
        validate({"budget": "big"})


def test_call_prep_asks_open_and_borderline_factors() -> None:
    v = evaluate({"decision_owner": "shared", "accountability": "provider"})
    assert F.get("decision_owner").ask_client in v.call_prep.ask
    assert F.get("scope").ask_client in v.call_prep.ask
    assert F.get("accountability").ask_client not in v.call_prep.ask
