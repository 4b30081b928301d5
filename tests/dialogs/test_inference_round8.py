"""Round 8 of issue 13's accuracy work: general reading mechanics, each shown by a phrase that
must read and a near miss that must not (the rule-level examples live beside the rules in
``dialogs/rules/<factor>.toml``; these cover what the code decides: perspective, voice, the
imperative and what a pronoun refers back to)."""

from __future__ import annotations

from dialogs.inference_rules import perspective
from tests.dialogs.inference_support import owners

# --- perspective: a third party that wants a vendor is reported, not the writer ----------------


def test_a_third_party_wanting_a_supplier_is_the_reps_report() -> None:
    text = (
        "They have a mobile lead who picks the libraries. The bank's risk team, separately, "
        "wants a supplier who is contractually responsible for availability. So we'd be "
        "liable."
    )
    assert perspective(text) == "provider"
    assert owners(text)["accountability"] == "provider"


def test_a_writer_who_wants_a_vendor_is_still_the_client() -> None:
    text = "We want a vendor who owns the uptime; our team keeps the roadmap."
    assert perspective(text) == "client"
    assert owners(text) == {"accountability": "provider", "decision_owner": "client"}


def test_a_vendor_named_where_they_is_the_client_is_the_reps_report() -> None:
    text = (
        "Notes from the utility. Their ops director said no: the plant's availability is "
        "theirs and they won't hand that to a vendor."
    )
    assert perspective(text) == "provider"
    assert owners(text) == {"accountability": "client"}


def test_a_vendor_named_beside_we_still_marks_the_client_writing() -> None:
    text = (
        "We want the agency to make the technical calls - that's why we're hiring them - "
        "but we'll carry the delivery risk ourselves."
    )
    assert perspective(text) == "client"
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}


# --- the voice of the text: an attribution at the start of a sentence ------------------------


def test_an_attribution_opening_the_text_is_the_clients_voice() -> None:
    assert owners("Her email: we own the uptime, you write the code.") == {
        "accountability": "client"
    }


def test_a_reps_own_colon_is_not_an_attribution() -> None:
    assert owners("Her team, my notes: we own the uptime.") == {"accountability": "provider"}


# --- an order in the client's words is addressed to the provider ------------------------------


def test_an_order_in_a_quoted_client_is_the_providers_decision() -> None:
    text = "Her answer, copied: 'You're the experts, so choose the architecture and the tools.'"
    assert owners(text) == {"decision_owner": "provider"}


def test_a_negated_order_leaves_the_decision_with_the_client() -> None:
    assert owners('Their CTO wrote: "Don\'t pick the tools, our architects will."') == {
        "decision_owner": "client"
    }


def test_a_verb_after_and_shares_its_subject_it_is_not_an_order() -> None:
    text = (
        "Copying the procurement lead's email: 'We will direct your engineers day to day and "
        "set all priorities.'"
    )
    assert owners(text) == {"decision_owner": "client"}


def test_an_order_in_the_reps_own_notes_is_not_read() -> None:
    assert owners("Pick the tools carefully, the client has opinions.") == {}


# --- "that" and "it" refer back to the clause before -------------------------------------------


def test_that_refers_back_to_the_outcome_named_just_before() -> None:
    text = (
        "they want us designing the whole mobile backend but wont accept any SLA or outcome "
        "risk on our side, they keep that"
    )
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}


def test_that_refers_back_across_a_question_mark() -> None:
    assert owners("The uptime risk? They keep that.") == {"accountability": "client"}
    assert owners("The architecture? They keep that.") == {"decision_owner": "client"}


def test_that_with_nothing_to_refer_to_is_not_read() -> None:
    assert owners("They keep that, whatever it is.") == {}


# --- round 9 (studied on L's misses) -----------------------------------------------------------


def test_a_party_in_brackets_is_the_subject_that_follows() -> None:
    text = "The lab (us) writes the test strategy and is accountable for the test evidence."
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}


def test_vendor_us_in_brackets_says_who_is_writing() -> None:
    text = (
        "Client wants a vendor to look after both apps. Vendor (us) decides the release "
        "cadence and is accountable for the crash-free rate."
    )
    assert perspective(text) == "provider"
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}


def test_brackets_around_other_words_change_nothing() -> None:
    assert owners("The lab (in Utrecht) writes the test strategy.") == {}


def test_an_indirect_object_is_not_the_one_who_decides() -> None:
    text = (
        "Dear team, we search 3 manual testers for our app. Our QA lead will give them the "
        "test cases every day and decide about the release."
    )
    assert owners(text).get("decision_owner") != "provider"


def test_us_before_a_verb_is_still_the_subject() -> None:
    assert owners("They want us to decide the architecture.") == {"decision_owner": "provider"}


def test_my_team_is_whoever_is_speaking() -> None:
    quoted = "Their CISO, on the call: 'My team chooses the tools and writes the detection rules.'"
    assert owners(quoted) == {"decision_owner": "client"}
    assert owners("Note to self: my team chooses the tools for them.") == {
        "decision_owner": "provider"
    }
