"""Free-text inference, vocabulary by construction: every party x verb x object combination.

The labelled files test whole descriptions; these grids test that the ownership vocabulary is
covered systematically (decision verbs and objects, accountability phrases, passives, modals,
negations, the client's delivery structure, leadership and change-rate words) and that common
sentences about the engagement that state nothing are left alone.
"""

from __future__ import annotations

from itertools import product

import pytest

from dialogs.inference import infer

CLIENT = [
    "their CTO", "the client", "their tech lead", "their product owner", "their architects",
    "the customer's engineering director", "Acme", "their in-house team",
    "their head of engineering", "their PMs", "the bank", "Initech's QA lead", "the quant team",
]
PROVIDER = ["we", "our team", "our engineers", "BlueGrid"]
PLURAL = {"we", "their architects", "their PMs", "their in-house team", "our engineers"}

DECISION_VERBS = {
    "decides": "decide", "calls the shots on": "call the shots on", "signs off on": "sign off on",
    "approves": "approve", "owns": "own", "sets": "set", "chooses": "choose",
    "dictates": "dictate", "directs": "direct", "controls": "control", "leads": "lead",
    "steers": "steer", "runs": "run", "governs": "govern", "picks": "pick", "drives": "drive",
    "has the final say on": "have the final say on", "makes the call on": "make the call on",
    "is in charge of": "are in charge of", "keeps control of": "keep control of",
}
DECISION_OBJECTS = [
    "the architecture", "the design", "the stack", "the tooling", "every library choice",
    "the backlog", "the roadmap", "the priorities", "the sprint goals", "the tickets",
    "the CI/CD pipeline", "the config", "all technical choices", "how it's built",
    "the technical direction", "which frameworks we use",
]


def _sentence(subject: str, verb: str, rest: str, plural_verb: str) -> str:
    text = f"{subject} {plural_verb if subject in PLURAL else verb} {rest}."
    return text[0].upper() + text[1:]


def _side(text: str, factor: str) -> str | None:
    got = infer(text).get(factor)
    return got.value if got else None


@pytest.mark.parametrize("verb", list(DECISION_VERBS))
def test_every_decision_verb_with_every_object_and_party(verb: str) -> None:
    wrong = []
    for parties, side in ((CLIENT, "client"), (PROVIDER, "provider")):
        for subject, obj in product(parties, DECISION_OBJECTS):
            text = _sentence(subject, verb, obj, DECISION_VERBS[verb])
            if _side(text, "decision_owner") != side:
                wrong.append((text, _side(text, "decision_owner")))
    assert not wrong, wrong[:10]


ACCOUNTABILITY = {
    "guarantees": "guarantee", "commits to": "commit to", "is on the hook for":
    "are on the hook for", "is answerable for": "are answerable for", "is liable for":
    "are liable for", "is responsible for": "are responsible for", "is accountable for":
    "are accountable for", "owns": "own", "carries the risk for": "carry the risk for",
    "answers for": "answer for", "takes responsibility for": "take responsibility for",
    "signs up to": "sign up to", "bears the risk of": "bear the risk of",
    "is held accountable for": "are held accountable for",
}
OUTCOMES = ["uptime", "the outcome", "delivery", "the delivery date", "the go-live", "the SLA",
            "the results", "quality", "the launch"]


@pytest.mark.parametrize("phrase", list(ACCOUNTABILITY))
def test_every_accountability_phrase_with_every_outcome_and_party(phrase: str) -> None:
    wrong = []
    for parties, side in ((CLIENT[:8], "client"), (PROVIDER[:2] + PROVIDER[3:], "provider")):
        for subject, outcome in product(parties, OUTCOMES):
            text = _sentence(subject, phrase, outcome, ACCOUNTABILITY[phrase])
            if _side(text, "accountability") != side:
                wrong.append((text, _side(text, "accountability")))
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("participle", [
    "decided", "approved", "signed off", "set", "owned", "chosen", "controlled", "dictated",
    "driven", "steered", "directed", "prioritised",
])
def test_passive_decisions_name_the_party_after_by(participle: str) -> None:
    wrong = []
    for obj in ("The architecture is", "The backlog is", "Priorities are", "Tooling is",
                "Every design decision is", "All technical choices are"):
        for party, side in (("their CTO", "client"), ("Acme", "client"), ("the customer", "client"),
                            ("us", "provider"), ("our team", "provider")):
            text = f"{obj} {participle} by {party}."
            if _side(text, "decision_owner") != side:
                wrong.append((text, _side(text, "decision_owner")))
    assert not wrong, wrong


@pytest.mark.parametrize("form", [
    "will decide", "wants to own", "insists on approving", "would set", "expects to control",
    "keeps signing off on", "is going to choose", "needs to sign off on", "gets to pick",
    "intends to keep control of", "has to approve",
])
def test_modal_and_gerund_forms(form: str) -> None:
    for subject in ("Their CTO", "The client", "Acme", "Their product owner"):
        text = f"{subject} {form} the architecture and the tooling."
        assert _side(text, "decision_owner") == "client", text


@pytest.mark.parametrize("text,factor,want", [
    ("Their CTO doesn't decide the architecture.", "decision_owner", "provider"),
    ("The client does not own the backlog.", "decision_owner", "provider"),
    ("We don't own the roadmap or the architecture.", "decision_owner", "client"),
    ("We won't choose the stack.", "decision_owner", "client"),
    ("They won't let us touch the CI pipeline.", "decision_owner", "client"),
    ("We have no say over the architecture.", "decision_owner", "client"),
    ("We are not accountable for the release dates; they are.", "accountability", "client"),
    ("The client isn't accountable for delivery.", "accountability", "provider"),
    ("We don't carry the delivery risk.", "accountability", "client"),
    ("They're not giving up control of the roadmap.", "decision_owner", "client"),
    ("They won't sign up for any outcome-based terms.", "accountability", None),
    ("They're not precious about which ticketing tool we use.", "decision_owner", "provider"),
])
def test_negated_ownership_goes_to_the_other_party(text: str, factor: str, want: str | None) -> None:
    assert _side(text, factor) == want


DIRECTORS = ["their engineering manager", "their tech lead", "their CTO",
             "the client's head of mobile", "Acme's VP of Engineering", "their product owner"]
STRUCTURE = [
    *(f"Our engineers report to {d}." for d in DIRECTORS),
    *(f"Our devs would work under {d}'s direction." for d in DIRECTORS),
    *(f"The contractors take their tasks from {d}." for d in DIRECTORS),
    "They manage our people day to day.", "Our people would join their squad.",
    "We'd embed three engineers in their platform team.", "They want extra hands for their team.",
    "Our devs work from their backlog and attend their stand-ups.",
    "Their PMs decide what our engineers work on.",
    "It's classic staff augmentation: two contractors under their direction.",
    "Their in-house team decide, we execute.", "We'd be extra headcount in their org.",
    "SA request: 2 FTEs, client-directed, T&M.", "They'll tell them what to work on.",
]


@pytest.mark.parametrize("text", STRUCTURE)
def test_the_clients_delivery_structure_means_the_client_decides(text: str) -> None:
    assert _side(text, "decision_owner") == "client"


@pytest.mark.parametrize("text", [
    "They want us to take over the platform and run it end to end.",
    "They want to outsource the whole helpdesk to us.",
    "Fully managed service, we pick the tools.",
    "They'd hand over the data platform and let us decide how it's built.",
    "They're happy for us to decide how it's built.",
    "They want a provider answerable for the outcome and free to pick the tools.",
    "We'd operate their Kafka platform, decide on upgrades and capacity, and carry the pager.",
])
def test_handing_the_service_over_means_the_provider_decides(text: str) -> None:
    assert _side(text, "decision_owner") == "provider"


@pytest.mark.parametrize("text,want", [
    *((f"They have a {a} {r}.", "strong") for a, r in product(
        ("strong", "experienced", "seasoned", "solid", "mature", "capable"),
        ("engineering director", "VP of Engineering", "head of engineering", "CTO",
         "engineering leadership", "tech leads"))),
    *((f"They have no {r}.", "weak") for r in ("engineering manager", "CTO", "tech lead",
                                               "head of engineering", "engineering leadership")),
    *((f"Their {r} left last month.", "weak") for r in ("engineering manager", "CTO", "tech lead",
                                                        "head of engineering")),
    *((f"They don't have a {r}.", "weak") for r in ("engineering manager", "CTO", "tech lead",
                                                    "head of engineering")),
    ("Their engineering manager is stretched thin.", "some"),
    ("The head of engineering role is vacant.", "weak"),
    ("Their VP Engineering just resigned.", "weak"),
    ("Their engineering org is mature and well run.", "strong"),
    ("Their tech lead is brand new and covering three teams.", "some"),
    ("They have a junior tech lead.", "weak"),
    ("Their leadership is absent.", "weak"),
    ("The client's only technical person is a junior developer.", "weak"),
])
def test_leadership_words(text: str, want: str) -> None:
    assert _side(text, "leadership") == want


@pytest.mark.parametrize("text,want", [
    *((f"{s} {v} {w}.", rate) for (s, v), (w, rate) in product(
        (("Requirements", "change"), ("Priorities", "change"), ("The roadmap", "changes"),
         ("The spec", "changes")),
        (("weekly", "fast"), ("daily", "fast"), ("constantly", "fast"), ("every sprint", "fast"),
         ("monthly", "moderate"), ("every few weeks", "moderate")))),
    ("Requirements rarely change.", "slow"), ("Requirements are locked.", "slow"),
    ("The roadmap is frozen.", "slow"), ("Priorities are re-prioritised every sprint.", "fast"),
    ("They pivot a lot.", "fast"), ("Everything is re-prioritised sprint by sprint.", "fast"),
    ("The pricing model is re-tuned weekly.", "fast"), ("Things shift constantly.", "fast"),
    ("It's a fast-moving product.", "fast"), ("Their roadmap gets revisited monthly.", "moderate"),
    ("Priorities get reshuffled about once a month.", "moderate"),
    ("Every sprint brings new regulatory rules.", "fast"),
])
def test_change_rate_words(text: str, want: str) -> None:
    assert _side(text, "change_rate") == want


@pytest.mark.parametrize("text", [
    "Their CTO asked about our architecture practice.",
    "We discussed the roadmap with their PM.",
    "They liked our approach to backlog grooming.",
    "Our CTO will join the kickoff call.",
    "Can we guarantee the go-live date?",
    "Should their CTO own the roadmap?",
    "Who decides the architecture?",
    "The client's CTO likes Kubernetes.",
    "We have a call with Acme on Tuesday about the roadmap.",
    "They chose us over two other vendors.",
    "Their CTO picked the date for the workshop.",
    "The customer portal needs a redesign.",
    "They'll decide next week whether to go ahead.",
    "We're not sure who owns the backlog.",
])
def test_sentences_that_state_nothing_infer_nothing(text: str) -> None:
    assert infer(text) == {}, {k: (v.value, v.evidence) for k, v in infer(text).items()}
