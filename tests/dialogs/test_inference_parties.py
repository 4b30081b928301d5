"""Who is speaking and who is meant (issue 13 part 1): quoted client words, other parties and
other times, contract parties, conditions inside questions, a buyer's own opening."""

from __future__ import annotations

import pytest

from tests.dialogs.inference_support import owners


def test_quoted_client_words_read_we_as_the_client_and_you_as_the_provider() -> None:
    text = "Their CTO, word for word: 'We decide everything. If the launch slips, it's on you.'"
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}


def test_the_reps_own_words_outside_the_quote_keep_we_as_the_provider() -> None:
    assert owners("We choose the tooling and we answer for the uptime.") == {
        "decision_owner": "provider", "accountability": "provider"}


def test_a_rep_quoting_themselves_stays_in_the_reps_voice() -> None:
    assert owners("I told them 'we decide the architecture'.") == {"decision_owner": "provider"}


def test_an_old_supplier_is_context_not_the_engagement() -> None:
    text = ("Their previous vendor owned the uptime SLA. Now their ops lead assigns every task "
            "and they keep the delivery risk.")
    assert owners(text) == {"decision_owner": "client", "accountability": "client"}


def test_a_sister_company_is_context_not_the_engagement() -> None:
    assert owners("The sister company's provider picks the tools there.") == {}


def test_back_to_now_in_the_same_sentence_is_read() -> None:
    text = "In the past they ran it in house; now they want us to own the uptime target."
    assert owners(text) == {"accountability": "provider"}


def test_contract_parties_are_read_from_procurement_language() -> None:
    text = ("Clause 4: 'The Contractor shall determine the architecture and tools, and shall be "
            "solely responsible for the service levels in Schedule 2.'")
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}


def test_a_condition_inside_a_question_describes_the_situation() -> None:
    text = "Would it still be augmentation if their QA lead assigns the work and they carry the risk?"
    assert owners(text) == {"decision_owner": "client", "accountability": "client"}


def test_a_plain_yes_no_question_is_not_a_statement() -> None:
    assert owners("Should we guarantee the go-live?") == {}


def test_a_buyer_opening_makes_our_lead_the_clients() -> None:
    text = "We are in need of 2 testers, they work under the direction of our QA lead."
    assert owners(text) == {"decision_owner": "client"}


def test_a_bare_headcount_or_contract_type_gives_no_ownership_reading() -> None:
    assert owners("they need three Java devs asap, 6 months") == {}
    assert owners("T&M, 5 testers, start Feb.") == {}


def test_a_headcount_beside_a_stated_reading_still_nudges() -> None:
    assert owners("they want three contractors but expect us to guarantee delivery") == {
        "decision_owner": "client", "accountability": "provider"}


def test_whose_call_it_is() -> None:
    assert owners("Their backlog, their call.") == {"decision_owner": "client"}
    assert owners("Not our call on the tools.") == {"decision_owner": "client"}


def test_a_permission_names_who_decides() -> None:
    text = "Their COO: 'Build it with whatever stack you prefer, we only care that it works.'"
    assert owners(text)["decision_owner"] == "provider"


def test_contract_parties_as_subjects() -> None:
    text = ("The Supplier shall have sole discretion over the methods. The Authority remains "
            "accountable for the programme outcomes.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}


def test_a_team_named_by_its_work_is_its_owners() -> None:
    assert owners("Their data team makes the calls on every schema.") == {
        "decision_owner": "client"}


def test_a_later_subject_does_what_follows_it() -> None:
    text = "The client signs the budget and we make the technical calls and carry the outage risk."
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}


def test_the_last_duty_in_a_list_belongs_to_the_subject() -> None:
    text = "Their release manager picks the tools, sets the dates, and owns the release quality."
    assert owners(text) == {"decision_owner": "client", "accountability": "client"}


@pytest.mark.parametrize("text", [
    "Their call centre moves to a new building in May.",
    "They had a bad experience with their last vendor, who owned the SLA.",
    "The Contractor's staff will attend the kick-off in Leeds.",
    "Their data team joined the call late.",
    "We like whatever they have planned for the offsite.",
    "Is the platform answerable to audits?",
])
def test_near_misses_give_no_ownership_reading(text: str) -> None:
    assert owners(text) == {}


def test_a_question_the_writer_answers_yes_is_a_statement() -> None:
    text = "Do we pick the tools and carry the uptime risk? Yes, that is the deal."
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}
    assert owners("Do we pick the tools and carry the uptime risk?") == {}
