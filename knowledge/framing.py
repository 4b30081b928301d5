"""How a question is put, read before the gate (round 9): sentence shapes, not new vocabulary.

Rounds 1-8 let the gate refuse clearly on-topic questions whose *framing* looked like small
talk: how the asker wants the answer ("in one breath", "in plain sales language"), a sales
word that is also a product term ("a managed service account" is both a Windows identity and
a client account of ours), an analogy to an everyday trade ("is managed services like hiring a
caterer instead of extra cooks for your kitchen?"), and the everyday channels of running an
engagement ("who gets phoned first at 3am on a managed service"). Each is read here from the
shape of the sentence around the words (with small closed classes: style words, subjects,
determiners), so a new caterer, a new style phrase or a new operations channel needs no entry.

* :func:`restyle`: an answer-style phrase, "in" + up to three style words + a unit of speech
  (``STYLE``), is a request for the short, plain version: it becomes "in a nutshell", which
  the synonym table reads as a definition request, and its words stop counting as content.
  ``CALLS``: "make all the design calls" decides, as "make the calls" does.
* :func:`resolve_account`: "on a managed (service) account" (``AMBIGUOUS``) is read as our
  model when the rest of the query carries engagement evidence (a domain word, an engagement
  meeting, the other side of an engagement) and nothing of the product sense (no other-sense
  phrase, no everyday word, no technology name). "What is a managed service account in
  active directory" keeps the product sense.
* :func:`comparison_at`: the query compares a named model to something else ("is ... like",
  "instead of", "rather than", "versus", "think of it as", "analogy") and every everyday word
  it uses comes after the comparison word, i.e. is the thing compared to. "Is the managed
  services team lunch like last year's" has its everyday word first: not an analogy.
* :func:`channels_are_verbs`: the everyday means by which an engagement is run (a phone, a
  call), used as verbs ("who gets phoned first"), are not small talk when the query names a
  model and asks about its operations (an incident, on-call, escalation, an SLA, a governance
  meeting): ``index.Relevance.operations``. "Our managed services escalation phone number"
  asks for a thing, not who is phoned.
* ``NUMBERS``: numbers that are tracked or reported are metrics, when the query names a side
  of an engagement or a model (``index.KnowledgeBase.reframe``).
* ``WHO_CONTACTED``: "who do they phone", "who gets rung first" asks about escalation
  whatever the channel verb: a ranking nudge to the escalation topic, not a gate signal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from knowledge.synonyms import AUGMENTATION, MANAGED
from knowledge.text import stem, tokens

STYLE_WORDS: Final = (
    r"(?:plain|simple|simplest|everyday|lay|laymans|layman's|non-technical|nontechnical|"
    r"non technical|sales|business|customer|client|boardroom|executive|exec|human|normal|short|"
    r"a|one|two|three|few|single|couple|of|the|friendly|jargon-free|basic|sales-friendly)"
)
STYLE: Final = re.compile(
    rf"\bin (?:{STYLE_WORDS}[\s-]+){{1,3}}(?:language|terms|words?|english|breath|sentences?|"
    r"lines?|phrases?|tweets?|slides?|paragraphs?|bullets?|bullet points?)\b",
    re.IGNORECASE,
)
"""An answer-style phrase: "in one breath", "in plain sales language", "in two sentences",
"in boardroom terms", "in a few words"."""
RESTYLED: Final = " in a nutshell "
FILLERS: Final = frozenset({"a", "the", "of", "couple"})
"""Style words that alone make no style: "in the terms of the contract" is content."""

CALLS: Final = re.compile(
    r"\b(make|makes|making|made) (?:(?:all|the|every|most|our|their|key|big|final|hard|tough|"
    r"technical|design|architecture|architectural|product|important|day-to-day|daily)[\s-]+)"
    r"{1,3}calls\b",
    re.IGNORECASE,
)
"""Making the calls with a qualifier between ("make all the design calls", "makes the big
calls"): deciding, as "make the calls" reads in the synonym table."""

AMBIGUOUS: Final = re.compile(
    r"(?:\bon|\b(?P<aux>should|does|do|would|will|can|must|could))"
    r" (?:(?:a|an|the|our|their|this|that|each|every|one|your) )?"
    r"(?:un)?managed (?:services? )?(?:account|accounts)\b",
    re.IGNORECASE,
)
"""Sales words that are product terms too: a client account of ours, or a Windows identity.
Only in the sales idiom "on a managed (service) account" (what happens on an account): "create
a managed service account for the backup job" is the identity.
Round 10: also as the subject of a question ("what meetings should a managed account have"),
where ``aux`` keeps the auxiliary verb.
Not "managed platform": with an SLA beside it, it is a product ("the SLA for a managed platform
like heroku") as often as ours."""
OUR_SENSE: Final = " on a managed service engagement "

EVIDENCE_EXTRA: Final = frozenset(stem(w) for w in ["meeting", "meetings", "attend", "attends"])
"""Engagement evidence beyond the domain words: its meetings and who attends them."""

COMPARISON: Final = re.compile(
    r"\b(?:is|are|isnt|isn't|it's|its|bit|basically|essentially|kind of|sort of|just|more|less|"
    r"feels?|sounds?|seems?|looks?|think of (?:it|them|this|that)|a lot|much|exactly|really)"
    r"\s+like\b|\binstead of\b|\brather than\b|\bversus\b|\bcompared (?:to|with)\b"
    r"|\bsimilar to\b|\bthe same as\b|\bequivalent of\b|\bthink of (?:it|them|this|that) as\b"
    r"|\banalog(?:y|ies|ous)\b"
    r"|^\W*(?:is|are|isnt|isn't|aren't|arent)\b[^?.!]*?\b(?P<like>like)\b",
    re.IGNORECASE,
)
"""Where an analogy compares: the everyday words of an analogy come after this."""

LIKENED: Final = re.compile(
    r"^\W*(?:so\W+)?(?:is|are|isnt|isn't|aren't|arent)\s+(?:[\w'-]+\s+){1,4}?"
    r"(?:basically|essentially|just|really|simply|kind of|sort of|a form of|a type of|a kind of)"
    r"\s+(?:an?|the|like)\b",
    re.IGNORECASE,
)
"""A model said to be something else ("is a managed service basically a subscription where
someone else keeps the lights on?"): it asks what the model is, like an analogy (a ranking
nudge to the definitions; ``index.KnowledgeBase.relevance``)."""

EMBEDDED: Final = re.compile(
    r"\b(?:devs?|developers?|engineers?|testers?|people|folks|staff|contractors?)\s+"
    r"(?:embedded\s+|placed\s+|sitting\s+|working\s+)?(?:in|inside|within|into|on)\s+"
    r"(?:their|her|his|the client's|the clients|the customer's|its)\s+(?:[\w'-]+\s+)?"
    r"(?:team|teams|squad|squads|crew|sprints?|department)\b",
    re.IGNORECASE,
)
"""Our people placed inside the client's team ("two of our devs inside their product squad"):
staff augmentation described without its name. Beside managed services or an SLA it
describes a hybrid (``index.KnowledgeBase.relevance``: a ranking nudge to mixing_models)."""

TWO_KINDS: Final = re.compile(
    r"\b(?:the\s+)?(?:two|2|both)\s+(?:(?:main|different|basic)\s+)?"
    r"(?:kinds?|types?|sorts?|flavou?rs?|lines?|shapes?)\s+of\s+"
    r"(?:(?:thing|things|service|services|offering|offerings|deal|deals|engagement|engagements|"
    r"work|contract|contracts)\s+)?(?:that\s+)?(?:we|our company|the company)\s+"
    r"(?:sell|sells|offer|offers|do|provide|run)\b",
    re.IGNORECASE,
)
"""Both models named by what we sell (round 10): "the two kinds of thing we sell", "both
types of engagement we offer", read as "the two things we sell" (the synonym table's phrase
for both models)."""
BOTH_MODELS: Final = " the two things we sell "

WHAT_WE_SELL: Final = re.compile(
    r"^\W*(?:(?:so|ok|okay|hey|hi|like|um|quick one|sorry)\W+){0,3}"
    r"what (?:do|does) (?:we|our company|our firm|the company) (?:(?:actually|really|even|"
    r"basically)\s+)?(?:sell|offer)(?:\s+(?:to\s+)?(?:clients|customers))?\W*$",
    re.IGNORECASE,
)
"""What we sell, asked outright as the whole query (round 12): "so like, what do we actually
sell?" names both models. Not "what do we sell at the bake sale" (the question ends there, or
with "to clients"), nor a story ending "..., what do we offer?", which asks for one of them."""

TWO_WAYS: Final = re.compile(
    r"\b(?:our|the)\s+(?:two|2|both)\s+(?:(?:main|different|basic|usual)\s+)?"
    r"(?:ways?|models?|modes?|options?|offerings?|flavou?rs?|engagement\s+(?:models?|types?))\s+"
    r"of\s+(?:selling|delivering|providing|offering|supplying|engaging|working\s+with|"
    r"working(?=\s+(?:to|for)\b))\b"
    r"(?=\s*(?:[.,;:?!]|$|(?:to|with|for|engineering|engineers?|devs?|developers?|people|talent|"
    r"help|services?|capacity|expertise|work|it|teams?|clients?|customers?)\b))"
    r"|\b(?:the\s+)?(?:two|2|both)\s+(?:(?:main|different|basic|usual)\s+)?"
    r"(?:ways?|models?|modes?|offerings?|engagement\s+(?:models?|types?))\s+(?:that\s+)?"
    r"(?:we|our company|the company)\s+(?:sell|sells|offer|offers|provide|deliver|engage|"
    r"work\s+with\s+clients)\b"
    r"|\bour\s+(?:two|2|both)\s+(?:engagement\s+(?:models?|types?)|offerings|service\s+lines)\b"
    r"|\bour\s+(?:two|2|both)\s+(?:(?:main|different|basic|usual)\s+)?(?:kinds?|types?|sorts?|"
    r"flavou?rs?)\s+of\s+(?:deals?|engagements?|contracts?|offerings?)\b"
    r"(?=\s*(?:[.,;:?!]|$|(?:to|with|for|we|and|that|in\s+(?:a|one|two|three|five|ten|\d+))\b))"
    r"|\bour\s+engagement\s+(?:models|options|types|setups?|set-ups?|approach(?:es)?|offerings)\b",
    re.IGNORECASE,
)
"""Both models named by how we sell or engage (round 12): "our two ways of selling engineering
help", "the two models we offer", "our two engagement models", "our two kinds of deal", "our
engagement setup", read as ``BOTH_MODELS``. What
is sold, when said, is engineering help, people or services: "the two ways of selling a house"
and "our two ways of selling tickets" are not ours."""

_PEOPLE: Final = (
    r"(?:people|ppl|folks|engineers?|devs?|developers?|testers?|consultants?|contractors?|staff|"
    r"guys|specialists?|team\s+members?|resources)"
)
_PLACE_VERB: Final = (
    r"(?:plac(?:e|es|ed|ing)|put(?:s|ting)?|drop(?:s|ped|ping)?|send(?:s|ing)?|sent|"
    r"embed(?:s|ded|ding)?|second(?:s|ed|ing)?|plant(?:s|ed|ing)?|slot(?:s|ted|ting)?|"
    r"plug(?:s|ged|ging)?|park(?:s|ed|ing)?|parachut(?:e|es|ed|ing)|station(?:s|ed|ing)?|"
    r"loan(?:s|ed|ing)?)"
)
_PLACED_AT: Final = (
    r"(?:at|with|in|into|inside|onto|on|alongside|within|to)\s+"
    r"(?:(?:the|a|an|their|that|this|each|every|one|some|our)\s+)?(?:[\w-]+\s+)?"
    r"(?:(?:client|customer|prospect)[\w'\u2019]*|(?:startup|scale-?up|bank|insurer|retailer|"
    r"enterprise)s?\b|(?<=their\s)(?:[\w-]+\s+)?"
    r"(?:team|teams|squad|squads|crew|sprints?|department|org|standups?)"
    r"|(?<=their\s)(?:team|teams|squad|squads|crew|sprints?|department|org|standups?))\b"
)
PLACED: Final = re.compile(
    rf"\b(?:we|us)(?:['\u2019](?:ll|d|ve|re))?\s+(?:[\w'-]+\s+){{0,2}}?{_PLACE_VERB}\s+"
    rf"(?:(?:our|some|a|few|couple|of|two|three|four|five|six|\d+|more|extra|the|new)\s+){{0,3}}"
    rf"{_PEOPLE}\s+{_PLACED_AT}"
    rf"|\b{_PEOPLE}\s+(?:(?:that|who)\s+)?(?:we|we['\u2019](?:ve|d|ll))\s+"
    rf"(?:(?:have|had|will|would|usually|normally|typically|often)\s+)?{_PLACE_VERB}\s+{_PLACED_AT}"
    rf"|\bour\s+(?:[\w-]+\s+)?{_PEOPLE}\s+(?:(?:who|that|we)\s+)?(?:(?:are|is|were|get|got)\s+)?"
    rf"(?:placed|dropped|embedded|seconded|sitting|sat|stationed|planted|parked|parachuted)\s+"
    rf"{_PLACED_AT}"
    r"|\b(?:send|lend|loan|rent|supply|give)\s+(?:us|them)\s+"
    r"(?:(?:a|few|couple|of|some|two|three|four|five|six|\d+|more|extra|your|our|best|top|"
    r"senior|good|strongest)\s+){0,3}(?:bodies|engineers|devs|developers|testers|guys)\b",
    re.IGNORECASE,
)
"""The shape of an engagement (round 12): our people placed at, dropped into or sitting with a
client's team ("before we drop engineers into their team", "do ppl we place at a client need
access to their repos", "our devs seconded to the customer", "we're sending two devs to a
startup"), or asked for that way ("can't you just send us a few bodies"; engineers or bodies, not
"people": "send us a few people to help with the fete" is not one). Read as staff augmentation
(``PLACED_READ`` after the phrase) when the query names no model: the engagement described by
what happens. "We put a lot of effort into their team" names no people and is not one."""
PLACED_READ: Final = " as augmented engineers "

ABBREVIATED: Final = re.compile(
    r"\b(?:ms|msp)\s*(?:or|vs\.?|versus|v|and|/|&)\s*(?:sa|staff aug)\b"
    r"|\bsa\s*(?:or|vs\.?|versus|v|and|/|&)\s*(?:ms|msp|managed)\b",
    re.IGNORECASE,
)
"""The two models by their initials, side by side ("land on MS or SA", "SA vs MS"): alone,
"MS" is a software company and "SA" anything; paired with each other they are our models."""
ABBREVIATION_READ: Final = " managed services or staff augmentation "

HANDED_OVER: Final = re.compile(
    r"\b(?:hand(?:ing|ed|s)?|pass(?:es|ed|ing)?|giv(?:e|es|ing)|gave|turn(?:s|ed|ing)?|"
    r"farm(?:s|ed|ing)?|offload(?:s|ed|ing)?)\s+"
    r"(?:(?:(?:the|our|their|its|all|of|this|that|whole|entire|day-to-day|daily|it|them|a|an|"
    r"big|large|complete|(?:chunk|piece|part|slice|bit|block)s?\s+of)\s+)*"
    r"(?:work|service|services|operations?|running|support|job|platform|it|them|workstreams?|"
    r"projects?|modules?)\s+)?"
    r"(?:over\s+|off\s+|out\s+)?to\s+(?:(?:an?|the|one|some)\s+)?"
    r"(?:(?:outside|external|third[\s-]party)\s+(?:[\w-]+\s+)?"
    r"(?:provider|vendor|supplier|partner|msp|company|firm)s?"
    r"|(?<=\s)(?:[\w-]+\s+)?(?:provider|vendor|supplier|partner|msp)s?)\b",
    re.IGNORECASE,
)
"""Handing the work to a provider ("a client where handing the work to a provider went
smoothly"): managed services described by what it is, read as its name. Round 11: the work
may go unsaid ("a good candidate to hand to an outside provider"), and passing, giving,
turning over, farming out or offloading it to a provider, or to an outside company or firm, is
the same ("hand it to a courier company" is not). Round 13: a whole chunk, piece or part of
the work, a workstream, a project or a module ("hand a whole chunk of work to a provider")."""
HANDED_READ: Final = " managed services "

MANAGED_RUN: Final = re.compile(
    r"\bmanaged\s+(?:run|runs|running)\b"
    r"(?=\s*(?:[,.;:?!]|$)|\s+(?:with|under|instead|and|or|later|next|soon|eventually|once|when|"
    r"after|from|on\s+an?\s+sla|for\s+(?:the|a|their|our)"
    r"\s+(?:client|customer)))",
    re.IGNORECASE,
)
"""A managed run (round 13): "flip it to a managed run with SLAs", "take it on as a managed run
instead of T&M" is managed services by its everyday name (``MANAGED_RUN_READ``); "a managed run
of the marathon route" is not (what follows decides)."""
MANAGED_RUN_READ: Final = "managed service"


MOVED: Final = re.compile(
    r"\b(?:turn|convert|change|flip|move|shift|migrate|switch|transition|swap)"
    r"(?:s|ed|ing|ped|ping|ted|ting)?\s+(?:[\w&'\u2019-]+\s+){1,4}?(?:over\s+)?(?:into|to)\s+"
    r"(?:(?:an?|the|our|a\s+fully)\s+)?"
    r"(?=(?:managed|unmanaged|staff\s+aug|augment|msp\b|t&m\b|time\s+and\s+materials|sla\b|"
    r"outcome[\s-]based))",
    re.IGNORECASE,
)
"""Moving an engagement from one model to the other with its object between (round 13): "turn
our T&M devs into a managed service", "flip the platform over to a managed run", "convert the
whole account to staff aug": moving between models (``MOVED_READ``, the synonym table's
"switch"). The target must be one of ours: "turn the garage into a gym" is not."""
MOVED_READ: Final = " switch "


_ADD_PEOPLE: Final = (
    r"(?:(?:just|simply|keep|keeping|continuing to|continue to)\s+)?"
    r"(?:add(?:ing)?|bring(?:ing)? in|throw(?:ing)?|bolt(?:ing)?(?: on)?|tack(?:ing)? on|"
    r"plug(?:ging)? in|stack(?:ing)?)\s+"
    r"(?:(?:more|extra|a few|some|additional|another|new|of our|our|in)\s+){0,2}"
    r"(?:people|ppl|folks|bodies|heads|headcount|engineers?|devs?|developers?|contractors?|"
    r"staff|hands)\b"
)
ADDED_PEOPLE: Final = re.compile(
    rf"\b(?P<cmp>instead of|rather than|versus|vs\.?|compared (?:to|with)|over|than|or)\s+"
    rf"{_ADD_PEOPLE}"
    rf"|(?<![\w-]){_ADD_PEOPLE}(?=(?:\s+[\w'-]+){{0,4}}?\s+(?:vs\.?|versus|or|instead of|"
    r"rather than|compared (?:to|with))\b)",
    re.IGNORECASE,
)
"""Adding people as the alternative to handing the work over (round 13): "hand a chunk of work
to a provider instead of adding people", "adding more devs vs giving them the whole module":
the comparison of the two models, the added people read as staff augmentation
(``ADDED_READ``; not as scaling: the people added are the model, not its growth). Only beside the other model (managed services named or described): "hire a
caterer instead of adding more staff to the kitchen" is not ours."""
ADDED_READ: Final = " staff augmentation "

TAKEN_OFF: Final = re.compile(
    r"\b(?:take|takes|taking|taken|took)\s+(?P<obj>(?:[\w'-]+\s+){0,4}?)off\s+"
    r"(?P<who>(?:their|the|a|its)(?:\s+(?:client|clients|customer|customers|client's|"
    r"customer's))?)\s+(?P<what>hands|plate)\b",
    re.IGNORECASE,
)
"""Taking work off the client's hands or plate (round 11): "what kind of work can we take off a
client's hands", read as taking it over for them (the synonym table's managed services), so
whose hands they are still counts; only when the query names managed services nowhere (there,
"what does managed services take off the customer's plate" asks about the load it takes)."""


def _taken_over(m: re.Match[str]) -> str:
    return f"take over {m.group('obj')}for {m.group('who')}"


_NAMED: Final = frozenset({MANAGED, AUGMENTATION, "sla"})
"""A model or a service level named: people placed beside them may be one half of a hybrid."""


def placed_reading(original: str, read: str) -> bool:
    """Whether staff augmentation in ``read`` comes only from people placed in a client's team
    (``PLACED``), not from a model the ``original`` names."""
    return PLACED_READ in read and _NAMED.isdisjoint(tokens(original))


def name_models(text: str) -> str:
    """``text`` with the models named where it describes them (round 10): both models as what
    we sell (``TWO_KINDS``) or by initials (``ABBREVIATED``), managed services as handing the
    work to a provider (``HANDED_OVER``) or taking it off the client's hands (``TAKEN_OFF``,
    round 11); and a head count that grew as scaling (``grew``). Round 12: both models as our
    ways of selling (``TWO_WAYS``), which model a deal is in practice (``IN_PRACTICE``), a
    client's leader without time to lead (``STRETCHED``), and
    staff augmentation by its shape, our people placed in a client's team (``PLACED``)."""
    text = grew(TWO_WAYS.sub(BOTH_MODELS, TWO_KINDS.sub(BOTH_MODELS, text)))
    text = WHAT_WE_SELL.sub(f"what is{BOTH_MODELS}", text)
    text = HANDED_OVER.sub(HANDED_READ, ABBREVIATED.sub(ABBREVIATION_READ, text))
    if MANAGED in tokens(text):
        text = ADDED_PEOPLE.sub(lambda m: (m.group("cmp") or "") + ADDED_READ, text)
    text = BECOME_ONE.sub(BECOME_READ, text)
    if TAKEN_OFF.search(text) and MANAGED not in tokens(text):
        text = TAKEN_OFF.sub(_taken_over, text)
    text = IN_PRACTICE.sub(PRACTICE_READ, text)
    if PRACTICE_READ not in text and ON_PAPER.search(text):
        text = text + PRACTICE_READ
    text = MANAGED_RUN.sub(MANAGED_RUN_READ, text)
    text = MOVED.sub(lambda m: m.group(0) + MOVED_READ, text)
    if MANAGED not in tokens(text):
        text = stretched(text)
    if PLACED.search(text) and _NAMED.isdisjoint(tokens(text)):
        text = PLACED.sub(lambda m: m.group(0) + PLACED_READ, text)
    return leaning_and_roles(text)


BECOME_ONE: Final = re.compile(
    r"\b(?:become|becomes|becoming|became|work as|working as|works as)"
    r"\s+an?\s+(?:[\w-]+\s+){0,3}?(?:contractor|consultant)\b",
    re.IGNORECASE,
)
"""A career question (round 11): "how do I become an independent IT contractor", "working as a
freelance data consultant", read as the synonym table's "become a contractor" (an other sense):
someone's own job, not the people of an engagement. One person ("a", "an") only: "our devs work
as contractors inside their team" stays ours."""
BECOME_READ: Final = " become a contractor "


WHICH_MODEL: Final = re.compile(
    r"\bwh?ich (?:one|model|of the two|of them)\b"
    r"|\b(?:pick|picking|choose|choosing|select|selecting) the (?:right|wrong|correct|best) model\b"
    r"|\b(?:pick|picks|picking|picked|choose|chooses|choosing|chose|select|selecting|get|getting|"
    r"choice of|which|what) (?:(?:the|an|our|their|a) )?(?:(?:right|wrong|correct|best) )?"
    r"engagement (?:model|type|shape)s?\b",
    re.IGNORECASE,
)
"""A request for a model by its place in the sentence (round 10): "they just need two more
react devs. which one", "which model a deal really is". It asks which of ours fits only
beside an engagement (``index.Relevance.asks_model``): "which one is cheaper, the iphone or
the pixel" names none. Round 12: picking the engagement model, "which engagement model"."""

PERSUADED: Final = re.compile(
    r"\b(?:convinc(?:e|es|ed|ing)|persuad(?:e|es|ed|ing)|win(?:ning)? over|won over|"
    r"(?:get|getting|got) buy-?in from|(?:sell|selling|sold|pitch|pitching|pitched|explain|"
    r"explaining)(?: (?:it|this|that|the idea|the choice))? to)\s+"
    r"(?:(?:a|an|the|our|my|their|this|that)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:cto|ctos|cio|cios|ciso|cfo|ceo|coo|vp|buyer|buyers|exec|execs|executive|executives|"
    r"decision[\s-]makers?|stakeholders?|sponsors?|procurement|board|director|directors|"
    r"head of [\w-]+)\b",
    re.IGNORECASE,
)
"""A buyer to be won over (round 12): "how do I convince a busy CTO that ...", "pitch it to
their VP": the person persuaded is the other side of an engagement
(``index.Relevance.other_side``), as "the client" is."""


IN_PRACTICE: Final = re.compile(
    r"\b(?:tell|know|work out|figure out|see|spot|judge|check|find out|determine|say|decide)\s+"
    r"(?:(?:me|us|you)\s+)?"
    r"(?:if|whether|which|what)\s+(?:model|one|kind of (?:deal|engagement)|"
    r"type of (?:deal|engagement)|sort of (?:deal|engagement))\s+"
    r"(?:we(?:['\u2019]re| are)|(?:this|the|a|our|that)\s+(?:deal|engagement|contract|account)\s+"
    r"(?:really\s+|actually\s+)?is)"
    r"(?:\s+(?:actually|really|truly|in practice|in fact))?"
    r"(?:\s+(?:running|in|on|doing|using|delivering|selling))?\b"
    r"|\b(?:what|which)\s+(?:kind|type|sort)\s+of\s+(?:deal|engagement|model)\s+"
    r"(?:this|it|that)\s+(?:really\s+|actually\s+)?is\b"
    r"|\bwhich model (?:are we|is (?:this|the|our) (?:deal|engagement|contract|account))"
    r"(?:\s+(?:actually|really|truly))?(?:\s+(?:running|in|on|doing|using))?\b"
    r"|\b(?:deal|contract|paperwork|sow|agreement)\b(?:\s+[\w'\u2019-]+){0,3}?\s+"
    r"(?:match|matches|matching|fits?|lines? up with)\s+(?:how|what)\s+"
    r"(?:we(?:['\u2019]re| are)\s+(?:actually\s+|really\s+)?(?:working|running|delivering|doing)|"
    r"the work (?:gets|is) done)\b",
    re.IGNORECASE,
)
"""Which model a deal is in practice (round 12): "how can I tell which model we're actually
running", "which model is this deal really", "work out what kind of engagement this contract
is", "the deal we signed matches how we're working". The knowledge base answers that by who owns the delivery system (whose process, tools and
calls), so the question is read with it (``PRACTICE_READ``). Not "which model this is" (a
laptop, a car): the deal, the engagement or "we" must be said."""
PRACTICE_READ: Final = " which model a deal really is: who owns the delivery system "

ON_PAPER: Final = re.compile(
    r"\b(?:contract|contracts|paperwork|sow|msa|agreement|paper)\s+(?:says?|said|reads?|claims?)"
    r"\s+(?:one thing|[\w&'-]+(?:\s+[\w&'-]+)?)\W+(?:but\s+|while\s+|yet\s+)?(?:the\s+|our\s+|their\s+)?"
    r"(?:standups?|stand-ups?|day[\s-]to[\s-]day|reality|practice|daily work|delivery|team)"
    r"\s+(?:says?|say|shows?|show|looks?|look|tells?)\b"
    r"|\b(?:paperwork|contract|sow|paper)\s+and\s+(?:the\s+)?(?:day[\s-]to[\s-]day|reality|"
    r"practice|standups?|daily work)\s+(?:disagree|differ|don'?t match|do not match|clash)\b"
    r"|\bon paper\b[^.?!]{0,60}\bin (?:practice|reality)\b",
    re.IGNORECASE,
)
"""The paperwork against the practice (round 13): "contract says one thing, the standups say
another", "the paperwork and the day-to-day disagree", "on paper it's managed, in practice ...":
which model a deal is in practice (``PRACTICE_READ`` appended), as ``IN_PRACTICE`` asks."""


_LEAD_ROLE: Final = (
    r"(?:tech(?:nical)? leads?|team leads?|lead developers?|lead devs?|engineering leads?|"
    r"eng leads?|engineering managers?|eng managers?|dev managers?|ctos?|head of engineering|"
    r"vp of engineering|leadership|leaders?|managers?)"
)
STRETCHED: Final = re.compile(
    rf"\b(?P<who>{_LEAD_ROLE})\s+(?:(?:is|are|was|were|seems?|looks?|gets?|got|already|"
    r"completely|totally|really|so|way|too|very|pretty|also)\s+){0,3}"
    r"(?:swamped|stretched(?: thin)?|overloaded|overworked|maxed out|underwater|drowning|"
    r"flat out|slammed|buried|too busy|snowed under|at capacity)\b",
    re.IGNORECASE,
)
"""A client's leadership without the time to lead (round 12): "their only engineering manager
is swamped", "the CTO is stretched thin". The load is the leader's,
so it reads as having no time to lead (``STRETCHED_READ``), the question of who directs the
engineers, not the load a managed service takes off the client (so not when the query names
managed services or work taken off the client's hands: there the load is the client's)."""
STRETCHED_READ: Final = "{} has no time to lead"


def stretched(text: str) -> str:
    """``text`` with each leader without time to lead (``STRETCHED``) read so. A missing leader
    ("client has no tech lead") needs no reading: the leader word already says it."""
    return STRETCHED.sub(lambda m: STRETCHED_READ.format(m.group("who")), text)


GREW: Final = re.compile(
    r"\bfrom (?P<a>\d{1,4}) to (?P<b>\d{1,4})(?=\s+(?:[\w-]+\s+){0,2}?(?:devs?|developers?|"
    r"engineers?|people|contractors?|heads|testers?|consultants?|staff)\b)",
    re.IGNORECASE,
)
"""A team that grew, by its head count ("we went from 5 to 20 augmented devs"): read as
scaling up (round 10). From more to fewer ("from 12 to 4 engineers") is not."""


def grew(text: str) -> str:
    """``text`` with each head count that grew (``GREW``) read as "scaled up to" it."""
    def sub(m: re.Match[str]) -> str:
        return f"scaled up to {m.group('b')}" if int(m.group("b")) > int(m.group("a")) else m.group(0)

    return GREW.sub(sub, text)


CHANNEL_VERBS: Final = frozenset({"phoned", "phoning", "rung", "ringing", "called", "calling"})
CHANNEL_WORDS: Final = frozenset({"phone", "phones", "telephone", "ring", "call", "calls"})
SUBJECTS: Final = frozenset({
    "we", "they", "i", "you", "who", "to", "do", "does", "did", "will", "would", "should",
    "must", "can", "could", "gets", "get", "got", "first", "then",
})
"""What comes before a channel word used as a verb: "who do we phone", "who to ring"."""


def channels_are_verbs(raw: list[str], everyday: Callable[[str], bool]) -> bool:
    """Whether every everyday word of ``raw`` (by ``everyday``) is a channel of running an
    engagement used as a verb ("who gets phoned first", "who do we phone"), not a thing
    ("the escalation phone number")."""
    for n, w in enumerate(raw):
        if not everyday(w):
            continue
        verb = w in CHANNEL_VERBS or (w in CHANNEL_WORDS and n > 0 and raw[n - 1] in SUBJECTS)
        if not verb:
            return False
    return True


_TRACKING: Final = (
    r"(?:track|tracked|tracking|report|reported|reporting|watch|watching|measure|measuring|"
    r"monitor|monitoring|prove|show)"
)
NUMBERS: Final = re.compile(
    rf"(?<!phone )(?<!contact )(?<!account )(?<!serial )(?<!lottery )"
    rf"\b(?:numbers|figures)\b(?=(?:\W+\w+){{0,6}}?\W+{_TRACKING}\b)",
    re.IGNORECASE,
)
"""Numbers someone tracks, reports or watches ("which numbers can I track", "what numbers
should I ask the provider to report"): metrics, read as "metrics". "Crunch the numbers on
cost" is not tracked, and a phone, contact or account number is a number, not a measure. Read
so only when the query names a side of an engagement or a model (``index.KnowledgeBase.reframe``):
"what sales figures should I report to my manager" is office life."""

WHO_CONTACTED: Final = re.compile(
    r"\bwho (?:do|does|did|should|would|will|can|must|to) (?:(?:we|they|i|you|it|the client|"
    r"the customer|their (?:people|team|staff)|our (?:people|team))\s+)?"
    r"(?:phone|call|ring|page|contact|wake up|wake)\b"
    r"|\bwho (?:gets|get|is|will be|should be) (?:phoned|called|rung|paged|contacted|woken(?: up)?)\b",
    re.IGNORECASE,
)
"""Who is contacted when something breaks ("who do they phone", "who gets rung first"): an
escalation question. A ranking cue only (``index.ESCALATION``): the gate still sees the
channel word, so "who do we phone when the office lift breaks" stays small talk."""


WHO_BLAMED: Final = re.compile(
    r"\b(?:who|whose|which (?:side|party|one of us))(?:['\u2019]s)?(?:\s+[\w'\u2019-]+){0,4}?\s+"
    r"(?:blame|blamed|accountable|responsible|liable|answerable|on the hook|the can|head|heads|"
    r"answers? for|the fall|the heat|the hit)\b",
    re.IGNORECASE,
)
"""Who answers for a failure (round 12): "who takes the blame", "who carries the can", "whose
head rolls", "who's on the hook"."""
FAILED: Final = re.compile(
    r"\b(?P<when>(?:when|if|once|after)\s+(?:it|something|anything|things|stuff|that|this|"
    r"(?:the|our|their|a|an)\s+[\w-]+(?:\s+[\w-]+)?))\s+(?:breaks|broke|fails|failed|blows up|blew up|crashes|"
    r"crashed|goes south|went south|goes sideways|went sideways|falls apart|fell apart)\b",
    re.IGNORECASE,
)
"""A failure in a question of who answers for it ("who takes the blame when it breaks"): the
consequence someone carries, read as "goes wrong" (the risk; ``blamed``): "if the project
fails" is "if the project goes wrong". Outages
("goes down", "falls over") keep their reading: the service levels answer those."""


def blamed(text: str) -> str:
    """``text`` with each failure (``FAILED``) read as "when it goes wrong" when the text asks
    who answers for it (``WHO_BLAMED``): who carries the risk, not why engagements fail."""
    if not WHO_BLAMED.search(text):
        return text
    return FAILED.sub(lambda m: f"{m.group('when')} goes wrong", text)


REDUCED: Final = re.compile(
    r"\b(?:boil(?:s|ed|ing)?|narrow(?:s|ed|ing)?|distill?(?:s|ed|ing)?)"
    r"(?P<obj>(?:\s+[\w'-]+){0,5}?)\s+down\b(?:\s+(?:to|into)\b)?"
    r"|\b(?:boil(?:s|ed|ing)?|distill?(?:s|ed|ing)?)\b(?P<obj2>(?:\s+[\w'-]+){0,5}?)\s+(?:to|into)\b"
    r"|\bsum(?:s|med|ming)?(?P<obj3>(?:\s+[\w'-]+){0,5}?)\s+up\b"
    r"|\b(?:come|comes|came|coming) down to\b",
    re.IGNORECASE,
)
"""A request to reduce a matter to its core (round 11): "boil the whole choice down to",
"distil it into", "narrow it down to", "sum the two up", "what does it come down to". Read
as "summarise" plus what is reduced, so the summary is asked for whatever is said around it."""
SUMMED: Final = "summarise"


def restyle(text: str) -> str:
    """``text`` with each answer-style phrase (``STYLE``) read as "in a nutshell", each
    request to reduce a matter to its core (``REDUCED``) as "summarise" it, and each
    qualified "make ... calls" (``CALLS``) as "make the calls"."""
    def style(m: re.Match[str]) -> str:
        said = set(re.split(r"[\s-]+", m.group(0).lower())[1:-1])
        return m.group(0) if said <= FILLERS else RESTYLED

    def reduced(m: re.Match[str]) -> str:
        obj = m.group("obj") or m.group("obj2") or m.group("obj3") or ""
        return f"{SUMMED}{obj} as"

    text = blamed(REDUCED.sub(reduced, STYLE.sub(style, text)))
    return CALLS.sub(r"\1 the calls", text)


def resolve_account(text: str, ours: bool, ends: Callable[[str], bool]) -> str:
    """``text`` with each ``AMBIGUOUS`` phrase that ends its noun phrase (``ends`` of the next
    word: "a managed account, and", not "the managed account manager") read in our sense when
    ``ours`` (the caller has checked the rest of the query for engagement evidence)."""
    if not ours:
        return text

    def sub(m: re.Match[str]) -> str:
        nxt = re.match(r"\s*([A-Za-z]+)", text[m.end():])
        if nxt is not None and not ends(nxt.group(1).lower()):
            return m.group(0)
        return f" {m.group('aux')}{OUR_SENSE}" if m.group("aux") else OUR_SENSE

    return AMBIGUOUS.sub(sub, text)


def without_ambiguous(text: str) -> str:
    """``text`` with the ``AMBIGUOUS`` phrases taken out: the rest, to look for evidence in."""
    return AMBIGUOUS.sub(" ", text)


def comparison_at(text: str) -> int | None:
    """Character offset of the first comparison word (``COMPARISON``), or ``None``."""
    m = COMPARISON.search(text)
    if m is None:
        return None
    return m.start("like") if m.group("like") else m.start()


PREFERRED: Final = re.compile(
    r"\b(?:instead of|rather than|in place of|better than)\b", re.IGNORECASE
)
"""One model put before the other (round 13): "when does it make sense to hand the work to a
provider instead of adding people" asks when the first fits, "what makes X better than Y"
what favours X (:func:`preferred`): a ranking nudge to the first model, as naming it alone is."""


def preferred(text: str) -> str | None:
    """The model named before "instead of" / "rather than" when the other one is named after
    it and not before ("add contractors instead of outsourcing": staff augmentation), else
    ``None``. The first comparison only."""
    m = PREFERRED.search(text)
    if m is None:
        return None
    before, after = set(tokens(text[: m.start()])), set(tokens(text[m.end() :]))
    for first, second in ((MANAGED, AUGMENTATION), (AUGMENTATION, MANAGED)):
        if first in before and second not in before and second in after:
            return first
    return None


_ROLES_TEXT: Final = """
    engineer engineers dev devs developer developers tester testers qa qas consultant consultants
    contractor contractors people ppl folks folk staff specialist specialists expert experts
    architect architects analyst analysts designer designers admin admins sysadmin sysadmins
    sre sres dba dbas pm pms lead leads guys guy resource resources member members body bodies
    hire hires coder coders programmer programmers scientist scientists manager managers
    team teams squad squads crew one ones them they who trainee trainees junior juniors senior
    seniors intern interns apprentice apprentices graduate graduates grad grads freelancer
    freelancers recruit recruits ba bas po pos sdet sdets ux ui
"""
_OUR_ROLES: Final = frozenset(word for word in _ROLES_TEXT.split())
"""The people of an engagement of ours (and pronouns): who we place is ours when one of these."""

WORKERS_PLACED: Final = re.compile(
    r"\b(?:the|our|those|these|some|two|three|four|five|a|an)\s+(?P<a>[a-z]+)\s+(?:(?:that|who)\s+)?"
    r"(?:we|we['\u2019](?:ve|d|ll))\s+(?:(?:usually|normally|often|have|had|will)\s+)?"
    r"(?:place|placed|supply|supplied|send|sent|provide|provided|lend|lent|loan|loaned|"
    r"hire out|hired out|second|seconded)\b"
    r"|\bwe\s+(?:place|placed|supply|supplied|send|sent|provide|provided|lend|lent|loan|loaned|"
    r"hire out|second|seconded)\s+(?:(?:the|our|some|a|an|two|three|four|five|\d+|few|couple|of)\s+)*"
    r"(?P<b>[a-z]+)\s+(?:to|with|for|at|into)\b",
    re.IGNORECASE,
)
"""Workers we place (round 13): "the interpreters we place with the client's clinic", "we supply
lifeguards to the client's pool". Who is placed decides whose trade it is (:func:`others_placed`)."""


WORK_TERMS: Final = re.compile(
    r"\b(?:pay|pays|paid|paying|wages?|salary|salaries|fees?|overtime|insurance|insured|insures?|"
    r"liab(?:le|ility)|tax|taxes|raise|tips?|tip jar|permits?|certificates?|uniforms?|"
    r"holiday pay|sick pay|travel pay|expenses)\b",
    re.IGNORECASE,
)
"""A worker's pay and employment terms (round 13): what another trade's placed workers are asked
about (:func:`others_placed`)."""


def others_placed(text: str, ours: Callable[[str], bool]) -> bool:
    """Whether ``text`` asks about the pay or terms (``WORK_TERMS``) of workers of another trade
    that we place: the placed noun is none of our roles (``_OUR_ROLES``) and not a word of ours
    (``ours``). At most ten placements are looked at."""
    if not WORK_TERMS.search(text):
        return False
    for i, m in enumerate(WORKERS_PLACED.finditer(text)):
        if i >= 10:
            break
        word = (m.group("a") or m.group("b") or "").lower()
        if word and word not in _OUR_ROLES and not ours(word):
            return True
    return False



_EXTRA_HANDS: Final = (
    r"(?:extra|more|additional|a few|a couple of|a couple|some|spare|temporary|hired)\s+"
    r"(?:[\w-]+\s+)?(?:hands|cooks|chefs|staff|workers|people|helpers|labourers|laborers|"
    r"cleaners|waiters|builders|drivers|crew|mates|friends|bodies|pairs of hands)\b"
)
_YOURSELF: Final = r"\b(?:yourself|themselves|ourselves|myself)\b"
TRADE_ANALOGY: Final = re.compile(
    r"\b(?:like|analogy|analogies|metaphor|think of it as|same as|similar to|compared? (?:it|this|"
    r"that) (?:to|with)|as if|equivalent of)\b"
    r"[^.?!]{0,90}?\b(?:vs\.?|versus|or|rather than|instead of|compared (?:to|with)|against)\s+"
    rf"[^.?!]{{0,60}}?(?:(?P<hands>{_EXTRA_HANDS})|{_YOURSELF})",
    re.IGNORECASE,
)
"""An analogy from another trade (round 14): "it's like hiring a caterer versus hiring extra
cooks for your own kitchen", "a taxi vs renting a car and driving yourself", "a removals company
versus a few mates helping you move": a whole service bought set against extra hands for one's
own work is the two models compared (``BOTH_MODELS`` appended; the everyday words are the
analogy's, ``index._analogy``). The second side must be extra hands, or doing it oneself when a
client or an engagement is said (``ENGAGED``): "like hiring a DJ versus a friend playing at
your own party" and "like taking the bus or driving yourself to work" are not."""
ENGAGED: Final = re.compile(
    r"\b(?:clients?|customers?|prospects?|we sell|our (?:two )?models?|engagements?|"
    r"which (?:one|part) is (?:us|which|ours))\b",
    re.IGNORECASE,
)

_BUYER_ROLE: Final = (
    r"(?:cto|cio|cfo|ceo|coo|ciso|vp|buyer|exec|executive|director|procurement(?: lead| manager"
    r"| officer)?|purchasing (?:lead|manager)|head of (?!an?\b|the\b|my\b|our\b)[\w-]+|"
    r"decision[\s-]maker|sponsor|stakeholder|engineering manager|product owner)"
)
ROLE_PLAY: Final = re.compile(
    r"\b(?:pretend|imagine|suppose|say|assume|role[\s-]?play(?:ing)?|act as if|act like)\b[:,]?\s+"
    r"(?:that\s+)?(?:i['\u2019]?m|i am|me as|you['\u2019]re|you are)\s+"
    r"(?:(?:the|a|an|their|your|our)\s+)?(?:(?:client|customer|prospect)['\u2019]?s\s+)?"
    rf"(?:[\w-]+\s+){{0,2}}?{_BUYER_ROLE}\b"
    r"(?!\s+(?:of|at|for|in)\s+(?:an?|the|my|our|his|her)\b)"
    r"|\byou be (?:the|a|their|our) (?:client|customer|prospect|buyer)\b",
    re.IGNORECASE,
)
"""A role-play with the buyer (round 14): "pretend I'm the client's CFO", "role-play: I'm the
client's CTO", "you be the buyer, I'll pitch". Beside the choice of an option (``OPTION``) it
is the other side asking which model (``ROLE_READ`` appended). A role of another organisation
("pretend I'm the CFO of a bakery, which option is cheaper: a loan or a lease", "the head of a
school") is not the client's."""
OPTION: Final = re.compile(
    r"\b(?:which|what|cheaper|cheapest|both|either|the two|right|best|wrong)\s+(?:\w+\s+)?"
    r"(?:options?|models?|one|choice|engagement)\b|\bwhich (?:one|option|to pick|to choose)\b",
    re.IGNORECASE,
)
ROLE_READ: Final = " the client asks which model to pick "

LEANING: Final = re.compile(
    r"\b(?:which way|what way|where)\s+(?:a|the|this|our|my|their|that|each)?\s*"
    r"(?:client|customer|prospect|buyer|account)s?\s+(?:is\s+|are\s+|really\s+)*"
    r"(?:leans?|leaning|tilts?|tilting|heads?|heading)\b"
    r"|\b(?:what|which)\s+(?:a|the|this|our|my|their)\s+(?:client|customer|prospect|buyer)s?\s+"
    r"(?:is\s+|are\s+|really\s+)*(?:leaning|leans?|tilting)\s+(?:towards?|to)\b",
    re.IGNORECASE,
)
"""Which way a client leans (round 14): "a fast sniff test to tell which way a client leans",
"how do I read which way a customer leans", "what the prospect is leaning towards": which model
fits the client (``LEANING_READ`` appended)."""
SNIFF_TEST: Final = re.compile(
    r"\b(?:sniff|smell|gut|litmus|quick)\s+(?:test|check)\b[^.?!]{0,60}?"
    r"\b(?:client|customer|prospect|buyer)s?\b"
    r"|\b(?:red flags|tells|signals|warning signs)\b[^.?!]{0,40}?\b(?:client|customer|prospect|"
    r"buyer)s?\s+(?:is\s+)?(?:really\s+)?(?:wants?|needs?|leans?|leaning|prefers?)\b",
    re.IGNORECASE,
)
"""A sniff test, red flags or tells about a client: which way it leans only beside a leaning or
the two sides of the choice (``LEANING_CUE``): "smell test for a new prospect - do they want
bodies or an outcome?". "Red flags that a customer wants a refund" and "a sniff test for whether
a customer's card is stolen" are not."""
LEANING_CUE: Final = re.compile(
    r"\b(?:lean|leans|leaning|from us|bodies|an outcome|outcomes|whole service|extra people|"
    r"more people|more devs|more engineers|hands)\b",
    re.IGNORECASE,
)
LEANING_READ: Final = " which model fits the client: internal load or flexibility "

HEADCOUNT: Final = re.compile(
    r"\b(?:more|extra|additional|add|adding|adds|added|increase(?:d)?|bump(?:ing)? up)\s+"
    r"(?:(?:the|their|our|its)\s+)?head\s?counts?\b",
    re.IGNORECASE,
)
"""More headcount asked for by a client (round 14): "the client asks for more headcount" is more
of our people in its team, staff augmentation growing (``HEADCOUNT_READ``), only when a client
is said (``ENGAGED``): "HR says there's no budget for extra headcount" is an employer's own."""
HEADCOUNT_READ: Final = " more contractors "


def leaning_and_roles(text: str) -> str:
    """``text`` with the round-14 readings appended: a trade analogy (``TRADE_ANALOGY``) as the
    two models compared, a role-play with the buyer about an option (``ROLE_PLAY``,
    ``OPTION``) as the client asking which model, a client's leaning (``LEANING``,
    ``SNIFF_TEST``) as which model fits, a client's request for more headcount
    (``HEADCOUNT``) as more contractors. A few regex searches over the (bounded) query."""
    m = TRADE_ANALOGY.search(text)
    if m and (m.group("hands") or ENGAGED.search(text)):
        text = text + BOTH_MODELS
    if ROLE_PLAY.search(text) and OPTION.search(text):
        text = text + ROLE_READ
    if HEADCOUNT.search(text) and ENGAGED.search(text):
        text = text + HEADCOUNT_READ
    if LEANING.search(text) or (SNIFF_TEST.search(text) and LEANING_CUE.search(text)):
        text = text + LEANING_READ
    return text
