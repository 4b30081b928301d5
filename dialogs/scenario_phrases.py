"""Wording for practice scenarios: what a colleague says about a deal, one sentence at a time.

Each :class:`Phrase` is a sentence template and the factor answers it states. Slots in braces
are filled from the lists below (``{lead}``: a role on the client's side, ``{roles}``: the
provider's people). A phrase states *only* what a careful reader takes from it; the generator
(``dialogs.scenarios``) uses a phrase only when everything it states agrees with the scenario's
factor vector, and the self-agreement test checks that the advisor reads the finished texts back
to the scenario's model.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Phrase:
    template: str
    states: tuple[tuple[str, str], ...]

    @property
    def stated(self) -> dict[str, str]:
        return dict(self.states)


def _p(template: str, **states: str) -> Phrase:
    return Phrase(template, tuple(states.items()))


CLIENTS: tuple[str, ...] = (
    "a regional bank",
    "a mid-size insurer",
    "a hospital group",
    "an online fashion retailer",
    "a logistics company",
    "a water utility",
    "a university",
    "a mobile game studio",
    "a city council",
    "a telecom operator",
    "a car-parts maker",
    "a travel agency",
    "a pharmaceutical distributor",
    "a family-owned supermarket chain",
    "a wind-farm operator",
    "an airline's cargo arm",
)

WORKS: tuple[str, ...] = (
    "their payments platform",
    "the data warehouse and reporting",
    "test automation for their customer portal",
    "their security tooling",
    "their SAP finance landscape",
    "a new mobile app",
    "embedded firmware for their devices",
    "their cloud infrastructure",
    "a machine-learning pipeline for demand forecasts",
    "a data migration to the cloud",
    "their e-commerce checkout",
    "their warehouse scanners",
    "a rebuild of their intranet",
    "quality assurance for a core banking upgrade",
    "a claims-processing system",
    "their identity and access management",
)

INTROS: tuple[str, ...] = (
    "Call notes: {client} wants help with {work}.",
    "{Client} is looking for outside help with {work}.",
    "Spoke with the IT director of {client} about {work}.",
    "New lead: {client} needs a partner for {work}.",
    "Had a first call with {client} about {work}.",
    "{Client} got in touch about {work}.",
    "Quick one: {client} asked us about {work}.",
)

LEADS: tuple[str, ...] = (
    "CTO",
    "head of engineering",
    "platform lead",
    "product owner",
    "chief architect",
    "engineering manager",
    "IT director",
)

ROLES: tuple[str, ...] = ("engineers", "developers", "people", "consultants", "testers")

EXECS: tuple[str, ...] = ("CFO", "COO", "head of procurement", "CEO", "finance director")
SIZES: tuple[str, ...] = ("300", "800", "1,500", "4,000", "12,000")
CITIES: tuple[str, ...] = (
    "Leeds", "Porto", "Lyon", "Gdansk", "Rotterdam", "Dublin", "Valencia", "Aarhus", "Brno",
)
MONTHS: tuple[str, ...] = ("January", "March", "April", "June", "September", "October")
DAYS: tuple[str, ...] = ("Friday", "Monday", "the end of the month", "next Wednesday")
COUNTS: tuple[str, ...] = ("two", "three", "four")
OUTCOMES: tuple[str, ...] = (
    "release dates", "delivery dates", "launch dates", "quarterly targets", "results",
)
"""Plural on purpose: the phrases say "the {outcome} stay ...". None of them names a measure
(an uptime target or a service level would also state measurability)."""
CADENCES: tuple[str, ...] = ("sprint", "week", "few days")

FILLER: tuple[str, ...] = (
    "The budget is approved for {month}.",
    "Their {exec} joined the first call.",
    "They found us through a referral from {city}.",
    "A decision is expected before {month}.",
    "They are a company of about {size} people.",
    "Their offices are in {city} and {city2}.",
    "They have worked with {count} other vendors before.",
    "The first phase would start in {month}.",
    "Procurement wants {count} references.",
    "They would like a proposal by {day}.",
    "Their {exec} wants a short deck before {day}.",
    "Most of their people sit in {city}.",
)

# --- ownership: who decides, who answers for results -----------------------------------------

DECISIONS: dict[str, tuple[Phrase, ...]] = {
    "client": (
        _p("Their architects keep every design decision and our {roles} work from their backlog.",
           decision_owner="client"),
        _p("Their {lead} sets the priorities and signs off every design.", decision_owner="client"),
        _p("They want to keep technical direction in-house, with our {roles} following their lead.",
           decision_owner="client"),
        _p("Their own {lead} decides the architecture and the tooling.", decision_owner="client"),
        _p("They decide what gets built and how; we add hands.", decision_owner="client"),
        _p("Their {lead} calls the shots on design and priorities.", decision_owner="client"),
        _p("Every design goes past their {lead} for sign-off, and the backlog is theirs.",
           decision_owner="client"),
        _p("Our {roles} would take direction from their {lead}.", decision_owner="client"),
    ),
    "provider": (
        _p("We would decide how it is built and which tools to use.", decision_owner="provider"),
        _p("They don't want to make the technical calls, that would be our job.",
           decision_owner="provider"),
        _p("We'd make the architecture and tooling decisions.", decision_owner="provider"),
        _p("They are happy for us to choose the architecture, the tools and the order of work.",
           decision_owner="provider"),
        _p("The technical decisions would be ours.", decision_owner="provider"),
        _p("Our {roles} would choose the design and the tools.", decision_owner="provider"),
        _p("They'd leave the how to us: design, tooling, priorities.", decision_owner="provider"),
    ),
}

ACCOUNTABILITY: dict[str, tuple[Phrase, ...]] = {
    "client": (
        _p("If a release slips, that's on them, not on us.", accountability="client"),
        _p("They answer for delivery outcomes themselves.", accountability="client"),
        _p("Their own team stays accountable for results and uptime.", accountability="client"),
        _p("Outcomes remain their responsibility.", accountability="client"),
        _p("They carry the delivery risk themselves.", accountability="client"),
        _p("They stay accountable for the {outcome}.", accountability="client"),
        _p("The {outcome} stay their responsibility, not ours.", accountability="client"),
    ),
    "provider": (
        _p("They want us on the hook for outcomes, with service credits if we miss targets.",
           accountability="provider"),
        _p("If a target is missed, we carry the risk.", accountability="provider"),
        _p("We'd be accountable for the results, penalties included.", accountability="provider"),
        _p("We'd be on the hook for the {outcome}.", accountability="provider"),
        _p("We would answer for uptime and delivery against agreed targets.",
           accountability="provider", measurability="independent"),
    ),
}

# --- the fit factors ------------------------------------------------------------------------------

FIT: dict[tuple[str, str], tuple[Phrase, ...]] = {
    ("scope", "bounded"): (
        _p("The scope is clearly bounded and written down.", scope="bounded"),
        _p("It's a fixed, well-defined list of deliverables.", scope="bounded"),
        _p("The work is tightly scoped.", scope="bounded"),
    ),
    ("scope", "open"): (
        _p("The scope is open-ended and will keep growing.", scope="open"),
        _p("The scope is vague and open-ended.", scope="open"),
        _p("Scope is still open and will be discovered as we go.", scope="open"),
    ),
    ("measurability", "independent"): (
        _p("Success is measured against a 99.9% uptime SLA.",
           measurability="independent", accountability="provider"),
        _p("Results can be measured against agreed SLAs.",
           measurability="independent", accountability="provider"),
    ),
    ("measurability", "entangled"): (
        _p("There is no way to measure our part separately from their teams' work.",
           measurability="entangled"),
        _p("Results can't be measured apart from their own teams.", measurability="entangled"),
    ),
    ("change_rate", "fast"): (
        _p("Requirements change every {cadence}.", change_rate="fast"),
        _p("Priorities shift week to week.", change_rate="fast"),
        _p("The requirements change constantly.", change_rate="fast"),
    ),
    ("change_rate", "slow"): (
        _p("Requirements are stable and rarely change.", change_rate="slow"),
        _p("The requirements are stable.", change_rate="slow"),
    ),
    ("interfaces", "stable"): (
        _p("The interfaces to their other systems are stable and documented.",
           interfaces="stable"),
        _p("The integrations are stable and well documented.", interfaces="stable"),
    ),
    ("interfaces", "volatile"): (
        _p("Their APIs change without notice all the time.", interfaces="volatile"),
        _p("The interfaces to their other systems are volatile.", interfaces="volatile"),
    ),
    ("domain_coupling", "deep"): (
        _p("The work needs deep knowledge of their core business rules.",
           domain_coupling="deep"),
        _p("It is tightly coupled to their core domain.", domain_coupling="deep"),
    ),
    ("domain_coupling", "low"): (
        _p("The work is generic and needs no domain knowledge.", domain_coupling="low"),
        _p("It needs no deep domain knowledge.", domain_coupling="low"),
    ),
    ("leadership", "strong"): (
        _p("They have strong engineering leadership to direct extra people.",
           leadership="strong"),
        _p("Their engineering managers are experienced and well organised.",
           leadership="strong"),
    ),
    ("leadership", "weak"): (
        _p("They have no engineering manager to direct extra people.", leadership="weak"),
        _p("Their engineering leadership is weak.", leadership="weak"),
    ),
}

LEANS: dict[str, tuple[tuple[str, str], ...]] = {
    "managed_services": (
        ("scope", "bounded"),
        ("measurability", "independent"),
        ("change_rate", "slow"),
        ("interfaces", "stable"),
        ("domain_coupling", "low"),
    ),
    "staff_augmentation": (
        ("scope", "open"),
        ("measurability", "entangled"),
        ("change_rate", "fast"),
        ("interfaces", "volatile"),
        ("domain_coupling", "deep"),
        ("leadership", "strong"),
    ),
}
"""Fit answers that agree with each model, for scenarios where the fit backs the ownership."""

WARNING_FACTS: dict[str, tuple[tuple[str, str], ...]] = {
    "volatile_scope_for_managed": (
        ("change_rate", "fast"),
        ("domain_coupling", "deep"),
        ("interfaces", "volatile"),
    ),
    "weak_leadership_for_augmentation": (("leadership", "weak"),),
}
"""The facts that add each non-blocking warning, for the hardest practice scenarios."""
