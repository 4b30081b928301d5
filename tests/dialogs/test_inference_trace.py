"""Issue 13.4: every reading names the rule that produced it (``inferred.<factor>.rule``,
``advisor assess --explain``); rule ids are unique and written beside each rule in its data
file, so they move neither with its position nor with edits to its pattern."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from dialogs import inference
from dialogs.classifier import CLASSIFIER_RULE
from dialogs.inference import MIXED_RULE, infer

DATA = Path(__file__).resolve().parents[1] / "data"
RULE_ID = re.compile(r"^[a-z_]+\.[a-z0-9][a-z0-9-]*$")
TEXT = "Their CTO keeps every decision but they want us to guarantee the date, scope is fixed"


def _ids() -> set[str]:
    return {r.id for r in inference._SOURCE_RULES} | {CLASSIFIER_RULE}


def test_every_rule_has_a_unique_well_formed_id() -> None:
    unsplit = [r.id for r in inference._SOURCE_RULES]
    assert all(RULE_ID.match(i) for i in unsplit)
    assert len(set(unsplit)) == len(unsplit)
    assert all(r.id.startswith(r.effects[0].factor + ".") for r in inference._SOURCE_RULES)
    assert {r.id for r in inference._RULES} == set(unsplit)  # split parts keep their rule's id


def test_every_reading_on_the_batches_names_a_known_rule() -> None:
    known = _ids()
    for path in sorted(DATA.glob("descriptions*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            for factor_id, reading in infer(item["text"]).items():
                parts = (reading.rule.removeprefix(f"{MIXED_RULE}:").split("+")
                         if reading.rule.startswith(MIXED_RULE) else [reading.rule])
                assert parts and all(p in known for p in parts), (item["id"], factor_id)


def _cli(*args: str) -> str:
    return subprocess.run([sys.executable, "-m", "bot.cli", "assess", *args],
                          capture_output=True, text=True, check=True).stdout


def test_json_gives_the_rule_of_each_reading() -> None:
    out = json.loads(_cli("--text", TEXT, "--json"))
    want = infer(TEXT)
    assert set(out["inferred"]) == set(want)
    for factor_id, reading in out["inferred"].items():
        assert reading["rule"] == want[factor_id].rule and RULE_ID.match(reading["rule"])
        assert reading["evidence"] in TEXT


def test_explain_lists_value_evidence_and_rule_per_reading() -> None:
    out = _cli("--explain", "--text", TEXT)
    for factor_id, reading in infer(TEXT).items():
        assert f"{factor_id} = {reading.value}" in out
        assert f'evidence: "{reading.evidence}"' in out
        assert f"rule: {reading.rule}" in out
    assert "decision_owner = client (the model depends on it; unconfirmed)" in out
    assert "Recommendation:" in out
    out = _cli("--explain", "--answer", "scope=bounded")
    assert "Nothing was read from a description." in out
