"""Round 12 (batch T as tuning data): each mechanism proven on our own paraphrases, not T's text.

Every query here was written for this test (or for the round's own probes), varied away from
the batch T wording it generalises.
"""

from __future__ import annotations

import pytest
import yaml

from tests.knowledge.retrieval_support import DATA, KB, ids


# The engagement by its shape: our people placed at, dropped into or sent to a client's team.
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "when we drop a couple of devs into a customer's squad, who sets their priorities?",
            "staff-augmentation-client-keeps",
        ),
        (
            "do the people we second to a customer follow our process or theirs?",
            "staff-augmentation-client-keeps",
        ),
        (
            "devs we embed in their team: do they need commit rights to the client's repos?",
            "augmentation-decision-ownership-practice",
        ),
        (
            "before we send three developers to a prospect's team, what has to be true on their side?",
            "augmentation-decision-ownership-practice",
        ),
        (
            "what should I say when a prospect asks 'can't you just send us a few bodies?'",
            "augmentation-decision-ownership-practice",
        ),
    ],
)
def test_people_placed_in_a_clients_team_are_staff_augmentation(query: str, expected: str) -> None:
    assert expected in ids(query)


@pytest.mark.parametrize(
    "query",
    [
        "we dropped our dog at the client's house by mistake",
        "people we put on the guest list at the client's party",
        "we put a lot of effort into their wedding photos",
        "can you send us a few people to help with the village fete",
        "we sent three engineers to a bank holiday barbecue",
    ],
)
def test_everyday_placing_and_sending_stays_refused(query: str) -> None:
    assert KB.search(query) == []


# Both models as what we sell: "our two ways of selling", "the two models we offer".
@pytest.mark.parametrize(
    "query",
    [
        "what's a good metaphor for our two ways of selling engineering time to a finance person?",
        "give me talking points on the two models we offer for a non-technical founder",
        "explain our two engagement models with an everyday comparison",
    ],
)
def test_our_two_ways_of_selling_are_the_two_models(query: str) -> None:
    assert "definition-short" in ids(query)


@pytest.mark.parametrize(
    "query",
    [
        "can you explain the two ways of selling a house",
        "our two ways of selling tickets are online and at the door",
        "our two ways of working are remote and in the office",
        "our two ways of paying are card and cash",
    ],
)
def test_two_ways_of_selling_other_things_stay_refused(query: str) -> None:
    assert KB.search(query) == []


# A buyer to be convinced that the engagement model matters.
@pytest.mark.parametrize(
    "query",
    [
        "how do I persuade a sceptical CFO that the engagement model matters more than the day rate?",
        "what do I tell a busy VP who thinks choosing the engagement model is a formality?",
        "how would you pitch the idea to a CIO that picking the wrong engagement model is a risk?",
    ],
)
def test_convincing_a_buyer_about_the_model_is_ours(query: str) -> None:
    assert "why-it-matters-leadership" in ids(query)


@pytest.mark.parametrize(
    "query",
    [
        "how to convince a VP to approve my holiday",
        "how do I persuade a busy CEO to read my novel",
        "how do I convince a CTO to sponsor our hackathon",
        "which engagement model works for a podcast audience",
        "best engagement model for a youtube channel audience",
        "how to pitch a startup idea to a VP of sales",
    ],
)
def test_convincing_people_of_other_things_stays_refused(query: str) -> None:
    assert KB.search(query) == []


# "Engagement" in its other senses.
@pytest.mark.parametrize(
    "query",
    [
        "ideas for an engagement party on a budget",
        "what's a good engagement rate for instagram posts",
        "employee engagement survey questions for remote staff",
        "how much does an engagement ring cost in london",
        "my manager is swamped, how do I ask for a day off",
    ],
)
def test_engagement_in_other_senses_is_refused(query: str) -> None:
    assert KB.search(query) == []


def test_the_engagement_model_of_a_client_stays_ours() -> None:
    query = "which engagement model suits a client with a strong tech lead but no spare capacity?"
    assert KB.search(query)


# Who answers for a failure: the risk someone carries.
@pytest.mark.parametrize(
    "query",
    [
        "who takes the fall when a project goes sideways?",
        "who carries the can if the rollout fails?",
        "whose head rolls when it breaks?",
        "who is accountable when it fails?",
    ],
)
def test_who_takes_the_blame_is_where_risk_lives(query: str) -> None:
    assert ids(query)[:1] == ["where-decisions-and-risk-live"]


@pytest.mark.parametrize(
    "query",
    [
        "who takes the blame when the printer breaks?",
        "who is responsible when the coffee machine breaks?",
        "whose head rolls if the office party is cancelled?",
        "who is to blame when the wifi fails?",
    ],
)
def test_blame_for_everyday_things_stays_refused(query: str) -> None:
    assert KB.search(query) == []


# Which model a deal is in practice: who owns the delivery system.
@pytest.mark.parametrize(
    "query",
    [
        "how do I know which model we're really in with this client?",
        "is there a quick way to tell what kind of engagement this contract actually is?",
        "which model is this deal really, going by who does what every day?",
    ],
)
def test_which_model_in_practice_is_the_delivery_system(query: str) -> None:
    assert ids(query)[:1] == ["delivery-system-ownership"]


@pytest.mark.parametrize(
    "query",
    [
        "how can I tell which model this is, it's a dell laptop",
        "how do I tell which model of iphone I have",
        "how can I tell which model of car we're actually driving",
        "which model is this phone really",
    ],
)
def test_which_model_of_a_product_stays_refused(query: str) -> None:
    assert KB.search(query) == []


# A client's leader without time to lead.
@pytest.mark.parametrize(
    "query",
    [
        "their CTO is stretched thin and wants three of our engineers to start monday, "
        "what do I push back on?",
        "their eng manager is totally swamped, should we still send devs?",
    ],
)
def test_a_swamped_leader_is_leadership_capacity(query: str) -> None:
    assert ids(query)[:1] == ["leadership-capacity-for-augmentation"]


def test_a_swamped_leader_asking_for_managed_services_is_the_clients_load() -> None:
    assert ids("their CTO is swamped, would managed services help?")[:1] == [
        "internal-load-vs-flexibility"
    ]


@pytest.mark.parametrize(
    "query",
    [
        "our team lead is overloaded, should I bring her coffee",
        "the restaurant manager is snowed under at christmas",
    ],
)
def test_swamped_managers_in_office_life_stay_refused(query: str) -> None:
    assert KB.search(query) == []


def test_tuned_batch_t_after_round_12() -> None:
    """Batch T is tuning data from round 12 (its untuned run stays pinned in
    test_retrieval.py): after round 12 every T question has an expected passage in its top 3,
    top-1 0.920 (46/50), and all 35 distractors get the fallback."""
    items = yaml.safe_load((DATA / "retrieval_fresh_t.yaml").read_text(encoding="utf-8"))
    distractors = yaml.safe_load(
        (DATA / "retrieval_distractors_t.yaml").read_text(encoding="utf-8")
    )
    if isinstance(items, dict):
        items = items["items"]
    if isinstance(distractors, dict):
        distractors = distractors["items"]
    queries = [d if isinstance(d, str) else d["q"] for d in distractors]
    hits = [ids(item["q"])[:3] for item in items]
    assert all(set(h) & set(item["expect"]) for h, item in zip(hits, items, strict=True))
    assert sum(bool(h) and h[0] in item["expect"] for h, item in zip(hits, items, strict=True)) >= 46
    assert [q for q in queries if KB.search(q)] == []


# Casual ways in from the round's last own probe: answer styles, what we sell, lending people.
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("so like, what do we actually sell?", "definition-short"),
        ("elevator pitch for why we ask who makes decisions first", "definition-short"),
        (
            "what's our line when a buyer says 'just give us your best guys and we'll manage them'?",
            "staff-augmentation-client-keeps",
        ),
        (
            "new starter here, what's the difference between the stuff we run and the people we "
            "lend out?",
            "definition-short",
        ),
        (
            "what does good look like for measuring a provider without peeking inside?",
            "measuring-outcomes-independently",
        ),
    ],
)
def test_casual_ways_into_the_topic(query: str, expected: str) -> None:
    assert expected in ids(query)


@pytest.mark.parametrize(
    "query",
    [
        "what do we sell at the school bake sale?",
        "new starter here, where is the canteen?",
        "how can I tell if milk has gone bad",
        "elevator pitch for my dating profile",
        "give us your best guys for the pub quiz team",
        "no peeking inside the presents before christmas",
    ],
)
def test_casual_everyday_sentences_stay_refused(query: str) -> None:
    assert KB.search(query) == []


def test_people_placed_beside_an_everyday_word_stay_weak() -> None:
    """Staff augmentation read from people placed at a client is inferred, not named: beside an
    everyday word it is not the model named outright, and its anchor is no domain evidence."""
    assert KB.search("the consultants we send to a client's site need hotel rooms") == []
    assert KB.search("we placed second in the pub quiz with the client's team") == []


def test_a_new_hire_quiz_is_how_the_question_is_put() -> None:
    query = "pop quiz: what do we need from a client before we put devs into their team?"
    assert "augmentation-decision-ownership-practice" in ids(query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("how would you explain our engagement setup to a procurement person?", "definition-short"),
        (
            "what's a quick way to sanity check that the deal we signed matches how we're working?",
            "delivery-system-ownership",
        ),
        (
            "how do I brief a new account manager on our two kinds of deal in five minutes?",
            "definition-short",
        ),
    ],
)
def test_our_offer_and_the_deal_in_practice_in_other_words(query: str, expected: str) -> None:
    assert expected in ids(query)


@pytest.mark.parametrize(
    "query",
    [
        "our two kinds of deal at the supermarket are bogof and half price",
        "does the lease agreement match what it is listed as?",
        "does my phone contract match how I'm using data?",
        "our engagement rates dropped on tiktok",
    ],
)
def test_deals_and_contracts_of_everyday_life_stay_refused(query: str) -> None:
    assert KB.search(query) == []
