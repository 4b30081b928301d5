"""The learn path for new hires: seven bite-size lessons, each ending with a practice scenario.

Each lesson is a few sentences in our own words, points at the knowledge-base passages that
teach it in full, and says what its practice scenario looks like (the model, or any model, and
the difficulty level of ``dialogs.scenarios``). The levels rise along the path: the last lessons
hide the deciding facts in longer descriptions and add a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs import factors as F


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    title: str
    text: str
    passages: tuple[str, ...]
    model: str | None
    """The practice scenario's model; None lets the seed choose."""
    level: int


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        id="what-managed-services-is",
        title="What managed services means",
        text=(
            "In a managed service the provider takes over a piece of work and runs it: it "
            "decides how, picks the people and the tools within the agreed scope, and answers "
            "for the results against targets both sides signed up to. The client buys an "
            "outcome, not hours. Ask yourself: if a target is missed, whose phone rings?"
        ),
        passages=("managed-services-provider-owns", "definition-short"),
        model=F.MANAGED,
        level=1,
    ),
    Lesson(
        id="what-staff-augmentation-is",
        title="What IT staff augmentation means",
        text=(
            "In staff augmentation our engineers join the client's own teams and work under the "
            "client's direction. The client keeps the architecture, the priorities and the "
            "responsibility for what gets delivered; we add capacity and skills. The client "
            "buys people's time, and steers it."
        ),
        passages=("staff-augmentation-client-keeps", "definition-short"),
        model=F.AUGMENTATION,
        level=1,
    ),
    Lesson(
        id="who-owns-what",
        title="Who decides, and who answers for results",
        text=(
            "Two questions settle most deals: who makes the architecture, tooling and priority "
            "calls, and who answers when delivery or reliability falls short. When both sit with "
            "the provider, it is a managed service; when both stay with the client, it is "
            "augmentation. Listen for who signs off designs and who carries the risk."
        ),
        passages=("where-decisions-and-risk-live", "delivery-system-ownership"),
        model=None,
        level=1,
    ),
    Lesson(
        id="when-each-fits",
        title="When each model fits",
        text=(
            "Managed services suit work that can be bounded and measured on its own: a clear "
            "scope, stable interfaces, targets that do not depend on the client's teams. "
            "Augmentation suits work that changes fast, leans on deep knowledge of the client's "
            "business, or is led by a strong in-house engineering team."
        ),
        passages=("managed-services-fit", "staff-augmentation-fit"),
        model=None,
        level=2,
    ),
    Lesson(
        id="mixing-and-mismatch",
        title="Mixing the models, and the mismatch to avoid",
        text=(
            "A client can use both models for different pieces of work. What breaks is one "
            "piece of work with the decisions on one side and the accountability on the other: "
            "a provider held to outcomes while the client directs the work ('unmanaged managed "
            "services'), or a provider making the calls while the client carries the risk."
        ),
        passages=("unmanaged-managed-services", "authority-without-accountability"),
        model=F.MISMATCH,
        level=2,
    ),
    Lesson(
        id="where-each-struggles",
        title="Where each model struggles as it grows",
        text=(
            "Managed services strain when requirements move fast, interfaces keep changing or "
            "the work is tangled with the client's core domain: the contract stops describing "
            "the work. Augmentation strains when the client lacks the leadership to direct more "
            "engineers: extra people then add noise, not speed."
        ),
        passages=("managed-services-scaling-limits", "staff-augmentation-scaling-limits"),
        model=F.MANAGED,
        level=3,
    ),
    Lesson(
        id="not-cost-or-seniority",
        title="It is not about cost or seniority",
        text=(
            "Neither model is the cheap one or the senior one. Augmented engineers can be very "
            "senior, and a managed service can cost less than a team of contractors. The choice "
            "is about where decisions and risk should live, and whether the client can lead the "
            "work it keeps."
        ),
        passages=("not-about-cost", "skill-level-misconception"),
        model=F.AUGMENTATION,
        level=3,
    ),
)

BY_ID: dict[str, Lesson] = {lesson.id: lesson for lesson in LESSONS}
