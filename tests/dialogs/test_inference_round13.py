"""Round 13 of issue 13's accuracy work: general reading mechanics studied on batch R, each shown
by a phrase that must read and a near miss that must not (rule-level examples live beside the
rules in ``dialogs/rules/<factor>.toml``; these cover what the code decides: who "the
Contractor" of a contract clause is, a product vendor that is chosen rather than a party, and a
buyer asking for people for their own team or programme)."""

from __future__ import annotations

from dialogs.inference_rules import party_side, perspective
from tests.dialogs.inference_support import model_of, owners

# --- contract clauses: "the Contractor" is the supplier, "the Authority" the buyer --------------


def test_the_contractor_of_a_clause_is_the_supplier() -> None:
    for word in ("the Contractor", "the contractor's", "the Service Provider", "the subcontractor"):
        assert party_side(word, "provider") == "provider", word
        assert party_side(word, "client") == "provider", word
    assert party_side("the Authority", "provider") == "client"


def test_a_clause_list_splits_direction_and_accountability() -> None:
    text = ("Schedule 2 - Roles\n"
            "2.1 The Contractor will determine the architecture and the tooling of the portal.\n"
            "2.2 The Authority retains sole responsibility for the portal's outcomes.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}
    assert model_of(text) == "mismatch"


def test_a_contractor_held_to_outcomes_reads_as_the_provider() -> None:
    text = "Clause 7: the Contractor shall be accountable for the uptime of the booking service."
    assert owners(text)["accountability"] == "provider"


# --- bare organisation nouns of the client: "the uni", "the department" -------------------------


def test_the_uni_and_the_department_are_the_client() -> None:
    assert owners("The uni keeps responsibility for the service levels.") == {
        "accountability": "client"}
    assert owners("The department answers for the results.") == {"accountability": "client"}


def test_a_named_department_of_the_provider_is_not_read_as_the_client() -> None:
    # "our delivery department" is the writer's; the bare noun only names the client
    assert owners("Our delivery department answers for the results.").get(
        "accountability") != "client"


# --- a vendor to be chosen is a product vendor, not the writer's counterpart --------------------


def test_choosing_the_vendor_does_not_make_the_writer_the_client() -> None:
    text = ("Question for you: they want us to decide the design of their new warehouse "
            "network and choose the vendor, but they say they stay answerable for its performance.")
    assert perspective(text) == "provider"
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}


def test_a_vendor_named_as_a_party_still_marks_the_client_writer() -> None:
    assert perspective("We want a vendor to run it; you would own the uptime.") == "client"


# --- a buyer asking for people for their own team or programme ----------------------------------


def test_a_headcount_for_our_team_is_the_buyer_writing() -> None:
    text = "Need 3 React devs for our team, our lead runs the backlog and we answer for the launch."
    assert perspective(text) == "client"
    assert owners(text) == {"decision_owner": "client", "accountability": "client"}
    assert model_of(text) == "staff_augmentation"


def test_consultants_to_join_our_programme_is_the_buyer_writing() -> None:
    text = ("We need two Workday consultants to join our programme; they will work under our "
            "programme manager, and the go-live risk remains with us.")
    assert perspective(text) == "client"
    assert owners(text) == {"decision_owner": "client", "accountability": "client"}


def test_a_seller_offering_people_for_their_team_stays_the_seller() -> None:
    text = "They need 3 React devs for their team; we would send them and they direct the work."
    assert perspective(text) == "provider"
    assert owners(text)["decision_owner"] == "client"


# --- a contract's defined terms are not parties; a directed party is not the doer ----------------


def test_capitalised_service_levels_are_not_a_party_of_a_clause() -> None:
    text = ("7.2 The Contractor shall be accountable for the availability Service\n"
            "    Levels in Schedule 4 and shall be liable for Service Credits.")
    assert owners(text)["accountability"] == "provider"


def test_the_party_directed_is_not_the_one_who_sets_priorities() -> None:
    text = ("The Council's service owner will direct the Contractor's staff day to day and set "
            "the priorities of the work.")
    assert owners(text)["decision_owner"] == "client"


def test_a_lead_who_directs_them_keeps_the_responsibility() -> None:
    text = "Two DBAs, remote. Their platform lead directs them daily and keeps responsibility for the system."
    assert owners(text)["accountability"] == "client"


def test_the_provider_directing_the_clients_staff_is_the_one_deciding() -> None:
    text = "Our service manager will direct their support staff and set the priorities."
    assert owners(text)["decision_owner"] == "provider"


# --- two-speaker chat pastes: a guess the next message denies is not the deal -------------------


def test_a_chat_question_answered_no_is_not_read() -> None:
    text = ("[09:12] Ana Silva: the logistics client wants us to pick the stack and the order\n"
            "[09:13] Tom Reed: and we carry the uptime risk?\n"
            "[09:13] Ana Silva: no, they said they'll keep the outcome risk themselves, T&M")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}
    assert model_of(text) == "mismatch"


def test_a_chat_question_answered_yes_is_read() -> None:
    text = ("[09:13] Tom Reed: and we carry the uptime risk?\n"
            "[09:13] Ana Silva: yes, that's the deal")
    assert owners(text) == {"accountability": "provider"}


def test_a_yes_no_question_after_a_chat_head_is_a_question() -> None:
    text = "[10:02] Lee: should we own the delivery risk?"
    assert "accountability" not in owners(text)


def test_a_no_that_names_a_thing_does_not_deny_the_question() -> None:
    # "No SLA for them" answers something else: the question's reading stays a question's
    text = "[10:02] Lee: they keep the delivery risk?\n[10:03] Kim: no SLA for us at all"
    assert owners(text).get("accountability") == "client"


# --- corrections partway through: an impression taken back is not the deal ---------------------


def test_an_impression_taken_back_gives_no_reading() -> None:
    text = ("Retail data deal: initially it sounded like they wanted us to deliver the pricing "
            "engine end to end. Correction, after the second call: they want two data engineers "
            "in their team, their head of data sets the priorities and they keep the outcome risk.")
    assert owners(text) == {"decision_owner": "client", "accountability": "client"}
    assert model_of(text) == "staff_augmentation"


def test_what_i_wrote_on_a_day_is_superseded() -> None:
    text = ("I wrote on Tuesday that they'd let us choose the stack. Update: their CTO keeps the "
            "architecture and we carry the uptime SLA.")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}
    assert model_of(text) == "mismatch"


def test_correction_with_a_comma_mid_sentence_is_no_marker() -> None:
    # a "data correction, reconciliation" job is no self-correction: the first reading stands
    text = ("They keep the delivery risk. Our team handles the data correction, reconciliation "
            "and reporting.")
    assert owners(text).get("accountability") == "client"


# --- a client's email: signed by its own executive, answering to its investors -----------------


def test_an_email_signed_by_the_buyers_cto_is_the_client_writing() -> None:
    text = ("Hi,\n\nYou choose the architecture and the stack, whatever you think is best. We'll "
            "answer to our board for whether the app ships on time; no SLAs for you, just bill "
            "us monthly.\n\nThanks, Priya (CTO)")
    assert perspective(text) == "client"
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}
    assert model_of(text) == "mismatch"


def test_a_sign_off_by_a_sellers_role_is_no_client_cue() -> None:
    text = "They want our engineers to run it. Cheers, Sam (Account Manager)"
    assert perspective(text) == "provider"


def test_answering_to_someone_for_a_result_is_accountability() -> None:
    assert owners("The hospital answers to the regulator for the reporting deadlines.") == {
        "accountability": "client"}
    assert "accountability" not in owners("We report to their product owner for questions.")


# --- a choice the client's own person makes in person -------------------------------------------


def test_choosing_the_tools_himself_is_the_client_deciding() -> None:
    text = ("Managed SOC deal. Correction: their CISO wants to keep choosing the SIEM and EDR "
            "tools himself, but we carry the detection SLAs and the penalties.")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}
    assert model_of(text) == "mismatch"


def test_a_question_about_choosing_the_tools_himself_is_not_read() -> None:
    assert "decision_owner" not in owners("Would he want to keep choosing the tools himself?")
