"""The inference rules as data: ``dialogs/rules/<factor>.toml``, one file per factor.

Each ``[[rule]]`` of a factor's file is one regex, written in the notation of
``dialogs.inference_rules`` (a space matches whitespace or a hyphen, ``<NAME>`` is a shared
fragment), with what it reads and the phrases that show it::

    [[rule]]
    id = "scope.3f2a9c01"        # stable: shown by --explain and in inferred.<factor>.rule
    effects = [{ factor = "scope", value = "bounded", strength = 2, negated = "open" }]
    pattern = [                  # pieces joined as they are (a string also does)
        '(?:well|clearly|tightly) ',
        '(?:defined|scoped|bounded)',
    ]
    examples = ["The scope is tightly defined", "it is not clearly scoped => open"]
    counterexamples = ["..."]

* ``id``: ``<factor>.<name>``, the factor of the first effect; unique; it never changes when the
  pattern does. A new rule takes any unused name (``scope.fixed-migration``).
* ``effects``: ``factor``, ``value`` (an answer id, ``@party``: the party the phrase names,
  resolved through the text's perspective, or ``@other``: the party it does not name),
  ``strength`` (3 explicit statement, 2 clear signal, 1 hint) and ``negated`` (the answer when the
  phrase is negated; absent: a negated phrase says nothing).
* options, all optional: ``negatable``, ``inner_negation``, ``client_only``, ``default_party``,
  ``party_lookback``, ``lookback_sentence``, ``imperative`` (see ``inference_rules.Rule``),
  ``block`` (a plain regex, case-insensitive, that drops a match when it finds something in the
  sentence before it; ``<NAME>`` fragments are expanded in it too) and ``antecedent`` (the same
  kind of regex, which must find something in the match's clause before it or in the clause
  before that: what the phrase's "it" or "that" refers to).
* ``examples``: phrases that must read as the rule's first effect says, *from this rule*
  (``=> value`` at the end names the answer when it is not the effect's own value: a party, or
  the negated answer); ``counterexamples``: phrases in which this rule must give no reading of
  its factor. ``tests/dialogs/test_rule_examples.py`` runs every one.

``dialogs/rules/macros.toml`` holds the shared fragments (``NAME = [pieces]``; names are capital
letters only); ``PARTY``, ``THEM`` and ``COMPANYANY`` are built in (``inference_rules.MACROS``),
since the code reads party words too. Rules run in the order of ``FACTOR_FILES``, then of their
file: order only decides which rule is named when two give the same reading from the same words.

Parsing TOML and expanding the notation costs tens of milliseconds, so the built table is kept in
``__pycache__`` (keyed by a digest of the data files and of the code that reads them) the way
Python keeps bytecode; a read-only installation builds it again each time.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from dialogs import inference_rules as notation
from dialogs.factors import CONTRACT_ORDER
from dialogs.inference_rules import COMPILED, Effect, Rule

RULES_DIR: Final = Path(__file__).parent / "rules"

FACTOR_FILES: Final = CONTRACT_ORDER
"""The factors' files (``<factor>.toml``), in the order their rules run: the contract's."""

MACROS_FILE: Final = "macros.toml"

_CACHE: Final = (
    Path(__file__).parent / "__pycache__" / f"rulebook.{sys.implementation.cache_tag}.marshal"
)

_OPTIONS: Final = {
    "negatable": bool,
    "inner_negation": bool,
    "client_only": bool,
    "party_lookback": bool,
    "lookback_sentence": bool,
    "imperative": bool,
    "default_party": str,
}
_RULE_KEYS: Final = {
    "id", "effects", "pattern", "block", "antecedent", "examples", "counterexamples", *_OPTIONS
}
_EFFECT_KEYS: Final = {"factor", "value", "strength", "negated"}
_ID: Final = re.compile(r"[a-z_]+\.[a-z0-9][a-z0-9-]*")
_MACRO_NAME: Final = re.compile(r"[A-Z]+")
ARROW: Final = " => "
"""Ends an example with the answer it must read as (``"they own the roadmap => client"``)."""


class RuleDataError(ValueError):
    """A rule file does not say what ``dialogs.rulebook`` expects (the message names it)."""


@dataclass(frozen=True, slots=True)
class Example:
    rule: str
    factor: str
    text: str
    value: str | None
    """The answer the text must read as from ``rule``; ``None`` for a counterexample."""


def _paths(directory: Path = RULES_DIR) -> list[Path]:
    return [directory / MACROS_FILE, *(directory / f"{name}.toml" for name in FACTOR_FILES)]


def _joined(value: object, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return "".join(value)
    raise RuleDataError(f"{where}: expected a string or a list of strings")


def _parse(path: Path) -> dict[str, Any]:
    import tomllib  # only when the table is built afresh (about 4 ms to import)

    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleDataError(f"{path.name}: {exc}") from exc
    return data


def _macros(directory: Path) -> dict[str, str]:
    path = directory / MACROS_FILE
    out = dict(notation.MACROS)
    for name, value in _parse(path).items():
        if not _MACRO_NAME.fullmatch(name):
            raise RuleDataError(f"{path.name}: macro names are capital letters only: {name}")
        if name in out:
            raise RuleDataError(f"{path.name}: {name} is defined twice")
        out[name] = _joined(value, f"{path.name}: {name}")
    return out


def _effect(raw: object, where: str) -> Effect:
    if (
        not isinstance(raw, dict)
        or not {"factor", "value", "strength"} <= set(raw)
        or (set(raw) - _EFFECT_KEYS)
    ):
        raise RuleDataError(f"{where}: an effect is {{factor, value, strength[, negated]}}")
    negated = raw.get("negated")
    if not (
        isinstance(raw["factor"], str)
        and isinstance(raw["value"], str)
        and isinstance(raw["strength"], int)
        and raw["strength"] in (1, 2, 3)
        and (negated is None or isinstance(negated, str))
    ):
        raise RuleDataError(f"{where}: effect types (strength is 1, 2 or 3)")
    return Effect(raw["factor"], raw["value"], raw["strength"], negated)


def _rule(raw: dict[str, Any], macros: dict[str, str], where: str) -> Rule:
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise RuleDataError(f"{where}: unknown keys {sorted(unknown)}")
    rid = raw.get("id")
    effects_raw = raw.get("effects")
    if not isinstance(rid, str) or not isinstance(effects_raw, list) or not effects_raw:
        raise RuleDataError(f"{where}: a rule needs an id and effects")
    where = f"{where} ({rid})"
    effects = tuple(_effect(e, where) for e in effects_raw)
    if not _ID.fullmatch(rid) or not rid.startswith(effects[0].factor + "."):
        raise RuleDataError(f"{where}: an id is <factor of the first effect>.<name>")
    for key in ("examples", "counterexamples"):
        texts = raw.get(key, [])
        if not isinstance(texts, list) or not all(isinstance(t, str) and t for t in texts):
            raise RuleDataError(f"{where}: {key} is a list of phrases")
    options: dict[str, Any] = {}
    for key, kind in _OPTIONS.items():
        if key in raw:
            if not isinstance(raw[key], kind):
                raise RuleDataError(f"{where}: {key} is a {kind.__name__}")
            options[key] = raw[key]
    block = raw.get("block")
    antecedent = raw.get("antecedent")
    try:
        rule = notation.rule(
            _joined(raw.get("pattern"), where),
            *effects,
            macros=macros,
            block=notation.expand(_joined(block, where), macros) if block is not None else None,
            antecedent=(
                notation.expand(_joined(antecedent, where), macros)
                if antecedent is not None
                else None
            ),
            **options,
        )
    except (KeyError, ValueError, re.error) as exc:
        raise RuleDataError(f"{where}: {exc}") from exc
    return rule.with_id(rid)


def _factor_files(directory: Path) -> Iterator[tuple[Path, list[dict[str, Any]]]]:
    for name in FACTOR_FILES:
        path = directory / f"{name}.toml"
        data = _parse(path)
        if set(data) - {"rule"} or not isinstance(data.get("rule", []), list):
            raise RuleDataError(f"{path.name}: only [[rule]] tables belong here")
        yield path, data.get("rule", [])


def build(directory: Path = RULES_DIR) -> tuple[Rule, ...]:
    """Every rule, read from the data files in ``directory`` (no cache)."""
    macros = _macros(directory)
    out: list[Rule] = []
    seen: set[str] = set()
    for path, rules in _factor_files(directory):
        for n, raw in enumerate(rules, 1):
            rule = _rule(raw, macros, f"{path.name} rule {n}")
            if rule.id in seen:
                raise RuleDataError(f"{path.name}: rule id {rule.id} is used twice")
            if rule.effects[0].factor != path.stem:
                raise RuleDataError(
                    f"{path.name}: {rule.id} belongs in {rule.effects[0].factor}.toml"
                )
            seen.add(rule.id)
            out.append(rule)
    return tuple(out)


def examples(directory: Path = RULES_DIR) -> list[Example]:
    """Every rule's examples and counterexamples, in file order (for the tests)."""
    out: list[Example] = []
    for _, rules in _factor_files(directory):
        for raw in rules:
            first = raw["effects"][0]
            for text in raw.get("examples", []):
                phrase, arrow, value = text.rpartition(ARROW)
                out.append(
                    Example(
                        raw["id"],
                        first["factor"],
                        phrase if arrow else text,
                        value if arrow else first["value"],
                    )
                )
            out += [
                Example(raw["id"], first["factor"], text, None)
                for text in raw.get("counterexamples", [])
            ]
    return out


# --- the cache --------------------------------------------------------------------------------

_Row = tuple[Any, ...]


def _row(rule: Rule) -> _Row:
    return (
        rule.id,
        rule.source,
        tuple((e.factor, e.value, e.strength, e.negated) for e in rule.effects),
        rule.negatable,
        rule.client_only,
        rule.default_party,
        rule.block.pattern if rule.block else None,
        rule.inner_negation,
        rule.party_first,
        rule.party_lookback,
        rule.lookback_sentence,
        rule.party_groups,
        rule.imperative,
        rule.antecedent.pattern if rule.antecedent else None,
    )


def _from_row(row: _Row) -> Rule:
    (
        rid,
        source,
        effects,
        negatable,
        client_only,
        default_party,
        block,
        inner_negation,
        party_first,
        party_lookback,
        lookback_sentence,
        party_groups,
        imperative,
        antecedent,
    ) = row
    return Rule(
        source,
        tuple(Effect(*e) for e in effects),
        negatable=negatable,
        client_only=client_only,
        default_party=default_party,
        block=COMPILED.compile(block, re.IGNORECASE) if block else None,
        inner_negation=inner_negation,
        party_first=party_first,
        party_lookback=party_lookback,
        lookback_sentence=lookback_sentence,
        party_groups=tuple(party_groups),
        imperative=imperative,
        antecedent=COMPILED.compile(antecedent, re.IGNORECASE) if antecedent else None,
        id=rid,
    )


def _digest() -> str:
    h = hashlib.sha256()
    for path in (*_paths(), Path(__file__), Path(notation.__file__)):
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


@functools.cache
def load() -> tuple[Rule, ...]:
    """Every rule as it runs: mixed rules split so their party-first branches run only at party
    words (``inference_rules.split_party_first``; about 5 ms), from the cache when the data
    files and this code are as they were."""
    digest = _digest()
    try:
        # as trusted as the .pyc files beside it
        key, rows = marshal.loads(_CACHE.read_bytes())  # noqa: S302
        if key == digest:
            return tuple(_from_row(r) for r in rows)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    rules = notation.split_party_first(build())
    try:
        _CACHE.parent.mkdir(exist_ok=True)
        tmp = _CACHE.with_name(f"{_CACHE.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((digest, [_row(r) for r in rules])))
        os.replace(tmp, _CACHE)
    except OSError:
        pass  # read-only: built again next time
    return rules


__all__ = ["FACTOR_FILES", "RULES_DIR", "Example", "RuleDataError", "build", "examples", "load"]
