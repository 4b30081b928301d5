"""Practice scenarios: a short deal description generated from a factor vector.

``generate(seed, model=..., level=...)`` is deterministic for its arguments. It picks the
ownership answers that make the model (or the mismatch), a few fit answers, and a warning at the
hardest level; then words each fact with a phrase from ``dialogs.scenario_phrases`` and
surrounds the facts with an introduction and, at higher levels, ordinary small talk, so the
deciding facts are harder to spot. The scenario keeps the sentence behind each fact, which is
what learn mode quotes when it explains the answer.

Levels: 1 (two to three sentences, the ownership facts up front), 2 (a fit fact or two and some
small talk) and 3 (the deciding facts late in a longer description, plus a warning: weak
leadership for augmentation, volatile scope for managed services).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from dialogs import factors as F
from dialogs import scenario_phrases as P
from dialogs.scoring import evaluate

LEVELS: tuple[int, ...] = (1, 2, 3)
MISMATCH_CODES: tuple[str, ...] = ("unmanaged_managed_services", "authority_without_accountability")
_OWNERSHIP: dict[str, tuple[str, str]] = {
    F.MANAGED: ("provider", "provider"),
    F.AUGMENTATION: ("client", "client"),
    "unmanaged_managed_services": ("client", "provider"),
    "authority_without_accountability": ("provider", "client"),
}
"""(decision_owner, accountability) for each model or mismatch code."""
_WARNING_FOR: dict[str, str] = {
    F.MANAGED: "volatile_scope_for_managed",
    F.AUGMENTATION: "weak_leadership_for_augmentation",
}


@dataclass(frozen=True, slots=True)
class Scenario:
    seed: int
    level: int
    text: str
    answers: dict[str, str]
    model: str
    warnings: tuple[str, ...]
    facts: dict[str, str] = field(default_factory=dict)
    """factor id -> the sentence of ``text`` that states it."""

    def as_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "answers": dict(self.answers),
            "model": self.model,
            "warnings": list(self.warnings),
            "seed": self.seed,
            "level": self.level,
        }


def generate(seed: int, *, model: str | None = None, level: int | None = None) -> Scenario:
    """The scenario for ``seed``. ``ValueError`` for an unknown model id or level."""
    if model is not None and model not in F.MODELS:
        raise ValueError(f"unknown model {model!r}; use one of {', '.join(F.MODELS)}")
    if level is not None and level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; use one of 1, 2, 3")
    rng = random.Random(f"scenario:{seed}:{model}:{level}")  # noqa: S311 - practice text, not secrets
    chosen_model = model or rng.choice(F.MODELS)
    chosen_level = level or rng.choice(LEVELS)
    return _build(rng, seed, chosen_model, chosen_level)


def _build(rng: random.Random, seed: int, model: str, level: int) -> Scenario:
    code = rng.choice(MISMATCH_CODES) if model == F.MISMATCH else model
    decision, accountable = _OWNERSHIP[code]
    vector = {"decision_owner": decision, "accountability": accountable}
    fit = _fit_facts(rng, model, level)
    vector.update(fit)
    slots = _Slots(rng)
    facts: dict[str, str] = {}
    fact_sentences: list[str] = []
    ownership: list[str] = []
    for factor_id, table in (("decision_owner", P.DECISIONS), ("accountability", P.ACCOUNTABILITY)):
        sentence = _word(rng, table[vector[factor_id]], vector, slots, facts)
        assert sentence is not None, "every ownership answer has a phrase of its own"
        ownership.append(sentence)
    for factor_id, answer_id in fit.items():
        if factor_id in facts:
            continue
        sentence = _word(rng, P.FIT[(factor_id, answer_id)], vector, slots, facts)
        if sentence is not None:
            fact_sentences.append(sentence)
    answers = {f: vector[f] for f in facts}
    verdict = evaluate(answers)
    text = " ".join(_arrange(rng, level, slots.intro(), ownership, fact_sentences, slots.fill))
    return Scenario(
        seed=seed,
        level=level,
        text=text,
        answers={f: answers[f] for f in F.FACTOR_IDS if f in answers},
        model=verdict.model,
        warnings=tuple(w.code for w in verdict.warnings),
        facts={f: facts[f] for f in F.FACTOR_IDS if f in facts},
    )


def _fit_facts(rng: random.Random, model: str, level: int) -> dict[str, str]:
    """Fit answers: agreeing with the model (any for a mismatch), and a warning at level 3."""
    count = {1: rng.randint(0, 1), 2: rng.randint(1, 2), 3: 2}[level]
    if model == F.MISMATCH:
        pool = [key for key in P.FIT if key[0] != "leadership"]
    else:
        pool = list(P.LEANS[model])
    picked: dict[str, str] = {}
    for factor_id, answer_id in rng.sample(pool, k=len(pool)):
        if len(picked) >= count:
            break
        if factor_id not in picked:
            picked[factor_id] = answer_id
    if level == 3 and model in _WARNING_FOR:
        factor_id, answer_id = rng.choice(P.WARNING_FACTS[_WARNING_FOR[model]])
        picked[factor_id] = answer_id
    return picked


class _Slots:
    """The names of one scenario: the client, the work, who leads, the provider's people."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self.client = rng.choice(P.CLIENTS)
        self.work = rng.choice(P.WORKS)
        city, city2 = rng.sample(P.CITIES, k=2)
        self._values = {
            "lead": rng.choice(P.LEADS),
            "roles": rng.choice(P.ROLES),
            "exec": rng.choice(P.EXECS),
            "size": rng.choice(P.SIZES),
            "city": city,
            "city2": city2,
            "month": rng.choice(P.MONTHS),
            "day": rng.choice(P.DAYS),
            "count": rng.choice(P.COUNTS),
            "outcome": rng.choice(P.OUTCOMES),
            "cadence": rng.choice(P.CADENCES),
        }

    def fill(self, template: str) -> str:
        return template.format(**self._values)

    def intro(self) -> str:
        template = self._rng.choice(P.INTROS)
        return template.format(
            client=self.client, Client=_capital(self.client), work=self.work
        )


def _word(
    rng: random.Random,
    phrases: Sequence[P.Phrase],
    vector: dict[str, str],
    slots: _Slots,
    facts: dict[str, str],
) -> str | None:
    """A sentence for one fact, from the phrases whose every statement agrees with ``vector``
    (None when no phrase does: the fact is then left out of the scenario)."""
    fitting = [p for p in phrases if all(vector.get(f, a) == a for f, a in p.states)]
    if not fitting:
        return None
    phrase = rng.choice(fitting)
    sentence = slots.fill(phrase.template)
    for factor_id, answer_id in phrase.states:
        vector.setdefault(factor_id, answer_id)
        facts.setdefault(factor_id, sentence)
    return sentence


def _arrange(
    rng: random.Random,
    level: int,
    intro: str,
    ownership: list[str],
    fit: list[str],
    fill: Callable[[str], str],
) -> list[str]:
    """Sentence order by level: the harder the level, the later and the more hidden the facts."""
    own = list(ownership)
    rng.shuffle(own)
    if level == 1:
        return [intro, *own, *fit]
    filler = [fill(t) for t in rng.sample(P.FILLER, k=1 if level == 2 else 3)]
    if level == 2:
        return [intro, *fit, *own, *filler]
    return [intro, filler[0], *fit, filler[1], own[0], filler[2], own[1]]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
