"""Issue 13.4: the statistical second opinion (``dialogs.classifier``).

Its arithmetic with small hand-made weights (so each rule of ``second_opinion`` is pinned on its
own), the shipped weights, and one description end to end through ``advisor assess``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from dialogs.classifier import (
    CLASSIFIER_RULE,
    MAX_CHARS,
    Model,
    dump,
    features,
    load,
    parse,
    second_opinion,
)
from dialogs.factors import AUGMENTATION, MANAGED, MISMATCH, MODELS
from dialogs.inference import MAX_EVIDENCE, infer
from dialogs.replies import Inferred

DATA = Path(__file__).resolve().parents[1] / "data"
LONG = (
    "Notes from the call with the retailer. They run a warehouse platform and want help this year. "
    "The team is small and the budget is signed off. Their director said the work starts in May, "
    "and everyone on the call agreed on the plan. Acme handles everything."
)
# "acme" argues for managed services, "helpers" for staff augmentation, "blame" for a mismatch.
TOY = Model.of(
    classes=(MANAGED, MISMATCH, AUGMENTATION),
    intercept=(0.0, 0.0, 0.0),
    rows={"w:acme": [1.0, 9.0, 0.0, 0.0], "w:helpers": [1.0, 0.0, 0.0, 9.0], "w:blame": [1.0, 0.0, 9.0, 0.0]},
)


def _reading(value: str) -> Inferred:
    return Inferred(value=value, evidence="x", rule="decision_owner.rule")


def test_features_are_words_pairs_and_letter_groups_of_the_first_max_chars() -> None:
    got = features("Client OWNS it")
    assert got[:3] == ["w:client", "w:owns", "w:it"]
    assert "b:client owns" in got and "c: cl" in got and "c:ent " in got and "c: it " in got
    assert features("Client OWNS it") == got
    long = "word " * (MAX_CHARS // 2)
    assert features(long) == features(long[:MAX_CHARS])


def test_shipped_weights_give_a_probability_per_model() -> None:
    model = load()
    assert set(model.classes) == set(MODELS)
    p = model.probabilities(LONG)
    assert math.isclose(sum(p.values()), 1.0) and all(0 < v < 1 for v in p.values())
    assert model.probabilities("") == model.probabilities("!!")  # no known feature: priors only


def test_the_weights_file_reads_back_what_was_written() -> None:
    again = parse(dump(TOY))
    assert again.classes == TOY.classes and again.index == TOY.index
    assert list(again.table) == list(TOY.table)
    assert again.probabilities(LONG) == TOY.probabilities(LONG)
    shipped = load()
    assert parse(dump(shipped)).index == shipped.index
    with pytest.raises(ValueError, match="weights for"):
        parse(dump(TOY)[:-4])


def test_a_sure_classifier_changes_the_readings_that_disagree() -> None:
    readings = {"decision_owner": _reading("client"), "accountability": _reading("client")}
    out = second_opinion(LONG, readings, AUGMENTATION, model=TOY)
    assert {f: r.value for f, r in out.items()} == {"decision_owner": "provider", "accountability": "provider"}
    assert {r.rule for r in out.values()} == {CLASSIFIER_RULE}
    evidence = out["decision_owner"].evidence
    assert evidence in LONG and "Acme" in evidence and len(evidence) <= MAX_EVIDENCE
    assert readings["decision_owner"].value == "client"  # the input is not changed


def test_a_mismatch_flips_the_party_opposite_the_one_read() -> None:
    text = LONG.replace("Acme handles everything", "The blame would land elsewhere")
    out = second_opinion(text, {"decision_owner": _reading("client")}, AUGMENTATION, model=TOY)
    assert out["decision_owner"].value == "client" and out["decision_owner"].rule == "decision_owner.rule"
    assert out["accountability"].value == "provider" and out["accountability"].rule == CLASSIFIER_RULE
    # both with one party: no telling which way the mismatch runs, so nothing changes
    both = {"decision_owner": _reading("client"), "accountability": _reading("client")}
    assert second_opinion(text, both, AUGMENTATION, model=TOY) == both


def test_what_the_classifier_leaves_alone() -> None:
    readings = {"decision_owner": _reading("client"), "accountability": _reading("client")}
    # a short text: the rules read it alone
    assert second_opinion("Acme handles everything for them.", readings, AUGMENTATION, model=TOY) == readings
    # the classifier agrees, or is not sure enough
    helpers = LONG.replace("Acme", "Helpers")
    assert second_opinion(helpers, readings, AUGMENTATION, model=TOY) == readings
    assert second_opinion(LONG, readings, AUGMENTATION, model=TOY, min_probability=0.99999) == readings
    # a mismatch the rules read is never argued away
    mixed = {"decision_owner": _reading("client"), "accountability": _reading("provider")}
    assert second_opinion(LONG, mixed, MISMATCH, model=TOY) == mixed
    # "shared" stated in so many words stays unless the classifier's model is a mismatch
    shared = {"decision_owner": _reading("shared"), "accountability": _reading("client")}
    out = second_opinion(LONG, shared, AUGMENTATION, model=TOY)
    assert out["decision_owner"].value == "shared" and out["accountability"].value == "provider"


def test_the_rules_alone_are_still_available() -> None:
    text = _batch_item("v", "fv-sa-20")
    assert infer(text, classifier=False)["decision_owner"].rule != CLASSIFIER_RULE
    assert infer(text)["decision_owner"].rule == CLASSIFIER_RULE


def _batch_item(batch: str, item_id: str) -> str:
    items = yaml.safe_load((DATA / f"descriptions_fresh_{batch}.yaml").read_text(encoding="utf-8"))
    return str(next(i["text"] for i in items if i["id"] == item_id))


def test_a_second_opinion_is_an_unconfirmed_reading_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    # A pinned batch item the rules misread ("Their OT security manager decides" read as the
    # provider's); the classifier reads the whole note as staff augmentation.
    text = _batch_item("v", "fv-sa-20")
    main(["assess", "--text", text, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert out["model"] == "staff_augmentation"
    assert out["inferred"]["decision_owner"]["rule"] == CLASSIFIER_RULE
    assert out["inferred"]["decision_owner"]["evidence"] in text
    assert set(out["unconfirmed"]) == {"decision_owner", "accountability"}
    assert out["confidence"] <= 0.6
    main(["assess", "--text", text, "--explain"])
    shown = capsys.readouterr().out
    assert f"rule: {CLASSIFIER_RULE}" in shown and "unconfirmed" in shown
