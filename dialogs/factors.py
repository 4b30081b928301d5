"""The eight factors of the decision model (CONTRACT §2): wording, answers and evidence weights.

Each answer carries evidence points towards managed services (``ms``) or staff augmentation
(``sa``). Why each weight is what it is, from the source material:

* ``decision_owner`` and ``accountability`` carry 6 points each. The seed says the choice is
  "fundamentally a question of where decision-making and risk should live", so when both
  ownership answers point at one party (12 points) they outweigh every fit factor together
  (at most 10 points the other way): client decides and answers for outcomes -> augmentation.
* ``scope`` and ``measurability`` carry 2: managed services "work best when work can be clearly
  bounded ... and outcomes can be measured independently of internal teams".
* ``interfaces``, ``change_rate`` and ``domain_coupling`` carry 1.5: stable interfaces favour
  managed services; fast-changing requirements and deep domain coupling are where managed services
  "tend to struggle" at scale.
* ``leadership`` carries 1.5: augmentation "assumes the client has sufficient leadership and
  governance to absorb additional capacity"; weak leadership argues for handing over execution.

Middle answers carry no points: they count as answered (confidence rises) without leaning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

MANAGED: Final = "managed_services"
AUGMENTATION: Final = "staff_augmentation"
MISMATCH: Final = "mismatch"
MODELS: Final = (MANAGED, AUGMENTATION, MISMATCH)

SHORT_NAMES: Final = {
    MANAGED: "managed services",
    AUGMENTATION: "staff augmentation",
    MISMATCH: "a mismatch",
}

MODEL_NAMES: Final = {
    MANAGED: "Managed services",
    AUGMENTATION: "IT staff augmentation",
    MISMATCH: "Mismatch: accountability and authority are split",
}


@dataclass(frozen=True, slots=True)
class Answer:
    id: str
    label: str
    explanation: str
    ms: float = 0.0
    sa: float = 0.0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Factor:
    id: str
    topic: str
    question: str
    hint: str
    ask_client: str
    answers: tuple[Answer, ...]
    passages: tuple[str, ...]

    @property
    def answer_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.answers)

    def answer(self, answer_id: str) -> Answer:
        for a in self.answers:
            if a.id == answer_id:
                return a
        raise KeyError(answer_id)

    @property
    def weight(self) -> float:
        """The most evidence one answer of this factor can add to either side."""
        return max(max(a.ms, a.sa) for a in self.answers)


FACTORS: tuple[Factor, ...] = (
    Factor(
        id="decision_owner",
        topic="decision authority",
        question="Who should make the architecture, tooling and prioritisation decisions?",
        hint="Whoever decides how the work is done should also be the one who answers for it.",
        ask_client="Who will sign off on architecture, tooling and backlog priorities?",
        answers=(
            Answer(
                "provider",
                "The provider",
                "The provider chooses how the work is done.",
                ms=6,
                reason="the provider is to make the delivery decisions",
            ),
            Answer(
                "shared",
                "Shared",
                "Decisions are split or made jointly.",
                reason="decisions are to be shared",
            ),
            Answer(
                "client",
                "The client",
                "The client keeps architecture and priorities.",
                sa=6,
                reason="the client keeps architecture and prioritisation decisions",
            ),
        ),
        passages=("where-decisions-and-risk-live", "staff-augmentation-scaling-limits"),
    ),
    Factor(
        id="accountability",
        topic="accountability",
        question="Who should answer for delivery outcomes, reliability and risk?",
        hint="Think of who gets the call when a target is missed.",
        ask_client="When a deadline or a service target is missed, who is expected to answer for it?",
        answers=(
            Answer(
                "provider",
                "The provider",
                "The provider is held to agreed targets.",
                ms=6,
                reason="the provider is to answer for outcomes against agreed targets",
            ),
            Answer(
                "shared",
                "Shared",
                "Both sides carry part of the risk.",
                reason="accountability is to be shared",
            ),
            Answer(
                "client",
                "The client",
                "The client owns outcomes and risk.",
                sa=6,
                reason="the client keeps accountability for delivery outcomes",
            ),
        ),
        passages=("where-decisions-and-risk-live", "unmanaged-managed-services"),
    ),
    Factor(
        id="scope",
        topic="scope",
        question="How clearly is the work bounded?",
        hint="A clear boundary says what is in, what is out, and what done looks like.",
        ask_client="Can we write down what is in scope and what is out, with a clear definition of done?",
        answers=(
            Answer(
                "bounded",
                "Clearly bounded",
                "The work has a clear edge and definition of done.",
                ms=2,
                reason="the work is clearly bounded",
            ),
            Answer(
                "partly",
                "Partly bounded",
                "Some of the work is well defined, some is not.",
                reason="the scope is only partly bounded",
            ),
            Answer(
                "open",
                "Open-ended",
                "The work is exploratory or keeps growing.",
                sa=2,
                reason="the scope is open-ended",
            ),
        ),
        passages=("managed-services-fit", "managed-services-tight-interfaces"),
    ),
    Factor(
        id="measurability",
        topic="measurability",
        question="Can outcomes be measured independently of the client's own teams?",
        hint="Service levels, targets or acceptance tests a third party could check.",
        ask_client="Which targets or service levels could we be measured on without depending on your teams' work?",
        answers=(
            Answer(
                "independent",
                "Independently measurable",
                "SLAs or targets can be checked on their own.",
                ms=2,
                reason="outcomes can be measured independently (SLAs or targets)",
            ),
            Answer(
                "partly",
                "Partly",
                "Some outcomes can be measured alone, others can't.",
                reason="outcomes are only partly measurable on their own",
            ),
            Answer(
                "entangled",
                "Entangled",
                "Results depend on the client's teams' work too.",
                sa=2,
                reason="outcomes are entangled with the client's teams' work",
            ),
        ),
        passages=("measuring-outcomes-independently", "slas-and-escalation-paths"),
    ),
    Factor(
        id="interfaces",
        topic="interfaces",
        question="How stable are the interfaces to the client's other systems?",
        hint="APIs, data feeds, hand-offs between teams.",
        ask_client="How often do the systems and hand-offs around this work change?",
        answers=(
            Answer(
                "stable",
                "Stable",
                "The interfaces rarely change.",
                ms=1.5,
                reason="the interfaces to other systems are stable",
            ),
            Answer(
                "some_change",
                "Some change",
                "They change now and then.",
                reason="the interfaces change now and then",
            ),
            Answer(
                "volatile",
                "Volatile",
                "They change often or are not defined yet.",
                sa=1.5,
                reason="the interfaces are volatile",
            ),
        ),
        passages=("managed-services-fit", "managed-services-tight-interfaces"),
    ),
    Factor(
        id="change_rate",
        topic="pace of change",
        question="How fast do the requirements change?",
        hint="Quarterly roadmaps are slow; weekly re-prioritisation is fast.",
        ask_client="How often do priorities and requirements for this work change?",
        answers=(
            Answer(
                "slow",
                "Slowly",
                "Requirements hold for months.",
                ms=1.5,
                reason="requirements change slowly",
            ),
            Answer(
                "moderate",
                "Moderately",
                "Requirements shift every few weeks.",
                reason="requirements change at a moderate pace",
            ),
            Answer(
                "fast",
                "Fast",
                "Requirements change week to week.",
                sa=1.5,
                reason="requirements change fast",
            ),
        ),
        passages=("managed-services-scaling-limits", "moving-between-models"),
    ),
    Factor(
        id="domain_coupling",
        topic="domain coupling",
        question="How deeply does the work depend on the client's core domain knowledge?",
        hint="Could a capable outsider do it from documentation, or only someone who lives the business?",
        ask_client="How much of this work needs people who know your business from the inside?",
        answers=(
            Answer(
                "low",
                "Low",
                "Generic skills and documentation are enough.",
                ms=1.5,
                reason="the work needs little of the client's domain knowledge",
            ),
            Answer(
                "medium",
                "Medium",
                "Some domain knowledge is needed.",
                reason="the work needs some domain knowledge",
            ),
            Answer(
                "deep",
                "Deep",
                "The work is bound up with the client's core domain.",
                sa=1.5,
                reason="the work is deeply coupled to the client's core domain",
            ),
        ),
        passages=("managed-services-scaling-limits", "staff-augmentation-fit"),
    ),
    Factor(
        id="leadership",
        topic="engineering leadership",
        question="Does the client have the engineering leadership and governance to direct extra engineers?",
        hint="Someone to set priorities, review designs and unblock people every day.",
        ask_client="Who on your side would direct added engineers day to day, and how much time do they have?",
        answers=(
            Answer(
                "strong",
                "Strong",
                "Clear technical leadership with time to direct people.",
                sa=1.5,
                reason="the client has strong engineering leadership",
            ),
            Answer(
                "some",
                "Some",
                "Leadership exists but is stretched.",
                sa=0.5,
                reason="the client has some engineering leadership",
            ),
            Answer(
                "weak",
                "Weak",
                "Little capacity to direct or govern extra engineers.",
                ms=1.5,
                reason="the client's engineering leadership is weak",
            ),
        ),
        passages=("leadership-capacity-for-augmentation", "staff-augmentation-fit"),
    ),
)

CONTRACT_ORDER: Final = (
    "scope",
    "interfaces",
    "measurability",
    "change_rate",
    "domain_coupling",
    "leadership",
    "decision_owner",
    "accountability",
)
FACTORS = tuple(sorted(FACTORS, key=lambda f: CONTRACT_ORDER.index(f.id)))
FACTOR_IDS: Final = CONTRACT_ORDER
BY_ID: Final = {f.id: f for f in FACTORS}
OWNERSHIP: Final = ("decision_owner", "accountability")
TOTAL_WEIGHT: Final = sum(f.weight for f in FACTORS)


def get(factor_id: str) -> Factor:
    """The factor with this id; ``KeyError`` when unknown."""
    return BY_ID[factor_id]


def is_valid(factor_id: str, answer_id: str) -> bool:
    factor = BY_ID.get(factor_id)
    return factor is not None and answer_id in factor.answer_ids
