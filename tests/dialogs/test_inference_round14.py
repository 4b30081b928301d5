"""Round 14 of issue 13's accuracy work: general reading mechanics studied on batch S, each shown
by phrasings of our own (not S's texts) that must read, and near misses that must not (rule-level
examples live beside the rules in ``dialogs/rules/<factor>.toml``; these cover what the code
decides)."""

from __future__ import annotations

from dialogs.inference_rules import perspective
from tests.dialogs.inference_support import model_of, owners

# --- a portal's or an FAQ's Q&A: the question is no statement, its answer is --------------------


def test_a_question_a_numbered_answer_denies_gives_no_reading() -> None:
    text = ("Clarifications, ITT 77\n"
            "Q2 (Supplier): Will the Council choose the monitoring stack?\n"
            "A2: No. The Contractor selects and designs the monitoring stack.")
    assert owners(text) == {"decision_owner": "provider"}
    text = ("Question 9: Is the vendor accountable for the migration outcome?\n"
            "Answer: No. Our programme board owns the outcome.")
    assert owners(text).get("accountability") != "provider"


def test_a_who_question_answered_by_a_party_reads_as_that_party() -> None:
    assert owners("Q3: Who carries the risk of missed recovery times?\nA3: The Supplier.") == {
        "accountability": "provider"}
    assert owners("FAQ\nWho is held accountable for the go-live date?\nA: the customer.") == {
        "accountability": "client"}


def test_a_who_question_without_an_answer_head_stays_unread() -> None:
    # the writer wonders; nobody answers
    assert "accountability" not in owners("Who is accountable for uptime? The supplier, I guess.")


def test_a_field_without_for_reads() -> None:
    assert owners("Who is accountable: the client. Who decides: us.") == {
        "decision_owner": "provider", "accountability": "client"}


# --- a rule set is no party: "subject to HIPAA rules", "SOX controls" ---------------------------


def test_a_regulation_name_is_not_a_party() -> None:
    # "FedRAMP" looks like a company name; with "requirements" after it, it names a rule set
    text = ("The Supplier runs the platform and picks the tools, subject to FedRAMP requirements, "
            "and is solely responsible for the uptime.")
    assert owners(text).get("accountability") != "client"
    text = "The provider designs the stack within GxP guidelines, and is accountable for the SLAs."
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}


# --- who is writing: a headcount for the writer's own team is the buyer's ask ------------------


def test_a_headcount_for_our_own_team_makes_the_writer_the_buyer() -> None:
    for text in (
        "We're looking to hire three QA engineers to strengthen our platform squad. Our delivery "
        "lead assigns the work and picks the tools; we keep responsibility for the release date.",
        # non-native phrasing: "seek" without "are", "decide" without -s
        "Hello, our bank seek 3 Java developers to work under our architect. He decide all the "
        "design, and the responsibility of the results stay with us.",
        # no "we" at all, only "our", and a "they" for the people sent
        "Looking to bring in two data engineers to our analytics team - they'd take tickets from "
        "our lead, who makes the technical calls, and the outcome is on us.",
    ):
        assert perspective(text) == "client", text
        assert owners(text) == {"decision_owner": "client", "accountability": "client"}, text
        assert model_of(text) == "staff_augmentation", text


def test_people_added_to_a_sellers_bench_keep_the_seller_voice() -> None:
    text = ("We can add two engineers to our bench for their project; they want us to pick the "
            "stack and we carry the SLA.")
    assert perspective(text) == "provider"
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}


# --- a client's email: a call that is a meeting, an order of two verbs, "we do not wish to" ----


def test_a_call_that_is_a_meeting_is_no_decision() -> None:
    for text in ("Following our call yesterday, here is the brief for the new portal.",
                 "As discussed on your call with Priya, the pilot starts in May.",
                 "Notes of their call, 3 March: they asked about pricing."):
        assert "decision_owner" not in owners(text), text
    # the idiom still reads
    assert owners("We need a vendor for the portal; the frameworks are your call.") == {
        "decision_owner": "provider"}
    assert owners("The tools are their call, they told us.") == {"decision_owner": "client"}


def test_an_order_of_two_verbs_is_one_order() -> None:
    for text in (
        "Hi, we need your firm to run our payroll platform. Kindly assess, plan and select the "
        "tooling yourselves.",
        "We would like you to take over the service desk. Please review and pick the monitoring "
        "tools.",
    ):
        assert owners(text).get("decision_owner") == "provider", text
    # the writer's own plan, not an order: "we will review and pick"
    assert owners("We would like your help. We will review and pick the tools ourselves.").get(
        "decision_owner") == "client"


def test_a_client_that_does_not_wish_to_choose_leaves_it_to_the_provider() -> None:
    text = "We want your team to run the archive. We do not wish to choose the storage technology."
    assert owners(text).get("decision_owner") == "provider"
    assert model_of("Dear all, after our call: we don't wish to define the architecture, and you "
                  "will be responsible for the recovery targets.") == "managed_services"


# --- contract language: "the Contractor" is a party, not hired hands; a right to decide --------


def test_the_contractor_of_a_clause_is_no_staffing_hint() -> None:
    text = ("The Council will buy a managed desktop service. The Contractor shall be responsible "
            "for the selection of tools and shall be held accountable for the service levels.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}
    assert model_of(text) == "managed_services"
    # hired individuals still hint at staff augmentation
    assert owners("They need three contractors for their data team; their lead decides the "
                   "approach.")["decision_owner"] == "client"


def test_responsibility_for_a_choice_is_the_choice() -> None:
    assert owners("The supplier will be responsible for choosing the monitoring tools.") == {
        "decision_owner": "provider"}
    assert owners("Their architects stay responsible for the design of the solution.").get(
        "decision_owner") == "client"
    # responsibility for delivery is accountability, not a choice
    assert "decision_owner" not in owners(
        "The Contractor shall be responsible for the delivery of the service.")


def test_a_right_to_decide_that_a_party_keeps_is_its_decision() -> None:
    assert owners("The Authority retains the right to direct all technical decisions.") == {
        "decision_owner": "client"}
    assert owners("The buyer reserves the right to select the hosting platform.") == {
        "decision_owner": "client"}


def test_the_agency_beside_the_supplier_is_the_buyer() -> None:
    text = ("The Contractor will choose the hosting and tools. The Agency keeps full "
            "accountability for the outcomes and pays a day rate.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}
    assert model_of(text) == "mismatch"
    text = "The Agency is solely responsible for the results; the Supplier decides the architecture."
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}
    # no contract party beside it: a staffing agency is still the provider
    assert owners("The agency we hired picks the tools and the agency answers for uptime.") == {
        "accountability": "provider"}


# --- a colon that spells out what a party is asked to do ---------------------------------------


def test_a_colon_list_after_party_to_verb_is_that_partys_doing() -> None:
    # read as the client's (or not at all) before: "they would like" stood for the doer
    text = ("Partner intro: a retailer needs its booking app rebuilt. They would like the provider "
            "to lead it: pick the architecture, the tools and the way of working. Their COO "
            "stays accountable for the launch; it is a day-rate deal with no service levels.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}
    assert model_of(text) == "mismatch"
    assert owners("The brewery would like the vendor to drive it: choose the stack and the "
                   "release plan.") == {"decision_owner": "provider"}
    assert owners("They want their own architects to steer it: define the architecture and "
                   "approve every tool.") == {"decision_owner": "client"}
    assert owners("The plan is for us to lead it: pick the stack and set the priorities.") == {
        "decision_owner": "provider"}


def test_a_colon_after_the_writers_own_wish_is_no_order() -> None:
    assert "decision_owner" not in owners(
        "We told them we would like to help: choose the tools with them.")
    # a heading with no "<party> to <verb>" before its colon gives no reading either
    assert "decision_owner" not in owners("Next steps for the provider: choose the tools.")


# --- a plain-text table: "<topic> | <party>" rows, and no reading across a row's end -----------


def test_a_plain_text_table_reads_row_by_row() -> None:
    text = ("PAYMENTS GATEWAY - WHO DOES WHAT\n"
            "Item                    | Side\n"
            "------------------------+---------\n"
            "Technical decisions     | Vendor\n"
            "Liability for outcomes  | Customer (bank)\n"
            "Service credits         | none, day rate\n")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}
    assert model_of(text) == "mismatch"
    text = ("| Topic | Who |\n|---|---|\n| Design decisions | Client |\n"
            "| Responsible for uptime | Provider |\n")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}


def test_a_party_ending_a_row_does_not_run_into_the_next_row() -> None:
    # "Provider" ends one row and "Accountable" opens the next: no sentence "Provider accountable"
    text = "Hosting choices | Provider\nAccountable | see the SOW\n"
    assert "accountability" not in owners(text)
    # prose wrapped across lines still reads
    assert owners("The supplier shall be\naccountable for the uptime.") == {
        "accountability": "provider"}


def test_a_tab_separated_table_and_a_one_word_heading() -> None:
    # "Responsibilities" alone on its line is a heading, not a company that "designs decisions"
    text = "Responsibilities\nDesign decisions\tVendor\nOutcome accountability\tCustomer\n"
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}
    assert "decision_owner" not in owners("Summary\nDecides the stack later, after the workshop.")


# --- a question after a condition: the condition is read, the question is not ------------------


def test_a_question_after_its_condition_gives_no_reading_of_its_own() -> None:
    # "they" here is the supplier of the condition, not the client: the question asks, it
    # states nothing about who carries the SLA
    text = "If the supplier picked the tools, would they also carry the SLA? Just asking."
    assert owners(text) == {"decision_owner": "provider"}
    assert owners("When their architects set the design, do we still own the uptime?") == {
        "decision_owner": "client"}
    # a statement after its condition still reads
    assert owners("If we run it end to end, we own the SLA and they pay per ticket.") == {
        "decision_owner": "provider", "accountability": "provider"}


# --- another time: the writer's earlier client is context ---------------------------------------


def test_the_writers_earlier_client_is_context() -> None:
    text = ("Our last client kept every decision in house. Here, the retailer wants us to decide "
            "the stack and answer for the conversion targets.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}
    assert model_of(text) == "managed_services"
    text = ("A previous customer of ours owned the roadmap themselves; this one wants us to own "
            "it and carry the SLA.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}
    # the client of this deal is no aside
    assert owners("The client kept every decision in house, and we own the uptime.") == {
        "decision_owner": "client", "accountability": "provider"}
