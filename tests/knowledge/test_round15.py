"""Round 15 (batch W as tuning data): each mechanism proven on our own paraphrases, not W's text.

Every query here was written for this test (or for the round's own probes), varied away from
the batch W wording it generalises.
"""

from __future__ import annotations

import pytest

from tests.knowledge.retrieval_support import KB, ids


# A trade's contractor by word family: plumbing / plumber, electrical / electrician, roofing /
# roofer, a building firm, a boiler or heating engineer, a kitchen fitting.
@pytest.mark.parametrize(
    "query",
    [
        "our plumbing firm quoted for a new boiler, is the price fair?",
        "the electrical contractor wants a deposit before rewiring, is that normal?",
        "roofing contractor says the quote excludes scaffolding, what should it include?",
        "heating engineer day rate vs fixed price for a boiler swap?",
        "kitchen fitting contractor is two weeks late, can we hold back payment?",
    ],
)
def test_a_trades_contractor_by_word_family_is_refused(query: str) -> None:
    assert KB.search(query) == []


@pytest.mark.parametrize(
    "query",
    [
        "our contractors at the client missed the deadline, can they withhold payment?",
        "can contractors we place fix the build pipeline?",
        "the plumbing of CI/CD when we augment the client team, who fixes it?",
        "who owns the deployment plumbing in a managed service?",
    ],
)
def test_contractors_and_plumbing_in_our_sense_stay_ours(query: str) -> None:
    assert ids(query)
