"""Round 11 of issue 13's accuracy work: general reading mechanics studied on batches N and O,
each shown by a phrase that must read and a near miss that must not (rule-level examples live
beside the rules in ``dialogs/rules/<factor>.toml``; these cover what the code decides:
self-corrections and forwarded chains, double negation, reported speech after an attribution,
a contract type that names no third party, products that are not company names)."""

from __future__ import annotations

from dialogs.inference import infer
from dialogs.inference_rules import perspective
from dialogs.scoring import evaluate


def _owners(text: str) -> dict[str, str]:
    got = infer(text)
    return {f: got[f].value for f in ("decision_owner", "accountability") if f in got}


# --- a self-correction: the later statement overrides the earlier one ---------------------------


def test_scratch_that_drops_what_came_before() -> None:
    text = ("They're happy for us to own the roadmap... actually, scratch that, the roadmap "
            "and every design call stay with their team.")
    assert _owners(text)["decision_owner"] == "client"


def test_a_correction_marker_keeps_earlier_readings_of_factors_not_read_again() -> None:
    text = ("We carry the uptime SLA. Correction: the roadmap stays with their team.")
    owners = _owners(text)
    assert owners["decision_owner"] == "client"
    assert owners["accountability"] == "provider"


def test_without_a_correction_both_statements_count() -> None:
    text = "We choose the stack. Their CTO chooses the stack."
    assert _owners(text)["decision_owner"] == "shared"


def test_a_forwarded_chain_reads_the_message_marked_latest() -> None:
    text = ("Fwd: Re: portal\n"
            "From: their digital team (March)\n"
            "> We'll keep design decisions with our digital team.\n"
            "From: their digital team (May, latest)\n"
            "> The supplier will take the technical decisions.")
    assert _owners(text)["decision_owner"] == "provider"


def test_disregard_my_earlier_note_overrides() -> None:
    text = ("Their CTO will choose the stack. Please disregard my earlier note: we will choose "
            "the stack.")
    assert _owners(text)["decision_owner"] == "provider"


# --- double negation gives no reading rather than a wrong one ----------------------------------


def test_a_double_negation_gives_no_reading() -> None:
    assert "accountability" not in infer("It's not that they won't hold us responsible.")
    assert "decision_owner" not in infer("It's not that they wouldn't let us choose the tools.")


def test_a_single_negation_still_reads_the_other_party() -> None:
    assert _owners("They won't hold us responsible.")["accountability"] == "client"
    assert _owners("They wouldn't let us choose the tools.")["decision_owner"] == "client"


# --- reported speech after an attribution --------------------------------------------------------


def test_an_attribution_followed_by_her_is_the_rep_reporting() -> None:
    text = ("Their VP product just replied: the roadmap stays with her team. She still wants "
            "us to commit to the crash-rate target.")
    assert _owners(text) == {"decision_owner": "client", "accountability": "provider"}


def test_an_attribution_in_the_first_person_is_still_the_clients_voice() -> None:
    text = "Their VP product just replied: we keep the roadmap and you commit to the uptime."
    assert _owners(text) == {"decision_owner": "client", "accountability": "provider"}


# --- a contract type names no third party --------------------------------------------------------


def test_an_msp_contract_is_no_sign_the_client_wrote() -> None:
    text = "- WMS support as an MSP contract\n- we decide staffing + tooling, they raise tickets"
    assert perspective(text) == "provider"
    assert _owners(text)["decision_owner"] == "provider"


def test_a_named_vendor_still_says_the_client_wrote() -> None:
    assert perspective("We want a vendor to run our servers; our team has no time.") == "client"


# --- a counted product is not a company ---------------------------------------------------------


def test_a_counted_product_is_not_a_party() -> None:
    text = ("We'd look after all 80 Postgres instances, with our tooling and our on-call, and "
            "answer for the RPO and RTO numbers.")
    assert _owners(text)["accountability"] == "provider"
    assert evaluate({f: i.value for f, i in infer(text).items()}).model == "managed_services"
