"""Round 12 of issue 13's accuracy work: general reading mechanics studied on batch Q, each shown
by a phrase that must read and a near miss that must not (rule-level examples live beside the
rules in ``dialogs/rules/<factor>.toml``; these cover what the code decides: who the writer is
in a CRM record or beside a "they want: a provider" heading, and a public agency that is the
client rather than a vendor)."""

from __future__ import annotations

from dialogs.inference import infer
from dialogs.inference_rules import perspective
from dialogs.scoring import evaluate


def _owners(text: str) -> dict[str, str]:
    got = infer(text)
    return {f: got[f].value for f in ("decision_owner", "accountability") if f in got}


def _model(text: str) -> str:
    return evaluate({f: i.value for f, i in infer(text).items()}).model


# --- a CRM record is the seller's, whatever a pasted client quote says --------------------------


def test_crm_fields_make_the_writer_the_seller() -> None:
    text = ("Opportunity: Harbour Rail - ticketing app\n"
            "Stage: Qualify\n"
            "Notes: they want our architects to pick the stack (\"you know this better than us\").")
    assert perspective(text) == "provider"
    assert _owners(text)["decision_owner"] == "provider"


def test_one_field_label_alone_does_not_decide_the_writer() -> None:
    assert perspective("Stage: we need two devs to join our squad.") == "client"


def test_a_crm_record_with_a_split_reads_as_a_mismatch() -> None:
    text = ("Opp: Fleet telematics rebuild\n"
            "Account: Northline Buses\n"
            "Summary: the operator wants our architects to decide the design and the stack; "
            "T&M, the operator keeps full accountability for the service.")
    assert _owners(text) == {"decision_owner": "provider", "accountability": "client"}
    assert _model(text) == "mismatch"


# --- "What they want: a provider to ..." is the client's wish, reported by the seller -----------


def test_a_wish_for_a_provider_after_a_colon_is_reported_by_the_seller() -> None:
    text = ("What they want: a provider to run the platform, with our tooling and our on-call. "
            "They'd hold us to a 99.9% availability target.")
    assert perspective(text) == "provider"
    assert _owners(text)["accountability"] == "provider"


def test_the_writer_wishing_for_a_provider_is_still_the_client() -> None:
    assert perspective("We want a provider to run the platform with our tooling.") == "client"


# --- a public agency named as the client is not "an agency" hired -------------------------------


def test_the_agency_is_the_client_when_the_text_names_a_public_agency() -> None:
    text = ("Notes from the licensing agency workshop. Their delivery manager sets the "
            "priorities, and the agency remains accountable for the service.")
    assert perspective(text) == "provider"
    assert _owners(text) == {"decision_owner": "client", "accountability": "client"}


def test_a_client_writing_as_a_tax_agency_keeps_the_agency_on_its_side() -> None:
    text = ("We are the IT department of a tax agency. We would like your architects to decide "
            "the test strategy and the tools. The agency is responsible for the results.")
    assert _owners(text) == {"decision_owner": "provider", "accountability": "client"}
    assert _model(text) == "mismatch"


def test_an_agency_hired_is_still_the_provider() -> None:
    text = "We want an agency to rebuild the site; the agency is responsible for the launch date."
    assert _owners(text)["accountability"] == "provider"
