"""Round 10 of issue 13's accuracy work: general reading mechanics, each shown by a phrase that
must read and a near miss that must not (rule-level examples live beside the rules in
``dialogs/rules/<factor>.toml``; these cover what the code decides: yes/no questions, relative
clauses, whose role a possessive opens, comparisons with another deal, refusals as negation,
questions the writer confirms and a buyer's greeting)."""

from __future__ import annotations

from dialogs.inference import infer
from dialogs.inference_rules import perspective
from tests.dialogs.inference_support import owners

# --- a yes/no question opening with a bare noun is a question ---------------------------------


def test_a_question_with_a_bare_noun_subject_says_nothing() -> None:
    assert "change_rate" not in infer("Do requirements change every week?")
    assert "decision_owner" not in infer("Do architecture decisions go through their board?")
    assert "accountability" not in infer("Are outcomes their responsibility?")


def test_the_same_words_as_statements_are_read() -> None:
    assert infer("Requirements change every week.")["change_rate"].value == "fast"
    assert infer("Architecture decisions go through their board.")["decision_owner"].value == "client"


def test_an_auxiliary_opening_a_statement_without_a_question_mark_is_read() -> None:
    assert infer("Do requirements change every week: yes, constantly.")["change_rate"].value == "fast"


# --- a relative clause after the subject ------------------------------------------------------


def test_a_relative_clause_keeps_its_subject() -> None:
    assert owners("The council's IT, which decides the architecture and the tools, is new.") == {
        "decision_owner": "client"}
    assert owners("Their CTO, who chooses the stack, joins the calls.") == {"decision_owner": "client"}


def test_a_relative_clause_about_a_thing_names_no_decider() -> None:
    assert "decision_owner" not in infer("The platform, which is old, runs on premises.")


# --- a possessive with a role is a subject in a look-back --------------------------------------


def test_a_possessive_role_is_the_subject_of_a_coordinated_verb() -> None:
    text = ("We placed two devs in their data team and their product owner sets the priorities "
            "and answers for the releases.")
    assert owners(text)["accountability"] == "client"


def test_a_possessive_thing_is_not_a_subject() -> None:
    text = "We would operate their platform, choose the tooling and answer for the uptime."
    assert owners(text)["accountability"] == "provider"


# --- another deal named as a comparison --------------------------------------------------------


def test_a_comparison_with_an_old_deal_then_a_colon_describes_this_deal() -> None:
    text = ("Just like the Globex contract last year: we run the whole payments platform, pick "
            "the tools and carry the uptime SLA.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}


def test_an_old_deal_without_a_comparison_stays_an_aside() -> None:
    text = "Last year their old supplier ran it and carried the uptime SLA."
    assert "accountability" not in infer(text)


# --- a refusal negates what it refuses ---------------------------------------------------------


def test_a_refused_penalty_is_no_accountability_reading() -> None:
    got = owners("they want us to pick the stack but refuse any penalty clause; the risk stays with them")
    assert got == {"decision_owner": "provider", "accountability": "client"}


def test_penalties_that_are_not_refused_still_read() -> None:
    assert owners("SOW with penalties on us if we slip.")["accountability"] == "provider"


# --- a question the writer confirms -----------------------------------------------------------


def test_a_question_the_writer_confirms_is_read() -> None:
    text = "Should we really own the uptime SLA for the portal? That's what the contract says."
    assert owners(text)["accountability"] == "provider"


def test_an_unconfirmed_question_is_not_read() -> None:
    text = "Should we really own the uptime SLA for the portal? Let me check."
    assert "accountability" not in owners(text)


# --- a buyer's greeting in another language ----------------------------------------------------


def test_a_buyer_greeting_in_another_language_is_the_clients_voice() -> None:
    text = "Hola, we look for two Java developers; our architect defines the tasks."
    assert owners(text)["decision_owner"] == "client"


def test_a_greeting_before_a_providers_own_words_changes_nothing() -> None:
    text = "Hola team, we will run their help desk and we decide the tooling."
    assert perspective(text) == "provider"
    assert owners(text)["decision_owner"] == "provider"
