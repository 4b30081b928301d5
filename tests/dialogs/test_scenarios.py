"""Practice scenarios (issue 18): deterministic, varied, and read back by the advisor itself.

The self-agreement test feeds every generated text to ``advisor assess --text --json`` (the CLI's
own entry point, in-process for speed) and expects the scenario's model: it guards the scenario
wording and the inference rules alike.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from bot.cli import main
from dialogs import factors as F
from dialogs.scenarios import MISMATCH_CODES, generate
from dialogs.scoring import evaluate
from tests.cli.test_cli import assert_bad_input, run

SEEDS = range(300)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _assess_json(text: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    main(["assess", "--text", text, "--json"])
    out = capsys.readouterr().out
    parsed: dict[str, object] = json.loads(out)
    return parsed


def test_every_scenario_is_read_back_to_its_model(capsys: pytest.CaptureFixture[str]) -> None:
    disagreements = []
    for seed in SEEDS:
        model = F.MODELS[seed % 3]
        scenario = generate(seed, model=model)
        assert scenario.model == model
        result = _assess_json(scenario.text, capsys)
        if result["model"] != model:
            disagreements.append((seed, scenario.text, result["model"]))
    assert disagreements == []


def test_the_stated_answers_make_the_model_and_each_fact_is_quoted_from_the_text() -> None:
    for seed in SEEDS:
        scenario = generate(seed)
        verdict = evaluate(scenario.answers)
        assert verdict.model == scenario.model
        assert tuple(w.code for w in verdict.warnings) == scenario.warnings
        assert set(scenario.facts) == set(scenario.answers)
        for sentence in scenario.facts.values():
            assert sentence in scenario.text


def test_scenarios_cover_every_model_warning_and_level() -> None:
    models: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    levels: Counter[int] = Counter()
    for seed in SEEDS:
        scenario = generate(seed)
        models[scenario.model] += 1
        codes.update(scenario.warnings)
        levels[scenario.level] += 1
    assert set(models) == set(F.MODELS)
    assert set(codes) >= {*MISMATCH_CODES, "weak_leadership_for_augmentation",
                          "volatile_scope_for_managed"}
    assert set(levels) == {1, 2, 3}


def test_scenarios_are_varied() -> None:
    texts = [generate(seed).text for seed in SEEDS]
    assert len(set(texts)) == len(texts)
    sentences = [s for t in texts for s in _SENTENCE_END.split(t)]
    # The ratio is reported in docs/learn.md; this floor catches a generator that collapses.
    assert len(set(sentences)) / len(sentences) > 0.25


def test_levels_grow_longer_and_hide_the_deciding_facts() -> None:
    for seed in range(60):
        easy = generate(seed, model=F.AUGMENTATION, level=1)
        hard = generate(seed, model=F.AUGMENTATION, level=3)
        easy_sentences = _SENTENCE_END.split(easy.text)
        hard_sentences = _SENTENCE_END.split(hard.text)
        assert 2 <= len(easy_sentences) <= 4
        assert len(hard_sentences) > len(easy_sentences)
        # The ownership facts sit after the small talk at level 3, up front at level 1.
        assert easy_sentences.index(easy.facts["decision_owner"]) <= 2
        assert hard_sentences.index(hard.facts["decision_owner"]) >= 4
        assert "weak_leadership_for_augmentation" in hard.warnings


def test_the_same_seed_gives_the_same_scenario() -> None:
    for seed in (0, 1, 99, 2**40):
        assert generate(seed) == generate(seed)
        assert generate(seed, model=F.MANAGED) == generate(seed, model=F.MANAGED)
    assert generate(5).text != generate(6).text


def test_generate_refuses_unknown_models_and_levels() -> None:
    with pytest.raises(ValueError, match="unknown model"):
        generate(1, model="outsourcing")
    with pytest.raises(ValueError, match="unknown level"):
        generate(1, level=7)


def test_cli_scenario_json_follows_the_contract() -> None:
    p = run("scenario", "--seed", "42", "--model", "mismatch", "--json")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert {"text", "answers", "model", "warnings"} <= set(data)
    assert data["model"] == "mismatch"
    assert data["warnings"] and data["warnings"][0] in MISMATCH_CODES
    assert all(F.is_valid(f, a) for f, a in data["answers"].items())
    again = run("scenario", "--seed", "42", "--model", "mismatch", "--json")
    assert json.loads(again.stdout) == data


def test_cli_scenario_text_names_the_answers_and_the_model() -> None:
    p = run("scenario", "--seed", "3", "--model", "staff_augmentation")
    assert p.returncode == 0, p.stderr
    assert generate(3, model=F.AUGMENTATION).text in p.stdout
    assert "Model: IT staff augmentation" in p.stdout
    assert "decision authority: The client" in p.stdout


def test_cli_scenario_refuses_bad_options_with_one_line() -> None:
    assert_bad_input(run("scenario", "--model", "outsourcing"), "managed_services")
    assert_bad_input(run("scenario", "--seed", "-4"))
    assert_bad_input(run("scenario", "--level", "9"))
