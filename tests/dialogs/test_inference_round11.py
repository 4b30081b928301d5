"""Round 11 of issue 13's accuracy work: general reading mechanics studied on batches N and O,
each shown by a phrase that must read and a near miss that must not (rule-level examples live
beside the rules in ``dialogs/rules/<factor>.toml``; these cover what the code decides:
self-corrections and forwarded chains, double negation, reported speech after an attribution,
a contract type that names no third party, products that are not company names)."""

from __future__ import annotations

from dialogs.inference import infer
from dialogs.inference_rules import perspective
from dialogs.scoring import evaluate
from tests.dialogs.inference_support import owners

# --- a self-correction: the later statement overrides the earlier one ---------------------------


def test_scratch_that_drops_what_came_before() -> None:
    text = ("They're happy for us to own the roadmap... actually, scratch that, the roadmap "
            "and every design call stay with their team.")
    assert owners(text)["decision_owner"] == "client"


def test_a_correction_marker_keeps_earlier_readings_of_factors_not_read_again() -> None:
    text = ("We carry the uptime SLA. Correction: the roadmap stays with their team.")
    got = owners(text)
    assert got["decision_owner"] == "client"
    assert got["accountability"] == "provider"


def test_without_a_correction_both_statements_count() -> None:
    text = "We choose the stack. Their CTO chooses the stack."
    assert owners(text)["decision_owner"] == "shared"


def test_a_forwarded_chain_reads_the_message_marked_latest() -> None:
    text = ("Fwd: Re: portal\n"
            "From: their digital team (March)\n"
            "> We'll keep design decisions with our digital team.\n"
            "From: their digital team (May, latest)\n"
            "> The supplier will take the technical decisions.")
    assert owners(text)["decision_owner"] == "provider"


def test_disregard_my_earlier_note_overrides() -> None:
    text = ("Their CTO will choose the stack. Please disregard my earlier note: we will choose "
            "the stack.")
    assert owners(text)["decision_owner"] == "provider"


# --- double negation gives no reading rather than a wrong one ----------------------------------


def test_a_double_negation_gives_no_reading() -> None:
    assert "accountability" not in infer("It's not that they won't hold us responsible.")
    assert "decision_owner" not in infer("It's not that they wouldn't let us choose the tools.")


def test_a_single_negation_still_reads_the_other_party() -> None:
    assert owners("They won't hold us responsible.")["accountability"] == "client"
    assert owners("They wouldn't let us choose the tools.")["decision_owner"] == "client"


# --- reported speech after an attribution --------------------------------------------------------


def test_an_attribution_followed_by_her_is_the_rep_reporting() -> None:
    text = ("Their VP product just replied: the roadmap stays with her team. She still wants "
            "us to commit to the crash-rate target.")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}


def test_an_attribution_in_the_first_person_is_still_the_clients_voice() -> None:
    text = "Their VP product just replied: we keep the roadmap and you commit to the uptime."
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}


# --- a contract type names no third party --------------------------------------------------------


def test_an_msp_contract_is_no_sign_the_client_wrote() -> None:
    text = "- WMS support as an MSP contract\n- we decide staffing + tooling, they raise tickets"
    assert perspective(text) == "provider"
    assert owners(text)["decision_owner"] == "provider"


def test_a_named_vendor_still_says_the_client_wrote() -> None:
    assert perspective("We want a vendor to run our servers; our team has no time.") == "client"


# --- a counted product is not a company ---------------------------------------------------------


def test_a_counted_product_is_not_a_party() -> None:
    text = ("We'd look after all 80 Postgres instances, with our tooling and our on-call, and "
            "answer for the RPO and RTO numbers.")
    assert owners(text)["accountability"] == "provider"
    assert evaluate({f: i.value for f, i in infer(text).items()}).model == "managed_services"


# --- passive voice -------------------------------------------------------------------------------


def test_passive_decisions_and_accountability_name_the_party_after_by() -> None:
    text = ("How it is carried out will be decided by the provider, and the four-hour "
            "provisioning target will be answered for by the provider.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}
    text = ("Solution design will be determined by the consultancy. Responsibility for the "
            "outcome will be retained by the client.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}


def test_a_passive_without_a_decision_or_an_outcome_says_nothing() -> None:
    assert owners("The kickoff will be held by their PMO and the invoice checked by them.") == {}


# --- fragments and field dumps -------------------------------------------------------------------


def test_field_dumps_are_read() -> None:
    text = ("Opportunity: EV backend\nWho decides tech direction: Provider (their request)\n"
            "Who carries the KPIs: Client\nBilling: T&M")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}
    assert owners("Liability for downtime beyond 30 min: ours") == {"accountability": "provider"}


def test_an_empty_field_is_no_reading() -> None:
    assert owners("Who decides tech direction: unclear\nWho carries the KPIs: tbd") == {}


def test_an_explicit_field_outranks_a_contract_type_hint() -> None:
    text = "Who decides tech direction: Provider\nBilling: T&M"
    assert owners(text)["decision_owner"] == "provider"


# --- a list of verbs shares its subject ---------------------------------------------------------


def test_listed_verbs_take_the_sentences_subject() -> None:
    text = ("The supplier will run the portal as a service, take the technical decisions, and "
            "be held to the availability targets.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}


def test_a_possessive_company_is_not_the_subject_of_a_listed_verb() -> None:
    text = ("The Supplier shall select the tooling subject to the Authority's standards, and "
            "shall be liable for the service levels.")
    assert owners(text)["accountability"] == "provider"


# --- abbreviations, shorthand and removals -------------------------------------------------------


def test_without_written_w_slash_o_is_an_approval_gate() -> None:
    assert owners("we can't change config w/o their sign-off")["decision_owner"] == "client"
    assert owners("we can't change config without their sign-off")["decision_owner"] == "client"


def test_chat_u_is_the_provider_in_the_clients_words() -> None:
    assert owners('studio: "u decide the backend, we carry the launch"') == {
        "decision_owner": "provider", "accountability": "client"}


def test_removing_service_credits_is_no_accountability_for_the_provider() -> None:
    assert "accountability" not in infer("They're removing the service credits.")
    assert infer("They're adding service credits.")["accountability"].value == "provider"


# --- voice-note fillers --------------------------------------------------------------------------


def test_fillers_are_stripped_before_matching() -> None:
    text = "Um, we, like, carry the uptime SLA, you know, and, uh, their PO sets priorities."
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}


def test_evidence_is_still_quoted_from_the_text_as_written() -> None:
    text = "Their CTO, um, decides the stack."
    got = infer(text)["decision_owner"]
    assert got.value == "client"
    assert got.evidence in text


def test_like_as_a_verb_is_not_a_filler() -> None:
    assert owners("They'd like us to run it and we decide the stack.")["decision_owner"] == (
        "provider")


# --- mixed-language notes -------------------------------------------------------------------------


def test_mixed_language_decisions_and_accountability() -> None:
    text = "Wir entscheiden über Workflow und Tools, und wir haften für die Meldefristen."
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}
    text = ("Bank wale chahte hain ki settlement failures ki poori responsibility hamari ho, "
            "lekin architecture aur tooling ka har decision unka CTO lega.")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}
    assert owners("Le client nous laisse choisir toute la solution technique.") == {
        "decision_owner": "provider"}


def test_mixed_language_without_a_party_is_no_reading() -> None:
    assert owners("Wir wissen nicht, wer die Architektur bestimmt.") == {}


# --- a fixed list, a checkable success, no business knowledge -----------------------------------


def test_a_fixed_migration_without_ownership_statements_is_managed_services() -> None:
    text = ("Migration of 900 mailboxes to the cloud. The list is fixed, and success is simply "
            "every mailbox moved and verified by the checksum report. None of it depends on "
            "knowing how their business works.")
    got = infer(text)
    assert {f: i.value for f, i in got.items()} == {
        "scope": "bounded", "measurability": "independent", "domain_coupling": "low"}
    assert evaluate({f: i.value for f, i in got.items()}).model == "managed_services"


# --- more corrections, and email chains newest first ----------------------------------------------


def test_other_ways_of_taking_it_back() -> None:
    for text in ("We pick the stack. EDIT: their architects will pick the stack instead.",
                 "We pick the stack. Sorry, I meant their architects pick the stack.",
                 "We pick the stack - no wait, their architects pick it."):
        assert owners(text) == {"decision_owner": "client"}, text


def test_a_reply_above_the_message_it_answers_overrides_it() -> None:
    text = ("Their reply on top: we now want you to decide the stack and own the uptime.\n\n"
            "On Mon, Dana wrote:\n> We keep the stack decisions in house.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}
    text = ("From: Dana (their CTO)\n> You run it end to end and you carry the SLA.\n"
            "-----Original Message-----\nFrom: Dana\n> We keep all architecture decisions.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}


def test_a_forwarded_message_from_the_client_is_in_the_clients_voice() -> None:
    text = ("FYI below, they carry the SLA.\n---------- Forwarded message ---------\n"
            "From: Dana\nWe keep the stack decisions in house.")
    assert owners(text) == {"decision_owner": "client", "accountability": "client"}


def test_a_message_from_us_is_the_writers_voice() -> None:
    assert owners("From: me\nWe keep the SLA and they pick the stack.") == {
        "decision_owner": "client", "accountability": "provider"}


# --- more field formats and languages -------------------------------------------------------------


def test_fields_with_a_dash_or_an_equals_sign() -> None:
    assert owners("Decision owner - provider\nAccountability - client") == {
        "decision_owner": "provider", "accountability": "client"}
    assert owners("Decision authority = client; accountability = provider") == {
        "decision_owner": "client", "accountability": "provider"}


def test_a_dash_in_prose_is_no_field() -> None:
    assert "decision_owner" not in infer("Tech direction - we talked it through with them.")


def test_the_third_person_in_another_language() -> None:
    assert owners("Ellos deciden todo, pero la responsabilidad es nuestra.") == {
        "decision_owner": "client", "accountability": "provider"}


def test_bare_field_keys_count_only_where_a_field_starts() -> None:
    assert owners("Decides: their CTO | Accountable: us") == {
        "decision_owner": "client", "accountability": "provider"}
    assert owners("- decisions: them\n- accountability: us (penalties)") == {
        "decision_owner": "client", "accountability": "provider"}
    # a sentence, not a field: "we" are responsible, not "they"
    assert owners("We are responsible: they insisted on it.") == {"accountability": "provider"}


def test_the_writers_earlier_words_are_another_time() -> None:
    text = "Actually, correction - they do want us to own the outcome. Earlier I said they keep it."
    assert owners(text) == {"accountability": "provider"}
    text = "they said we'd pick the stack. turns out their cto wants to pick it himself."
    assert owners(text) == {"decision_owner": "client"}


def test_the_contractor_of_a_contract_is_the_provider() -> None:
    text = ("Architecture decisions are to be made by the Contractor; the Contractor shall be "
            "liable for missed service levels.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}


# --- probes of the styles above in other words ----------------------------------------------------


def test_a_subject_beyond_the_negation_window_is_found_in_its_clause() -> None:
    text = "We ran their SOC end to end and picked the tooling, but they kept all the accountability."
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}


def test_up_to_a_party_and_left_to_a_party() -> None:
    assert owners("Everything about how the platform is built is up to us.") == {
        "decision_owner": "provider"}
    assert owners("it's up to them how the work gets done, and it's on them if the launch slips") == {
        "decision_owner": "client", "accountability": "client"}
    assert owners("They leave all design decisions to us.") == {"decision_owner": "provider"}
    assert "decision_owner" not in infer("Whether they sign is up to them.")


def test_holding_on_and_letting_go() -> None:
    text = ("The client is adamant that they won't be taking any of the delivery risk; equally, "
            "they won't let go of the architecture.")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}


def test_whose_neck_and_who_is_penalised() -> None:
    assert owners("Their CIO told me the outcome is on us.") == {"accountability": "provider"}
    assert owners("They will penalise us if it is down.") == {"accountability": "provider"}
    assert "accountability" not in infer("The focus is on us delivering quickly.")


def test_gonna_is_an_auxiliary() -> None:
    assert owners("our CTO is gonna call all the shots on the design") == {
        "decision_owner": "client"}


def test_a_second_language_buyer_needing_people() -> None:
    text = "We are needing 2 Java developers for our team, our architect will give them the tasks."
    assert owners(text) == {"decision_owner": "client"}


def test_we_would_like_developers_is_the_client_writing() -> None:
    text = "We're short on capacity. We'd like 3 developers to work under our tech leads."
    assert perspective(text) == "client"
    assert owners(text) == {"decision_owner": "client"}


def test_our_job_to_get_it_done_and_a_checklist() -> None:
    text = ("Their procurement team will accept the deliverables against a written acceptance "
            "checklist. Beyond that they don't want to be involved, it's our job to get it done.")
    got = infer(text)
    assert got["accountability"].value == "provider"
    assert got["measurability"].value == "independent"
    assert "accountability" not in infer("It's our job to send the proposal.")


def test_second_language_direction_and_charge() -> None:
    text = ("The team of client will give the direction; the quality of delivery is under our "
            "responsability with penalties.")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}
    text = ("We propose that your company will be in charge of all technical decisions, while "
            "the results remain our responsibility.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}


def test_ratings_that_stay_her_problem_and_goals_from_their_pm() -> None:
    text = ("Their VP Eng wants to hand us the mobile app entirely - our call on stack and "
            "releases - but no penalties, and the app store ratings stay her problem.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}
    assert owners("Sprint goals come from their PM.") == {"decision_owner": "client"}


def test_which_models_ship_and_taking_design_authority() -> None:
    text = "The data science team keeps deciding which models ship and when."
    assert owners(text) == {"decision_owner": "client"}
    assert owners("We take design authority and sign up to the acceptance criteria.")[
        "decision_owner"] == "provider"
    assert "decision_owner" not in infer("We take tickets from the queue.")


def test_eating_the_cost_and_testers_as_a_role() -> None:
    text = "We get paid per milestone; milestones slip = we eat the cost."
    assert owners(text) == {"accountability": "provider"}
    assert owners("Fixed scope, our testers choose methods.") == {"decision_owner": "provider"}


def test_they_would_after_a_wanted_vendor_is_the_vendor() -> None:
    text = "They'd like a vendor for the data platform - they would set the process and own the uptime."
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}


def test_they_after_but_or_in_a_new_sentence_is_still_the_client() -> None:
    assert owners("They want a vendor, but they would keep the architecture.") == {
        "decision_owner": "client"}
    assert owners("They want a vendor; they'd keep the roadmap.") == {"decision_owner": "client"}


def test_a_party_trusting_us_to_act_is_not_the_doer() -> None:
    assert owners("They trust us to pick the stack and own the uptime.") == {
        "decision_owner": "provider", "accountability": "provider"}
    assert owners("The trust keeps every design decision.") == {"decision_owner": "client"}
