"""Scoring: answers in, a model, confidence, reasons, warnings, what-if and a call brief out.

Pure and deterministic. See ``dialogs.factors`` for the weights and why they are what they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from dialogs import factors as F
from dialogs.replies import CallPrep, Inferred, Warning, WhatIf

MISMATCH_RULES: tuple[tuple[str, str, str, str], ...] = (
    # (decision_owner, accountability, code, message)
    (
        "client",
        "provider",
        "unmanaged_managed_services",
        "The provider would answer for outcomes while the client keeps the decisions: "
        "an unmanaged managed service. Move authority to the provider or keep "
        "accountability with the client.",
    ),
    (
        "provider",
        "client",
        "authority_without_accountability",
        "The provider would make the decisions while the client answers for the outcomes: "
        "authority without accountability. Put both with the same party.",
    ),
)

RED_FLAGS: dict[str, str] = {
    "unmanaged_managed_services": (
        "They want guaranteed outcomes but intend to keep every decision: agree who decides "
        "before anyone signs up to targets."
    ),
    "authority_without_accountability": (
        "They want us to call the shots but keep the risk themselves: nobody will own the "
        "result when it goes wrong."
    ),
    "weak_leadership_for_augmentation": (
        "Added engineers need direction the client may not have: ask who leads them day to day."
    ),
    "volatile_scope_for_managed": (
        "Fast-moving, volatile or domain-heavy work strains a managed service: push for "
        "tighter boundaries or a change process."
    ),
}

_BORDERLINE = {"partly", "some_change", "moderate", "medium", "some", "shared"}


@dataclass(frozen=True, slots=True)
class Verdict:
    """The scoring result before passages are attached (``dialogs.assess`` adds those)."""

    model: str
    confidence: float
    scores: dict[str, float]
    answers: dict[str, str]
    missing: tuple[str, ...]
    warnings: tuple[Warning, ...]
    reasons: tuple[str, ...]
    what_if: tuple[WhatIf, ...]
    call_prep: CallPrep
    points: tuple[float, float]


def _points(answers: Mapping[str, str]) -> tuple[float, float]:
    ms = sa = 0.0
    for fid, aid in answers.items():
        a = F.get(fid).answer(aid)
        ms += a.ms
        sa += a.sa
    return ms, sa


def mismatch_code(answers: Mapping[str, str]) -> str | None:
    """The mismatch warning code, once both ownership factors are known."""
    owner, acc = answers.get("decision_owner"), answers.get("accountability")
    for rule_owner, rule_acc, code, _ in MISMATCH_RULES:
        if owner == rule_owner and acc == rule_acc:
            return code
    return None


def model_for(answers: Mapping[str, str]) -> str:
    """Just the model: mismatch first, then the side with more evidence.

    A tie goes to the side the ownership answers lean to, and failing that to staff
    augmentation: the client keeps control until there is evidence to hand it over.
    """
    if mismatch_code(answers):
        return F.MISMATCH
    ms, sa = _points(answers)
    if ms > sa:
        return F.MANAGED
    if sa > ms:
        return F.AUGMENTATION
    own_ms = sum(F.get(f).answer(answers[f]).ms for f in F.OWNERSHIP if f in answers)
    own_sa = sum(F.get(f).answer(answers[f]).sa for f in F.OWNERSHIP if f in answers)
    return F.MANAGED if own_ms > own_sa else F.AUGMENTATION


def validate(answers: Mapping[str, str]) -> dict[str, str]:
    """Answers in factor order; ``ValueError`` naming what is allowed on an unknown id."""
    for fid, aid in answers.items():
        if fid not in F.BY_ID:
            raise ValueError(f"unknown factor {fid!r}; factors are: {', '.join(F.FACTOR_IDS)}")
        allowed = F.get(fid).answer_ids
        if aid not in allowed:
            raise ValueError(f"unknown answer {aid!r} for {fid}; allowed: {', '.join(allowed)}")
    return {f: answers[f] for f in F.FACTOR_IDS if f in answers}


def _warnings(model: str, answers: Mapping[str, str]) -> list[Warning]:
    out: list[Warning] = []
    code = mismatch_code(answers)
    if code:
        msg = next(m for _, _, c, m in MISMATCH_RULES if c == code)
        out.append(Warning(code=code, message=msg))
    if model == F.AUGMENTATION and answers.get("leadership") == "weak":
        out.append(
            Warning(
                code="weak_leadership_for_augmentation",
                message="Staff augmentation leans on the client's leadership to direct the added "
                "engineers, and that leadership is weak here.",
            )
        )
    if model == F.MANAGED:
        strains = [
            label
            for fid, aid, label in (
                ("change_rate", "fast", "requirements change fast"),
                ("domain_coupling", "deep", "the work is deeply tied to the client's domain"),
                ("interfaces", "volatile", "the interfaces are volatile"),
            )
            if answers.get(fid) == aid
        ]
        if strains:
            out.append(
                Warning(
                    code="volatile_scope_for_managed",
                    message="Managed services strain when " + "; ".join(strains) + ".",
                )
            )
    return out


def _confidence(model: str, answers: Mapping[str, str], ms: float, sa: float) -> float:
    """Margin times coverage, both in [0, 1].

    ``coverage`` is the share of the model's total weight that has been answered; ``margin``
    is the winning side's lead over the evidence that is possible from the answered factors.
    A mismatch is a rule, not a balance: it starts at 0.8 and rises with coverage.
    """
    answered_weight = sum(F.get(f).weight for f in answers)
    coverage = answered_weight / F.TOTAL_WEIGHT
    if model == F.MISMATCH:
        return round(0.8 + 0.15 * coverage, 2)
    if not answers:
        return 0.0
    margin = abs(ms - sa) / answered_weight if answered_weight else 0.0
    strength = 0.5 + 0.5 * min(1.0, margin * 2)
    return round(max(0.05, min(0.99, strength * (0.35 + 0.65 * coverage))), 2)


def _reasons(model: str, answers: Mapping[str, str]) -> list[str]:
    code = mismatch_code(answers)
    if code:
        return [
            f"Mismatch: {F.get('decision_owner').answer(answers['decision_owner']).reason}, "
            f"but {F.get('accountability').answer(answers['accountability']).reason}.",
        ]
    side = "ms" if model == F.MANAGED else "sa"
    other = "sa" if side == "ms" else "ms"
    towards, against = [], []
    for fid, aid in answers.items():
        a = F.get(fid).answer(aid)
        mine, theirs = getattr(a, side), getattr(a, other)
        if mine > 0:
            towards.append((mine, a.reason))
        elif theirs > 0:
            against.append((theirs, a.reason))
    towards.sort(key=lambda t: -t[0])
    against.sort(key=lambda t: -t[0])
    name = F.SHORT_NAMES[model]
    lines = [f"Points to {name}: {r}." for _, r in towards]
    lines += [f"Points the other way: {r}." for _, r in against]
    if not towards:
        lines.insert(0, f"Nothing answered so far leans clearly; {name} is the cautious default.")
    return lines


def what_if(answers: Mapping[str, str]) -> list[WhatIf]:
    """Each single changed (or newly given) answer that would change the model."""
    return list(_what_if(tuple(sorted(answers.items()))))


@lru_cache(maxsize=4096)
def _what_if(items: tuple[tuple[str, str], ...]) -> tuple[WhatIf, ...]:
    # Asked for every question and every recommendation, with at most a few thousand distinct
    # answer sets in practice: memoised (each call scores ~25 variants).
    answers = dict(items)
    current = model_for(answers)
    flips: list[WhatIf] = []
    for factor in F.FACTORS:
        for alt in factor.answer_ids:
            if answers.get(factor.id) == alt:
                continue
            changed = dict(answers)
            changed[factor.id] = alt
            model = model_for(changed)
            if model != current:
                flips.append(WhatIf(factor=factor.id, answer=alt, model=model))
    return tuple(flips)


def can_change(answers: Mapping[str, str]) -> bool:
    """Whether any answers to the unanswered factors could still change the model."""
    missing = [f for f in F.FACTORS if f.id not in answers]
    if any(f.id in F.OWNERSHIP for f in missing):
        return True
    if mismatch_code(answers):
        return False
    ms, sa = _points(answers)
    room_ms = sum(max(a.ms for a in f.answers) for f in missing)
    room_sa = sum(max(a.sa for a in f.answers) for f in missing)
    if ms > sa:
        return sa + room_sa >= ms
    if sa > ms:
        return ms + room_ms >= sa
    return bool(missing)


WARNING_FACTORS: dict[str, tuple[str, ...]] = {
    F.MANAGED: ("change_rate", "domain_coupling", "interfaces"),
    F.AUGMENTATION: ("leadership",),
    F.MISMATCH: (),
}


def warning_factors(answers: Mapping[str, str]) -> tuple[str, ...]:
    """Unanswered factors whose answer could still add a warning to the current model."""
    return tuple(f for f in WARNING_FACTORS[model_for(answers)] if f not in answers)


def settled(answers: Mapping[str, str]) -> bool:
    """True when no answer to the open factors could change the model or add a warning."""
    return not can_change(answers) and not warning_factors(answers)


MIN_ASK = 2
"""Every brief carries at least this many questions for the client (issue 15.4)."""


def _support(model: str, factor_id: str, answer_id: str) -> float:
    """How firmly one answer backs ``model`` (ownership answers count first for a mismatch)."""
    a = F.get(factor_id).answer(answer_id)
    if model == F.MANAGED:
        return a.ms - a.sa
    if model == F.AUGMENTATION:
        return a.sa - a.ms
    return -10.0 if factor_id in F.OWNERSHIP else 0.0


def _call_prep(answers: Mapping[str, str], warnings: list[Warning]) -> CallPrep:
    by_weight = sorted(F.FACTORS, key=lambda f: -f.weight)
    ask = [f.ask_client for f in by_weight if f.id not in answers or answers[f.id] in _BORDERLINE]
    if len(ask) < MIN_ASK:
        # Nothing much open: confirm the answers that back the verdict least firmly.
        model = model_for(answers)
        weakest = sorted(
            (f for f in by_weight if f.ask_client not in ask),
            key=lambda f: _support(model, f.id, answers[f.id]) if f.id in answers else -99.0,
        )
        ask += [f.ask_client for f in weakest[: MIN_ASK - len(ask)]]
    return CallPrep(ask=tuple(ask), red_flags=tuple(RED_FLAGS[w.code] for w in warnings))


UNCONFIRMED_CAP = 0.6
"""The most confidence a recommendation may show while an ownership factor it depends on rests
on an unconfirmed reading of free text (issue 13.5, CONTRACT section 3)."""


def depends_on(answers: Mapping[str, str], readings: Iterable[str]) -> tuple[str, ...]:
    """Of the factors in ``readings`` (answers read from text, not confirmed), those the model
    depends on: a different answer for that factor alone would change the model. Factor order."""
    flips = {w.factor for w in what_if(answers)}
    wanted = set(readings)
    return tuple(f for f in F.FACTOR_IDS if f in wanted and f in answers and f in flips)


def capped(confidence: float, unconfirmed: Iterable[str]) -> float:
    """``confidence``, held to ``UNCONFIRMED_CAP`` while an ownership factor is unconfirmed."""
    if any(f in F.OWNERSHIP for f in unconfirmed):
        return min(confidence, UNCONFIRMED_CAP)
    return confidence


def evaluate(answers: Mapping[str, str]) -> Verdict:
    """Score validated answers (see ``validate``)."""
    ordered = validate(answers)
    model = model_for(ordered)
    ms, sa = _points(ordered)
    answered_weight = sum(F.get(f).weight for f in ordered)
    scale = answered_weight or 1.0
    warnings = _warnings(model, ordered)
    return Verdict(
        model=model,
        confidence=_confidence(model, ordered, ms, sa),
        scores={F.MANAGED: round(ms / scale, 3), F.AUGMENTATION: round(sa / scale, 3)},
        answers=ordered,
        missing=tuple(f for f in F.FACTOR_IDS if f not in ordered),
        warnings=tuple(warnings),
        reasons=tuple(_reasons(model, ordered)),
        what_if=tuple(what_if(ordered)),
        call_prep=_call_prep(ordered, warnings),
        points=(ms, sa),
    )


__all__ = [
    "UNCONFIRMED_CAP",
    "Inferred",
    "Verdict",
    "can_change",
    "capped",
    "depends_on",
    "evaluate",
    "model_for",
    "settled",
    "validate",
    "warning_factors",
    "what_if",
]
