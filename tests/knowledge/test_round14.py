"""Round 14 (batch V as tuning data): each mechanism proven on our own paraphrases, not V's text.

Every query here was written for this test (or for the round's own probes), varied away from
the batch V wording it generalises.
"""

from __future__ import annotations

import pytest

from tests.knowledge.retrieval_support import KB, ids, load_batch


# An analogy from another trade: a whole service bought against extra hands for your own work.
@pytest.mark.parametrize(
    "query",
    [
        "so is it like booking a whole catering firm versus bringing a few extra chefs into your "
        "own kitchen?",
        "analogy check: a builder who does the whole job vs hiring extra labourers for your own "
        "site, does that map onto what we sell?",
        "explain it like a cleaning company for the whole office versus a couple of extra "
        "cleaners you manage yourself",
        "think of it as a taxi vs renting a car and driving yourself - which one is the client "
        "buying?",
    ],
)
def test_an_analogy_from_another_trade_compares_the_models(query: str) -> None:
    assert ids(query)


@pytest.mark.parametrize(
    "query",
    [
        "is it like hiring a DJ versus asking a friend to play music at your own party?",
        "it's like taking the bus or driving yourself to work, which is greener?",
        "should I hire a caterer or extra cooks for my daughter's wedding?",
    ],
)
def test_everyday_comparisons_stay_refused(query: str) -> None:
    assert KB.search(query) == []


# A role-play with the buyer about which option.
@pytest.mark.parametrize(
    "query",
    [
        "Role-play: I'm the client's CTO and I think both options are the same thing. Talk me "
        "out of it.",
        "imagine I'm the customer's procurement manager, which option gives me less risk?",
        "act as if I'm their CFO asking which option costs less, and answer me",
    ],
)
def test_a_role_play_with_the_buyer_is_ours(query: str) -> None:
    assert ids(query)


@pytest.mark.parametrize(
    "query",
    [
        "pretend I'm the CFO of a bakery, which option is cheaper: a loan or a lease?",
        "imagine I'm the head of a school: which option is better, a minibus or a coach hire?",
        "role play a job interview where I'm the hiring manager",
    ],
)
def test_a_role_play_of_another_organisation_stays_refused(query: str) -> None:
    assert KB.search(query) == []


# Which way a client leans.
@pytest.mark.parametrize(
    "query",
    [
        "how do I read which way a customer leans in the first ten minutes?",
        "smell test for a new prospect - do they want bodies or an outcome?",
        "quick gut check to tell which way the client is leaning before we write the proposal",
    ],
)
def test_which_way_a_client_leans_asks_which_model_fits(query: str) -> None:
    assert "internal-load-vs-flexibility" in ids(query)


@pytest.mark.parametrize(
    "query",
    [
        "red flags that a customer wants a refund after buying a sofa",
        "sniff test for whether a customer's credit card is stolen",
        "which way does the customer lean on price when buying a car?",
        "which way is the wind leaning for the election?",
    ],
)
def test_leaning_in_everyday_life_stays_refused(query: str) -> None:
    assert KB.search(query) == []


# Words of ours the vocabulary lacked.
@pytest.mark.parametrize(
    ("query", "top3"),
    [
        ("a prospect wants to outtask their QA to us, is that managed services?",
         "managed-services-fit"),
        ("when should a client outtask a whole workstream instead of borrowing engineers?",
         "managed-services-fit"),
        ("client wants a resourcing contract for 4 devs, who directs them?",
         "leadership-capacity-for-augmentation"),
        ("the client keeps asking for more headcount but nobody there decides anything",
         "staff-augmentation-scaling-limits"),
    ],
)
def test_vocabulary_families_are_ours(query: str, top3: str) -> None:
    assert top3 in ids(query)[:3]


@pytest.mark.parametrize(
    "query",
    [
        "HR says there's no budget for extra headcount this year",
        "how does resourcing work in a hospital rota?",
    ],
)
def test_vocabulary_in_other_senses_stays_refused(query: str) -> None:
    assert KB.search(query) == []


# A trade's contractor: builders, plumbers, electricians, their lateness and pay.
@pytest.mark.parametrize(
    "query",
    [
        "the electrician we hired left the job half done, can we withhold the final invoice?",
        "our kitchen fitter is six weeks late, can we hold back the last payment?",
        "the roofer wants a deposit before starting, is that normal?",
        "our builder is late on the house extension, who carries the risk?",
        "landscaper did a bad job on the garden, can I refuse to pay?",
    ],
)
def test_a_trades_contractor_is_refused(query: str) -> None:
    assert KB.search(query) == []


@pytest.mark.parametrize(
    "query",
    [
        "our contractors are late on the client's release, who carries the risk?",
        "can the client withhold payment if our contractors miss the deadline?",
        "Example of a client adding extra backend engineers while keeping architecture in-house",
    ],
)
def test_contractors_in_our_sense_stay_answered(query: str) -> None:
    assert ids(query)


def test_tuned_batch_v_after_round_14() -> None:
    """Batch V is tuning data from round 14 (its untuned run stays pinned in test_retrieval.py):
    after round 14, 49 of 50 V questions have an expected passage in their top 3, top-1 0.840
    (42/50), and all 35 distractors get the fallback."""
    items = load_batch("retrieval_fresh_v.yaml")
    queries = [
        d if isinstance(d, str) else str(d["q"]) for d in load_batch("retrieval_distractors_v.yaml")
    ]
    hits = [ids(str(item["q"]))[:3] for item in items]
    expect = [set(item["expect"]) for item in items]
    assert sum(bool(set(h) & e) for h, e in zip(hits, expect, strict=True)) >= 49
    assert sum(bool(h) and h[0] in e for h, e in zip(hits, expect, strict=True)) >= 42
    assert [q for q in queries if KB.search(q)] == []
