"""Round 15 of issue 13's accuracy work: general reading mechanics studied on batch T, each shown
by phrasings of our own (not T's texts) that must read, and near misses that must not (rule-level
examples live beside the rules in ``dialogs/rules/<factor>.toml``; these cover what the code
decides)."""

from __future__ import annotations

from dialogs.inference import _hard_wrap
from dialogs.inference_rules import BOUNDARY
from tests.dialogs.inference_support import model_of, owners

# --- who is writing: the writer's own words, not the client's quoted ones -----------------------


def test_a_quoted_client_does_not_make_the_note_writer_the_client() -> None:
    # the quote is the client's ("you" = us); the note around it is ours ("they" = the client)
    text = ("Call with the ferry line's owner. Quoted: \"I trust you, you pick the stack and "
            "the plan; our customers are our worry.\" Our lead sets direction, they keep the "
            "risk.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}
    text = ("Notes, call with the logistics founder. Quoted: \"You're the specialists, you pick "
            "the routing architecture, our CTO agrees.\" So: our lead sets direction, they keep "
            "the risk.")
    assert model_of(text) == "mismatch"


# --- a chat pasted by the writer ("Me:"): the other speakers are the client ----------------------


def test_chat_speakers_beside_me_speak_for_the_client() -> None:
    text = ("[Teams chat: clinic group x us]\n"
            "Priya (clinic owner): honestly you decide the tools and the design, we're not "
            "technical\n"
            "Me: thanks. which service levels do you want us to commit to?\n"
            "Priya: none. if the go-live slips that's our problem with the regulator")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}
    text = ("Tom (retail COO): you lot choose the stack and the approach\n"
            "Me: fair. should we put targets in the SOW for us?\n"
            "Tom: no targets. if it goes wrong we carry the risk ourselves")
    assert model_of(text) == "mismatch"


def test_chat_speakers_who_direct_and_want_us_on_the_hook() -> None:
    text = ("[Slack, #shared-ops]\n"
            "Dana (bank, head of platform): your two engineers take their tickets from our "
            "leads, we decide the changes\n"
            "Me: understood, they want us on the hook for month-end availability?\n"
            "Dana: yes, that's on you, with credits")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}


def test_a_speaker_labelled_as_our_side_stays_ours() -> None:
    # "Sam (us)" speaks for the writer's firm: his "we" is the provider
    text = ("Sam (us): we pick the stack and we carry the uptime SLA\n"
            "Me: agreed\n"
            "Lee (retailer CTO): fine by us")
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}


# --- concrete direction of the other side's people; "direct" and non-native "take" decisions ----


def test_directing_the_other_sides_counted_or_named_people_is_deciding() -> None:
    text = ("Their head of reliability will direct our three SREs every day, yet they also want "
            "us to sign up to the 99.9% availability with credits.")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}
    text = ("The hospital's clinical systems lead would supervise the supplier's two integration "
            "engineers and set what they work on; the supplier carries the uptime SLA.")
    assert model_of(text) == "mismatch"
    text = ("Our delivery manager will run your four developers sprint by sprint. We need your "
            "company to guarantee the crash-free rate, with refunds if it drops.")
    assert owners(text).get("decision_owner") == "client"


def test_the_employer_of_a_construction_contract_is_the_client() -> None:
    text = ("The Employer's project manager will direct the sequencing and all design decisions. "
            "The Contractor is accountable for the performance criteria.")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}


def test_taking_the_decisions_is_making_them() -> None:
    text = ("Good day. Our architects will take all the technical choices, your engineers "
            "implement them. But you will be responsible for the SLA of the platform.")
    assert model_of(text) == "mismatch"
    text = ("Dear partner, our IT department takes the technology choices for this project and "
            "your developers follow; nevertheless you must be responsible for availability with "
            "penalties.")
    assert owners(text).get("decision_owner") == "client"
    # taking tasks from someone is being directed, not deciding
    assert owners("They take tasks from our leads and we carry the SLA.") == {
        "decision_owner": "provider", "accountability": "provider"}


# --- a hard-wrapped line goes on with its sentence ---------------------------------------------


def test_a_sentence_wrapped_onto_the_next_line_reads_whole() -> None:
    text = ("Steering group notes: the Head of Operations asked to keep signing off every release "
            "of the\nrostering tool and to set the priorities for the supplier's developers "
            "herself.\nThe supplier is to carry the availability target, with deductions.")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}
    text = ("Our CIO will keep approving each change to the ledger\n"
            "and will set the priorities for your team himself. You carry the SLA.")
    assert owners(text).get("decision_owner") == "client"


def test_a_new_line_that_opens_a_message_a_field_or_a_capital_is_still_a_boundary() -> None:
    def wraps(text: str) -> bool:
        return any(_hard_wrap(text, m) for m in BOUNDARY.finditer(text) if m.group() == "\n")

    assert wraps("every change to the system\nand to set the priorities")
    assert not wraps("kai: they pick the stack\nmo: we carry the risk")
    assert not wraps("we pick the stack\nnotes (raw): they carry it")
    assert not wraps("we pick the stack\nThey carry the risk")
    assert not wraps("we pick the stack.\nthey carry the risk")


# --- "X, not Y, will ...": the denied party between a subject and its verb is no subject -------


def test_a_denied_party_between_subject_and_verb_is_not_the_subject() -> None:
    assert owners("The council, not the supplier, will be accountable for the outcomes.") == {
        "accountability": "client"}
    assert owners("The supplier, not the council, will be accountable for the outcomes.") == {
        "accountability": "provider"}
    text = ("The vendor will pick the tools and, not the hospital, carry the uptime targets.")
    assert owners(text).get("accountability") != "client"


# --- another time in an opening clause: after its comma, the sentence is about this deal -------


def test_an_opening_clause_of_an_earlier_time_ends_at_its_comma() -> None:
    text = ("Since the old vendor walked away last spring, the museum wants us to pick the stack "
            "and the design; it keeps the risk itself, no SLA.")
    assert owners(text).get("decision_owner") == "provider"
    text = ("Following the end of the incumbent contract in May, the ministry wants us to set "
            "the priorities and choose the tools.")
    assert owners(text) == {"decision_owner": "provider"}


def test_a_when_clause_keeps_its_main_clause_in_that_time() -> None:
    # "the MSP" is the former one: still the other time
    assert owners("When their former MSP ran it, the MSP chose every tool.") == {}


# --- a buyer's ticket: a bare "Vendor" heading a bullet, "the mobile vendor team" ---------------


def test_a_ticket_naming_its_vendor_bare_is_the_buyers() -> None:
    text = ("TCK-88  Contract data engineers (x3) for the risk squads\n"
            "Description: Three contract data engineers placed in the squads. Pipeline design "
            "and tooling decided by our data lead, who directs them every day.\n"
            "- Vendor accountable for late-data incidents staying under 3 a month\n"
            "- Deductions apply if missed twice in a quarter")
    assert owners(text) == {"decision_owner": "client", "accountability": "provider"}


def test_the_x_vendor_team_is_the_supplier_and_owning_design_decisions_is_deciding() -> None:
    text = ("PRJ-501  Supplier work package: payments SDK\n"
            "The mobile vendor team owns the SDK architecture decisions and plans its own "
            "sprints. We don't approve their designs.\n"
            "Store ratings, outages and compliance stay our responsibility; no supplier SLA.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "client"}
    assert model_of(text) == "mismatch"


def test_a_vendor_that_says_it_is_us_stays_the_writer() -> None:
    assert owners("Vendor (us) owns the design decisions and the SLA.") == {
        "decision_owner": "provider", "accountability": "provider"}


# --- a past time said after the match, in its clause, is another time ---------------------------


def test_a_past_time_later_in_the_clause_makes_it_an_aside() -> None:
    text = ("A bit of history: the retailer tried to outsource its search platform to an agency "
            "three years ago, and the agency built it its own way. Now they want two search "
            "engineers to join their team; their head of search decides what gets built and the "
            "results are her team's responsibility.")
    assert owners(text).get("accountability") != "provider"
    assert model_of(text) == "staff_augmentation"


def test_a_past_time_in_another_clause_leaves_this_one_read() -> None:
    text = ("We run their monitoring and pick the tools, and we carry the pager; that started "
            "two years ago and still holds.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}


# --- a tender's bidders are the supplier ---------------------------------------------------------


def test_bidders_and_tenderers_are_the_supplier() -> None:
    text = ("Clarifications, ITT 14 (records hosting)\n"
            "A2. Tenderers design the hosting and choose the tooling, and remain accountable for "
            "availability against Schedule 3.")
    assert owners(text) == {"decision_owner": "provider", "accountability": "provider"}
    text = "The successful bidder selects the platform and bears the risk of missed recovery times."
    assert model_of(text) == "managed_services"


# --- "deciding what they pick up": a party opening the object of a decision is no decider -------


def test_a_party_inside_what_or_which_is_the_object_not_the_decider() -> None:
    text = ('Email from the client: "Two testers for our QA team please, working to our test '
            'plans, with our QA lead deciding what they pick up. Quality stays with us."')
    assert owners(text).get("decision_owner") != "provider"
    assert model_of(text) == "staff_augmentation"
    # "what we build" after the decider's verb: still the decider's reading
    assert owners("Their CTO picks what we build first, and we carry the SLA.") == {
        "decision_owner": "client", "accountability": "provider"}


# --- "I will ..." in a client's own words: the client speaking ----------------------------------


def test_i_in_a_clients_quoted_words_is_the_client() -> None:
    text = ('Forwarded from Dr. Lind (Head of Proteomics) to our staffing desk:\n'
            '"We need two data engineers to join my group. I will set their priorities myself '
            'and approve their designs; the results are ours and we answer to the funders for '
            'them."')
    assert owners(text) == {"decision_owner": "client", "accountability": "client"}
    text = ('Forwarded from the plant manager to our bench team:\n'
            '"Three PLC engineers for my maintenance crew please. I\'ll decide their work each '
            'morning and review their changes. Uptime is our problem, not yours."')
    assert model_of(text) == "staff_augmentation"
    assert owners(text).get("decision_owner") == "client"


def test_the_writers_own_i_gives_no_party() -> None:
    # the rep's "I": no reading from it (the rep is not the party that decides)
    text = "Call notes. I will pick the tools with their architects next week and they carry the SLA."
    assert "decision_owner" not in owners(text)
