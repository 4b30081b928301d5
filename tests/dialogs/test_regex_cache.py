"""Start-up caches of the inference rules: what they rebuild is exactly what they replace.

``dialogs.regex_cache`` rebuilds compiled patterns from stored programs, and the gate's
analysis is kept in a memo (``dialogs.inference_gate.Memo``); both exist only to make a one-shot
``advisor assess --text`` start fast (docs/performance.md), so both must be invisible: the same
``Pattern`` (``Pattern.__eq__`` compares flags, source and program), the same gate tables.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.server import warm
from dialogs import inference, inference_rules
from dialogs.inference_gate import Gate, fresh_memo, split_for_gate
from dialogs.regex_cache import RegexCache

SOURCES = sorted({(rule.source, rule.flags) for rule in inference._RULES})


def test_every_rule_rebuilt_from_the_cache_equals_re_compile(tmp_path: Path) -> None:
    path = tmp_path / "rules.regex"
    first = RegexCache(path)
    built = [first.compile(source, flags) for source, flags in SOURCES]
    assert first.misses == len(SOURCES) and first.hits == 0
    first.save()
    second = RegexCache(path)
    rebuilt = [second.compile(source, flags) for source, flags in SOURCES]
    assert second.hits == len(SOURCES) and second.misses == 0
    for (source, flags), a, b in zip(SOURCES, built, rebuilt, strict=True):
        expected = re.compile(source, flags)
        assert a == expected and b == expected
        assert b.groupindex == expected.groupindex


def test_a_rebuilt_pattern_matches_like_the_original(tmp_path: Path) -> None:
    text = inference_rules.mark("Their CTO keeps every decision; we run their 24/7 monitoring "
                                "with a 99.9% SLA and Acme wants us accountable.",
                                inference._VOCABULARY)
    cache = RegexCache(tmp_path / "rules.regex")
    for source, flags in SOURCES:
        cache.compile(source, flags)
    cache.save()
    again = RegexCache(tmp_path / "rules.regex")
    for source, flags in SOURCES:
        got = [(m.span(), m.groupdict()) for m in again.compile(source, flags).finditer(text)]
        assert got == [(m.span(), m.groupdict()) for m in re.compile(source, flags).finditer(text)]


def test_a_damaged_or_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.regex"
    damaged.write_bytes(b"\x00not a cache")
    source, flags = SOURCES[0]
    assert RegexCache(damaged).compile(source, flags) == re.compile(source, flags)
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    cache = RegexCache(blocked / "under-a-file.regex")  # its folder cannot be made
    assert cache.compile(source, flags) == re.compile(source, flags)
    cache.save()  # quietly skipped
    assert not (blocked / "under-a-file.regex").exists()


def test_the_gate_from_the_memo_equals_a_fresh_analysis() -> None:
    with fresh_memo() as memo:
        rules = split_for_gate(inference._SOURCE_RULES)
        gate = Gate(rules)
    assert memo.misses > 0  # it really analysed
    assert rules == inference._RULES
    assert gate._always == inference._GATE._always
    assert gate._by_start == inference._GATE._by_start


def test_the_server_compiles_every_rule_before_its_first_turn() -> None:
    warm()
    compiled = inference_rules._compiled.cache_info().currsize
    assert compiled >= len(SOURCES)


def test_the_rule_vocabulary_from_the_memo_equals_a_fresh_one() -> None:
    fresh = inference_rules.Vocabulary(inference._RULES)
    assert inference._VOCABULARY._sorted == fresh._sorted
    assert inference._VOCABULARY._words == fresh._words
