"""Issue 13.4: the rules are data (``dialogs/rules/<factor>.toml``), each beside the phrases that
show it. Every example must read as its rule says: that rule gives the reading, and it is the
answer ``infer`` shows (a stronger or earlier rule may name the same answer); no counterexample
may get any reading of its factor from its rule. Adding a phrasing means adding a pattern line
and an example there, not editing code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dialogs import rulebook
from dialogs.inference import _SOURCE_RULES, candidates, infer
from dialogs.inference_rules import split_party_first
from dialogs.rulebook import Example, RuleDataError

EXAMPLES = rulebook.examples()


@pytest.mark.parametrize(
    "example", [e for e in EXAMPLES if e.value is not None], ids=lambda e: f"{e.rule}:{e.text[:40]}"
)
def test_each_example_reads_as_its_rule_says(example: Example) -> None:
    fired = [c for c in candidates(example.text).get(example.factor, []) if c.rule == example.rule]
    assert [c.value for c in fired if c.value == example.value], (fired, example.text)
    shown = infer(example.text).get(example.factor)
    assert shown is not None and shown.value == example.value, (shown, example.text)


@pytest.mark.parametrize(
    "example", [e for e in EXAMPLES if e.value is None], ids=lambda e: f"{e.rule}:{e.text[:40]}"
)
def test_no_counterexample_gets_a_reading_from_its_rule(example: Example) -> None:
    got = candidates(example.text).get(example.factor, [])
    assert [c for c in got if c.rule == example.rule] == [], example.text


def test_every_rule_from_the_data_has_an_example_and_the_data_loads_as_cached() -> None:
    built = rulebook.build()
    assert split_party_first(built) == rulebook.load()
    with_examples = {e.rule for e in EXAMPLES if e.value is not None}
    assert [r.id for r in built if r.id not in with_examples] == []
    assert {r.id for r in built} <= {r.id for r in _SOURCE_RULES}


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(rulebook.RULES_DIR, target)
    return target


def _edit(directory: Path, name: str, old: str, new: str) -> None:
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_pattern_keeps_its_id(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    first = rulebook.build(directory)[0]
    _edit(directory, "scope.toml", "pattern = [\n", "pattern = [\n    '(?:clean cut job)|',\n")
    edited = rulebook.build(directory)[0]
    assert edited.id == first.id and edited.source != first.source


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[[rule]]\nid = ", "[[rule]]\nnegatible = false\nid = ", "unknown keys ['negatible']"),
        ('id = "scope.', 'id = "interfaces.', "an id is <factor of the first effect>"),
        ("strength = 2", "strength = 5", "strength is 1, 2 or 3"),
        ("pattern = [\n", "pattern = [\n    '<NOSUCH>|',\n", "unknown fragment <NOSUCH>"),
        ("pattern = [\n", "pattern = [\n    '(?:Capital)|',\n", "upper case in a rule"),
    ],
)
def test_a_mistake_in_a_rule_file_is_named(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    directory = _copy(tmp_path)
    _edit(directory, "scope.toml", old, new)
    with pytest.raises(RuleDataError, match=r"scope\.toml") as err:
        rulebook.build(directory)
    assert message in str(err.value)


def test_a_duplicate_id_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    text = (directory / "scope.toml").read_text(encoding="utf-8")
    first = text[text.index("[[rule]]") : text.index("[[rule]]", text.index("[[rule]]") + 1)]
    (directory / "scope.toml").write_text(text + "\n" + first, encoding="utf-8")
    with pytest.raises(RuleDataError, match="used twice"):
        rulebook.build(directory)
