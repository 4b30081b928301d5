"""The full assessment: a scoring verdict plus the knowledge passages that explain it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from dialogs import factors as F
from dialogs.replies import Assessment, Inferred, PassageView
from dialogs.scoring import capped, depends_on, evaluate
from knowledge import KnowledgeBase, Passage

MODEL_PASSAGES: dict[str, tuple[str, ...]] = {
    F.MANAGED: ("managed-services-provider-owns", "managed-services-fit"),
    F.AUGMENTATION: ("staff-augmentation-client-keeps", "staff-augmentation-fit"),
    F.MISMATCH: ("unmanaged-managed-services", "mismatch-consequences"),
}

WARNING_PASSAGES: dict[str, str] = {
    "unmanaged_managed_services": "unmanaged-managed-services",
    "authority_without_accountability": "authority-without-accountability",
    "weak_leadership_for_augmentation": "leadership-capacity-for-augmentation",
    "volatile_scope_for_managed": "managed-services-scaling-limits",
}

MAX_PASSAGES = 3


def view(passage: Passage, score: float | None = None) -> PassageView:
    return PassageView(
        id=passage.id,
        title=passage.title,
        topics=tuple(passage.topics),
        text=passage.text,
        score=score,
    )


def passages_for(
    model: str, warning_codes: list[str], kb: KnowledgeBase
) -> tuple[PassageView, ...]:
    """The model's own passages first, then one per warning; unknown ids are skipped."""
    ids: list[str] = []
    for pid in (
        *MODEL_PASSAGES[model][:1],
        *(WARNING_PASSAGES[c] for c in warning_codes),
        *MODEL_PASSAGES[model][1:],
    ):
        if pid not in ids:
            ids.append(pid)
    out: list[PassageView] = []
    for pid in ids:
        try:
            out.append(view(kb.get(pid)))
        except KeyError:
            continue
    return tuple(out[:MAX_PASSAGES])


def assess(
    answers: Mapping[str, str],
    kb: KnowledgeBase,
    inferred: Mapping[str, Inferred] | None = None,
    unconfirmed: Iterable[str] | None = None,
) -> Assessment:
    """Score the answers and attach passages. ``ValueError`` on unknown factor or answer ids.

    ``unconfirmed``: the factors whose answer is still a reading of free text (default: every
    ``inferred`` factor, as in a one-shot answer). Those the model depends on are listed in
    ``Assessment.unconfirmed``, and while an ownership factor is among them the confidence is
    capped (``scoring.UNCONFIRMED_CAP``).
    """
    verdict = evaluate(answers)
    inferred = dict(inferred or {})
    readings = [
        f
        for f in (inferred if unconfirmed is None else unconfirmed)
        if f in inferred and verdict.answers.get(f) == inferred[f].value
    ]
    shaky = depends_on(verdict.answers, readings)
    return Assessment(
        model=verdict.model,
        confidence=capped(verdict.confidence, shaky),
        scores=verdict.scores,
        answers=verdict.answers,
        inferred=inferred,
        unconfirmed=shaky,
        missing=verdict.missing,
        warnings=verdict.warnings,
        reasons=verdict.reasons,
        what_if=verdict.what_if,
        call_prep=verdict.call_prep,
        passages=passages_for(verdict.model, [w.code for w in verdict.warnings], kb),
    )
