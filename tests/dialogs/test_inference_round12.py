"""Round 12 of issue 13's accuracy work: general reading mechanics studied on batch Q, each shown
by a phrase that must read and a near miss that must not (rule-level examples live beside the
rules in ``dialogs/rules/<factor>.toml``; these cover what the code decides: who the writer is
in a CRM record or beside a "they want: a provider" heading, and a public agency that is the
client rather than a vendor)."""

from __future__ import annotations

from dialogs.inference import infer
from dialogs.inference_rules import perspective
from tests.dialogs.inference_support import model_of, owners

# --- a CRM record is the seller's, whatever a pasted client quote says --------------------------


def test_crm_fields_make_the_writer_the_seller() -> None:
    text = ("Opportunity: Harbour Rail - ticketing app\n"
            "Stage: Qualify\n"
            "Notes: they want our architects to pick the stack (\"you know this better than us\").")
    assert perspective(text) == "provider"
    assert owners(text)["decision_owner"] == "provider"


def test_one_field_label_alone_does_not_decide_the_writer() -> None:
    assert perspective("Stage: we need two devs to join our squad.") == "client"


def test_a_crm_record_with_a_split_reads_as_a_mismatch() -> None:
    text = ("Opp: Fleet telematics rebuild\n"
            "Account: Northline Buses\n"
            "Summary: the operator wants our architects to decide the design and the stack; "
            "T&M, the operator keeps full accountability for the service.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}
    assert model_of(text) == "mismatch"


# --- "What they want: a provider to ..." is the client's wish, reported by the seller -----------


def test_a_wish_for_a_provider_after_a_colon_is_reported_by_the_seller() -> None:
    text = ("What they want: a provider to run the platform, with our tooling and our on-call. "
            "They'd hold us to a 99.9% availability target.")
    assert perspective(text) == "provider"
    assert owners(text)["accountability"] == "provider"


def test_the_writer_wishing_for_a_provider_is_still_the_client() -> None:
    assert perspective("We want a provider to run the platform with our tooling.") == "client"


# --- a public agency named as the client is not "an agency" hired -------------------------------


def test_the_agency_is_the_client_when_the_text_names_a_public_agency() -> None:
    text = ("Notes from the licensing agency workshop. Their delivery manager sets the "
            "priorities, and the agency remains accountable for the service.")
    assert perspective(text) == "provider"
    assert owners(text) == {"decision_owner": "client", "accountability": "client"}


def test_a_client_writing_as_a_tax_agency_keeps_the_agency_on_its_side() -> None:
    text = ("We are the IT department of a tax agency. We would like your architects to decide "
            "the test strategy and the tools. The agency is responsible for the results.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}
    assert model_of(text) == "mismatch"


def test_an_agency_hired_is_still_the_provider() -> None:
    text = "We want an agency to rebuild the site; the agency is responsible for the launch date."
    assert owners(text)["accountability"] == "provider"


# --- "on our side", "on their shoulders": the possessive's side -------------------------------


def test_on_our_side_is_the_writers_side_whoever_writes() -> None:
    assert owners("They set the roadmap. The risk is on our side.")["accountability"] == "provider"
    text = ("Dear, our factory want your engineers decide all architecture. But the responsibility "
            "of the production result is on our side, so we not need SLA.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}


def test_on_their_shoulders_is_theirs() -> None:
    assert owners("We pick the stack. The risk is on their shoulders.")["accountability"] == "client"


# --- a decision still made ("keeps deciding"), or moved to a party -----------------------------


def test_keeps_deciding_reads_as_deciding() -> None:
    text = ("The auditor only reviews the controls. We are accountable for passing the review, "
            "while their IAM team keeps deciding who gets which role.")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}


def test_keeps_deciding_to_do_something_is_not_a_decision_right() -> None:
    assert "decision_owner" not in infer("Their team keeps deciding to postpone the kickoff.")


def test_every_decision_moved_to_a_party_is_theirs() -> None:
    text = ("Unlike last year, the new contract keeps the uptime penalties on us but moves every "
            "decision - tooling, patch timing, capacity - to their platform team.")
    assert owners(text)["decision_owner"] == "client"
    assert model_of(text) == "mismatch"


def test_now_between_subject_and_verb() -> None:
    assert owners("Our lead will now make all the calls.")["decision_owner"] == "provider"


# --- reported speech after "she said ... we ...:" stays in the writer's voice -----------------


def test_the_writers_first_person_before_the_colon_keeps_the_writers_voice() -> None:
    text = ("Their head of data science will pick the features. And the last thing she said "
            "before we left: our firm is to be held accountable for a 5% uplift.")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}


def test_a_quote_addressing_the_writer_is_still_the_clients_voice() -> None:
    text = "Their CTO said to us: you run the platform and we keep the roadmap."
    assert owners(text)["decision_owner"] == "client"


# --- another contract named as a comparison is context, not this deal --------------------------


def test_a_contract_named_as_a_comparison_is_an_aside_until_the_new_one() -> None:
    text = ("Compared with the test-environment contract we had with the bank in 2023 (they "
            "directed our people, they owned the outcome), the new ask: we are accountable for "
            "environment availability with service credits, while their platform team keeps "
            "every design decision.")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}


def test_an_old_arrangement_is_an_aside() -> None:
    text = "In the old arrangement their architects decided everything."
    assert "decision_owner" not in infer(text)


def test_unlike_a_person_is_not_a_comparison_with_a_contract() -> None:
    text = "Unlike most clients, they want us to own the uptime SLA."
    assert owners(text)["accountability"] == "provider"


# --- a function named after risk is not whose risk it is; a passive decision -----------------


def test_their_risk_committee_is_not_their_risk() -> None:
    text = ("We carry the latency SLA with penalties, but the features and the thresholds are "
            "decided by their risk committee.")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}


def test_a_vendor_chosen_by_the_client_is_not_a_delivery_decision() -> None:
    assert "decision_owner" not in infer("The vendor is chosen by their procurement team.")


def test_a_named_target_owned_and_a_passive_penalty() -> None:
    text = ("Their head of data keeps the modelling choices. They said we own the click-through "
            "target and get penalised if it drops.")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}


def test_the_comparison_ends_after_its_relative_clause() -> None:
    text = "Compared to the Acme deal, where we owned everything, they keep the roadmap here."
    assert owners(text) == {"decision_owner": "client"}


def test_a_comparison_without_a_clause_of_its_own_is_only_a_name() -> None:
    assert owners("Unlike the Acme deal they own delivery.") == {"accountability": "client"}
    assert owners("Compared to the Acme deal, they keep the roadmap.") == {
        "decision_owner": "client"}


def test_a_decision_set_by_a_third_party_is_not_the_clients() -> None:
    assert "decision_owner" not in infer("The go-live date is set by their regulator.")
