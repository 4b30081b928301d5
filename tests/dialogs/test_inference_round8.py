"""Round 8 of issue 13's accuracy work: general reading mechanics, each shown by a phrase that
must read and a near miss that must not (the rule-level examples live beside the rules in
``dialogs/rules/<factor>.toml``; these cover what the code decides: perspective, voice, the
imperative and what a pronoun refers back to)."""

from __future__ import annotations

from dialogs.inference import infer
from dialogs.inference_rules import perspective


def _owners(text: str) -> dict[str, str]:
    got = infer(text)
    return {f: got[f].value for f in ("decision_owner", "accountability") if f in got}


# --- perspective: a third party that wants a vendor is reported, not the writer ----------------


def test_a_third_party_wanting_a_supplier_is_the_reps_report() -> None:
    text = (
        "They have a mobile lead who picks the libraries. The bank's risk team, separately, "
        "wants a supplier who is contractually responsible for availability. So we'd be "
        "liable."
    )
    assert perspective(text) == "provider"
    assert _owners(text)["accountability"] == "provider"


def test_a_writer_who_wants_a_vendor_is_still_the_client() -> None:
    text = "We want a vendor who owns the uptime; our team keeps the roadmap."
    assert perspective(text) == "client"
    assert _owners(text) == {"accountability": "provider", "decision_owner": "client"}
