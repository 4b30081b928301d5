"""Round 13 (batch U as tuning data): each mechanism proven on our own paraphrases, not U's text.

Every query here was written for this test (or for the round's own probes), varied away from
the batch U wording it generalises.
"""

from __future__ import annotations

import pytest

from tests.knowledge.retrieval_support import KB, ids, load_batch


# Another trade's work and pay: a staffing agency's workers, sport, staff policy, shopping.
@pytest.mark.parametrize(
    "query",
    [
        "do the nurses an agency places at a hospital need their own indemnity insurance?",
        "who pays national insurance for the drivers we supply to a client's depot?",
        "the warehouse workers we provide to the client want a pay rise, who decides?",
        "what's the markup a staffing firm puts on a care worker's hourly pay",
        "how many candidates per role should a recruiter send the client",
        "the porters we place at the client's hospital, who pays their overtime?",
        "who gets the blame when the team loses a match?",
        "our side has lost three games in a row, should the head coach go?",
        "pitch it to the MD: a four day week for everyone",
        "can we convince the board that staff deserve a pay rise",
        "which model is this deal really, the samsung or the lg tv?",
        "is this fridge deal the refurbished model?",
    ],
)
def test_another_trades_work_and_pay_is_refused(query: str) -> None:
    assert KB.search(query) == []


@pytest.mark.parametrize(
    "query",
    [
        "what's an MSP vs a staffing agency",
        "is a staffing agency the same thing as staff augmentation?",
        "we place two devs with a client, who pays for their laptops, us or them?",
        "the client asked how many candidates we can put forward per role for the augmentation "
        "deal",
        "do the devs we place at a client need their own professional liability cover, or does "
        "our contract cover it?",
    ],
)
def test_our_own_placed_engineers_stay_answered(query: str) -> None:
    assert ids(query)


# Workers of another trade that we place, asked about their pay or terms.
@pytest.mark.parametrize(
    "query",
    [
        "the interpreters we place with the client's clinic want travel pay, who owes it?",
        "the lifeguards we supply to the client's pool need first aid certificates, who pays?",
        "the bouncers we supply to the client's club, whose liability is it if there's a fight?",
        "we send stewards to the client's stadium, who pays their overtime?",
    ],
)
def test_another_trades_workers_we_place_are_refused(query: str) -> None:
    assert KB.search(query) == []


@pytest.mark.parametrize(
    "query",
    [
        "the juniors we place with a client keep getting blamed for outages, is that fair in "
        "staff aug?",
        "the trainees we place with a client, who is accountable for their work?",
        "we place devs at a bank, who pays for their security clearance?",
        "the SREs we send to the client, who pays their on-call allowance?",
    ],
)
def test_our_roles_we_place_stay_answered(query: str) -> None:
    assert ids(query)


# Adding people as the alternative to handing the work over: the two models compared.
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "what conditions make giving a chunk of the work to a provider better than adding "
            "headcount?",
            "managed-services-fit",
        ),
        (
            "when is it smarter to pass an entire module to a vendor instead of bringing in "
            "extra contractors?",
            "managed-services-fit",
        ),
        (
            "when does it make sense to add devs to their team instead of outsourcing it?",
            "staff-augmentation-fit",
        ),
    ],
)
def test_adding_people_instead_of_handing_over_compares_the_models(
    query: str, expected: str
) -> None:
    assert expected in ids(query)


def test_handing_a_project_to_a_provider_vs_adding_devs_is_answered() -> None:
    assert ids(
        "handing a project to an external provider vs adding devs to the squad, when does the first win?"
    )


@pytest.mark.parametrize(
    "query",
    [
        "should we hire a cleaning firm instead of adding more staff to the caretaking rota?",
        "is it better to hand the party planning to an events company rather than adding more "
        "volunteers?",
        "hand a piece of cake to the guest instead of adding more plates",
    ],
)
def test_adding_people_in_everyday_life_stays_refused(query: str) -> None:
    assert KB.search(query) == []


# Moving an engagement between the models: flip, convert, shift it to a managed run and back.
@pytest.mark.parametrize(
    "query",
    [
        "our contractors built their app on a day rate, now it's calm. can we convert the whole "
        "thing to a managed run with an SLA?",
        "how do we convert a time and materials team into a managed run later",
        "can we flip the account over to managed services once it settles?",
        "turn our T&M devs into a managed service next year?",
    ],
)
def test_flipping_an_engagement_to_the_other_model_is_moving_between_models(query: str) -> None:
    assert ids(query)[:1] == ["moving-between-models"]


@pytest.mark.parametrize(
    "query",
    [
        "how do I flip my mattress over",
        "can we turn the spare room into a home office",
        "we did a managed run of the marathon route, how did it go",
        "turn the garage into a managed gym",
    ],
)
def test_flipping_and_running_in_everyday_life_stay_refused(query: str) -> None:
    assert KB.search(query) == []


# The paperwork against the practice: which model a deal really is.
@pytest.mark.parametrize(
    "query",
    [
        "the SOW reads staff aug but their standups look like we own delivery. which model is it?",
        "on paper we're a managed service, in reality the client's leads direct our engineers. "
        "what now?",
        "the paperwork and the day-to-day disagree, how do I know what kind of engagement this is?",
        "tell us which model this engagement really is when the contract and the sprint rituals "
        "disagree",
    ],
)
def test_the_paperwork_against_the_practice_asks_who_owns_delivery(query: str) -> None:
    assert ids(query)[:1] == ["delivery-system-ownership"]


@pytest.mark.parametrize(
    "query",
    [
        "the tenancy agreement says one thing, the landlord says another. who is right?",
        "on paper the recipe takes 20 minutes, in practice it takes an hour",
        "I can't tell what kind of deal this is at the car dealership, lease or finance?",
        "the paperwork and the reality disagree on my house extension, what do I do?",
    ],
)
def test_paper_against_practice_in_everyday_life_stays_refused(query: str) -> None:
    assert KB.search(query) == []


def test_tuned_batch_u_after_round_13() -> None:
    """Batch U is tuning data from round 13 (its untuned run stays pinned in
    test_retrieval.py): after round 13 every U question has an expected passage in its top 3,
    top-1 0.920 (46/50), and all 35 distractors get the fallback."""
    items = load_batch("retrieval_fresh_u.yaml")
    queries = [
        d if isinstance(d, str) else str(d["q"]) for d in load_batch("retrieval_distractors_u.yaml")
    ]
    hits = [ids(str(item["q"]))[:3] for item in items]
    expect = [set(item["expect"]) for item in items]
    assert sum(bool(set(h) & e) for h, e in zip(hits, expect, strict=True)) >= 50
    assert sum(bool(h) and h[0] in e for h, e in zip(hits, expect, strict=True)) >= 46
    assert [q for q in queries if KB.search(q)] == []
