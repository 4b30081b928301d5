"""Free-text inference: an engagement description in, the factor answers it states out.

``infer(text)`` maps factor ids to ``Inferred(value, evidence)``, where ``evidence`` is the phrase
of the input that justified the answer, copied verbatim (at most ``MAX_EVIDENCE`` characters).
Factors the text does not settle are absent: the caller asks for them. A wrong inference costs
more than a missing one (the user has to notice and correct it), so the rules favour precision.

How it works (pure, deterministic, no I/O):

1. Only the first ``MAX_SCAN`` characters are read, so a pasted 40 kB document costs no more than
   a long paragraph. Work is linear in that text by construction: each rule the gate lets through
   scans it once, at most ``MAX_MATCHES_PER_RULE`` matches per rule and ``MAX_MATCHES`` in all are
   weighed, and each match reads at most ``MAX_LOOKBACK`` characters before it (its clause or
   sentence, cut there). ``knowledge.work`` counts what was done (``inference.*``).
2. **Perspective.** Descriptions come from the provider's side ("we" = provider, "they" = client)
   or from the client's side ("we need two engineers to join our squad"). A handful of cues
   decide which; provider is the default, and the only answer when the text has no "we", "us"
   or "our" to resolve. Rules that name a party ("<party> owns the backlog") resolve it through
   the perspective: "we" is the provider or the client, "they" the other one; "the client", "the
   vendor", "the CTO", "the quant team" and company names ("Acme") are fixed. Some rules take
   their party from the words before the phrase ("they want *us* to run it end to end"), a
   subject before a possessive ("*we*'d operate *their* platform, decide on upgrades"), and not
   a party that only asks for the work ("*they* want a team to own it": the doer is the
   provider); "they also want *them* to decide" is about the people sent.
3. **Rules**: compiled regexes, each with one or more effects ``(factor, answer, strength,
   answer_when_negated)``. Strength 3 is an explicit statement ("they keep every decision"), 2 a
   clear signal ("99.9% SLA"), 1 a hint ("contractors", "hand it over"): a hint decides only
   when nothing stronger is said. The rules are data, one file per factor
   (``dialogs/rules/<factor>.toml``, each rule beside its example phrases; ``dialogs.rulebook``
   reads them) in the notation of ``dialogs.inference_rules``. They run on the
   lower-cased text with company names marked (``inference_rules.mark``), and
   ``dialogs.inference_gate`` skips, per text, the rules whose first letters (or, for rules
   tried at party words, whose verb) occur nowhere in it; it never changes a result.
4. **Negation and hedges.** A match is *negated* when a negation cue ("no", "not", "n't",
   "never", "without", "lack of", "no longer", ...) sits in the same clause within a few words
   before it, inside it, or right after it ("SLA: none"). A negated match takes the rule's
   negated answer ("not stable" -> volatile) or, when it has none, is dropped ("no SLA" says
   nothing certain about measurability); a negated ownership statement goes to the other party
   ("we don't own the roadmap": the client does; "we are not accountable; they are"). A *hedged*
   match ("maybe", "might", "not sure", "unclear whether", ... anywhere earlier in its clause)
   is dropped, and so is anything in a yes/no question ("Should we guarantee the go-live?").
   Rules whose phrase already carries its negation
   ("never changes" -> slow, "don't have an engineering manager" -> weak) are not re-negated,
   and a second negation before one ("they don't lack leadership") drops it.
   Clauses end at sentence punctuation, commas, semicolons, dashes and contrast words
   ("but", "while", "although", "and"...), so "no SLA, stable APIs" negates only the SLA.
5. **Choosing per factor** (deterministic): the candidates with the highest strength win. If they
   agree, that answer; if the middle answer is among them ("shared responsibility"), the middle
   answer; if they hold both extremes ("monitoring is well defined but the rest is open-ended"),
   the middle answer too, since mixed signals are what the middle answer means. The evidence is
   the earliest winning phrase (for mixed signals, the span covering both phrases when it is short
   enough, else the earliest).
6. **Round 11 mechanics.** Voice-note fillers ("um", "uh"; "like", "you know" between commas) are
   blanked before anything is read (same length: evidence stays verbatim). Two negation cues in a
   clause up to a match ("it's not that they won't ...") drop it. A self-correction ("scratch
   that", "Correction:", "EDIT:", a chain message marked latest) makes the later readings of a
   factor replace the earlier ones; in an email chain without one, the reply above
   "-----Original Message-----" / "On ... wrote:" wins; a pasted "From: <not us>" message is the
   client's own words.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from dialogs.classifier import second_opinion
from dialogs.evidence import MAX_EVIDENCE, quote
from dialogs.factors import CONTRACT_ORDER, OWNERSHIP, get
from dialogs.inference_gate import Gate, memoised, split_for_gate
from dialogs.inference_rules import (
    BOUNDARY,
    COMPILED,
    HEDGE,
    NEGATION,
    NEGATION_EXCEPTIONS,
    NEGATION_SUFFIX,
    OTHER,
    PARTY_VALUE,
    PARTY_WORD,
    SENTENCE,
    Rule,
    Vocabulary,
    client_agency,
    mark,
    party_side,
    party_starts,
    perspective,
)
from dialogs.replies import Inferred
from dialogs.rulebook import load as load_rules
from dialogs.scoring import model_for
from knowledge.work import count

MAX_SCAN: Final = 6000
"""Characters of the input that are read; the rest is ignored."""

MAX_LOOKBACK: Final = 400
"""Characters before a match that negation, hedges, blocks and party look-back may read: its
clause or sentence, but no further back than this (the longest in the test data is 185)."""

MAX_MATCHES_PER_RULE: Final = 16
"""Matches of one rule that are weighed; later ones are ignored (the test data has at most 4)."""

MAX_MATCHES: Final = 256
"""Matches weighed per text, over all rules (the test data has at most 16)."""

HINT: Final = 1
"""The strength of a hint ("contractors", "T&M", "run it for them"): it decides an ownership
factor only beside a clear or explicit ownership statement in the same text."""

MIXED_RULE: Final = "mixed"
"""The rule id prefix of a middle answer read from two opposite statements of equal strength."""

"""Longest evidence phrase returned (a verbatim prefix of the matched phrase)."""

NEGATION_WINDOW_WORDS: Final = 6
"""How many words before a match, within its clause, a negation or hedge cue may sit."""

_WORD = COMPILED.compile(r"\S+")

_SOURCE_RULES: Final = load_rules()
"""Every rule, with mixed rules split so their party-first branches run only at party words."""

_RULES: Final = split_for_gate(_SOURCE_RULES)
"""The same, with rules split where only some branches can be gated."""

_VOCABULARY: Final = Vocabulary(_RULES, memoised("vocabulary"))
_GATE: Final = Gate(_RULES)
"""Skips the rules that cannot match a given text (``dialogs.inference_gate``)."""
"""Words the rules spell out: capitalised, they are still words, not company names."""

_WANTS_THEM: Final = COMPILED.compile(
    r"\b(?:they|the client|the customer)\b[^.;!?]*\b(?:want|wants|wanted|expect|expects|"
    r"need|needs|ask|asks|asked|require|requires|like)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
"""Before "them": "they also want *them* to decide" is about the people sent, not the client."""

_OWN_VERB: Final = COMPILED.compile(
    r"^\W*(?:(?:also|still|then|now|even|just|really)\s+)*(?:wants?|insists?|plans?|expects?|"
    r"intends?|prefers?|likes?|would like|wishes|hopes?|means?)(?:\s+(?:to|on)\b|\s*$)",
    re.IGNORECASE,
)
"""A clause opening with a verb of its own and no subject ("..., but also wants to pick the
tools"): its subject is the sentence's, not the last party named."""

_YOU_ALL: Final = COMPILED.compile(r"(?:you|u)[\s-]+(?:guys|folks|lot|all)|y['’]?all", re.IGNORECASE)
_TOLD_THEM: Final = COMPILED.compile(
    r"\b(?:i|we)\s+(?:told|tell|said to|asked|explained to|reminded|warned|promised|assured)\s+"
    r"(?:them|the client|the customer|him|her)\b",
    re.IGNORECASE,
)
"""Before "you guys" in its sentence: the writer is talking to the client, so "you" is them."""

_POSSESSIVE_WORD: Final = COMPILED.compile(r"their|thier|our|my|your|his|her|its", re.IGNORECASE)


def _possessive(word: str) -> bool:
    """Whether a party word is a possessive ("their", "the Authority's"): it names whose thing
    follows, not who does what the clause says."""
    return _POSSESSIVE_WORD.fullmatch(word) is not None or word.endswith(("'s", "’s"))

_REQUESTER: Final = COMPILED.compile(
    r"(?:['’](?:s|d|ll|re))?\s+(?:\w+\s+)?(?:want|wants|wanted|need|needs|expect|expects|ask|"
    r"asks|asked|would like|['’]d like|are looking for|is looking for|looking for|hire|hiring|"
    r"bring in|require|requires|insist on|insists on|insisting on|demand|demands|ask for|"
    r"asks for|asking for|push for|pushes for|pushing for|is pushing for|are pushing for)\b"
    r"(?!\s+(?:to|us|them|you|me)\b)",
    re.IGNORECASE,
)
"""After a looked-back party word: that party asks for the work ("they want a team to own
it"), so the doer is the rule's default party, not the asker."""


_HYPOTHETICAL: Final = COMPILED.compile(
    r"\b(?:hypothetical(?:ly)?|what if|what happens if|what would happen if|suppose|supposing|"
    r"imagine|in theory|theoretically|say we|were we to|if we were to|if they were to|"
    r"(?:would|does|is) (?:it|that|this) (?:still )?(?:be|count|make it|change)|"
    r"would (?:it|that|this) (?:still )?(?:count|be|make))\b"
    r"|\bif\b[^?]{3,400}\?",
    re.IGNORECASE,
)


def hypothetical(text: str) -> bool:
    """Whether ``text`` asks about a situation rather than describing a deal ("Hypothetically,
    if their lead sets every priority ...", "Would it still count as augmentation if we carried
    the uptime target?"): it is read for that situation, and the answer says it is hypothetical."""
    return _HYPOTHETICAL.search(text[:MAX_SCAN]) is not None


def warm() -> None:
    """Compile every rule now (a server does this at start-up, so no turn pays for it)."""
    for rule in _RULES:
        _ = rule.pattern
    COMPILED.save()


@dataclass(frozen=True, slots=True)
class _Candidate:
    value: str
    strength: int
    start: int
    end: int
    rule: str


def infer(text: str, *, classifier: bool = True) -> dict[str, Inferred]:
    """The factor answers ``text`` states, each with the phrase that justified it.

    Keys are factor ids in the contract's order; values carry an answer id and the evidence
    (a verbatim substring of ``text``). Unknown factors are absent; empty text gives ``{}``.
    Where the rules read who decides or who answers, ``dialogs.classifier`` gives a second
    opinion on the model (``classifier=False`` leaves it out: the rules alone).
    """
    scanned, found = _weighed(text)
    out: dict[str, Inferred] = {}
    for factor_id in CONTRACT_ORDER:
        cands = found.get(factor_id)
        if cands:
            out[factor_id] = _choose(factor_id, cands, scanned)
    COMPILED.save()  # the rules this text compiled, for the next process
    if classifier and any(f in out for f in OWNERSHIP):
        checked = second_opinion(text, out, model_for({f: i.value for f, i in out.items()}))
        out = {f: checked[f] for f in CONTRACT_ORDER if f in checked}
    return out


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading a rule gave, before ``infer`` chooses per factor."""

    value: str
    strength: int
    rule: str
    evidence: str


def candidates(text: str) -> dict[str, list[Candidate]]:
    """Every reading the rules gave for ``text``, per factor, in the order ``infer`` weighs
    them (it picks one per factor): which rules fire, also when a stronger one wins."""
    scanned, found = _weighed(text)
    return {f: [Candidate(c.value, c.strength, c.rule, quote(scanned, c.start, c.end))
                for c in cands] for f, cands in found.items()}


def _weighed(text: str) -> tuple[str, dict[str, list[_Candidate]]]:
    """The text read and the readings of every rule that fired, per factor."""
    count("inference.runs")
    if not text or not text.strip():
        return "", {}
    original = text[:MAX_SCAN]
    scanned = without_fillers(original)
    voices = client_voice(scanned)
    ctx = _Context(
        text=scanned,
        perspective=_writer(scanned, voices),
        clauses=[m.end() for m in BOUNDARY.finditer(scanned) if not _hard_wrap(scanned, m)],
        sentences=[m.end() for m in SENTENCE.finditer(scanned) if not _hard_wrap(scanned, m)],
        voices=voices,
    )
    marked = mark(scanned, _VOCABULARY)
    starts = party_starts(marked)
    found: dict[str, list[_Candidate]] = {}
    active = _GATE.active(marked)
    budget = MAX_MATCHES
    scanned_chars = 0
    for i, rule in enumerate(_RULES):
        if i not in active:
            continue
        scanned_chars += len(starts) if rule.party_first else len(marked)
        for n, match in enumerate(_matches(rule, marked, starts)):
            if n == MAX_MATCHES_PER_RULE or budget == 0:
                break
            budget -= 1
            _apply(rule, match, ctx, found)
        if budget == 0:
            break
    count("inference.rules", len(active))
    count("inference.scanned", scanned_chars)
    count("inference.matches", MAX_MATCHES - budget)
    count("inference.lookback", ctx.lookback[0])
    _apply_corrections(scanned, found)
    _drop_refused(found)
    if _bare_request(found) and not _THEIR_TEAM.search(scanned):
        # a bare headcount ("they need three Java devs") or a contract type ("T&M") alone says
        # nothing about who decides or answers: such hints only nudge beside other readings
        for f in OWNERSHIP:
            kept = [c for c in found.get(f, ()) if c.rule in _UNSTATED]
            if kept:
                found[f] = kept
            else:
                found.pop(f, None)
    return original, found


_FILLER: Final = COMPILED.compile(
    r"(?:,\s*)?\b(?:u+m+|u+h+m*|e+r+m+|e+h+|a+h+|h+m+|mm+)\b(?:\s*,)?"
    r"|,\s*(?:like|you know|i mean|kind of|sort of|basically|honestly)\s*,"
    r"|\b(?:you know|i mean)\s*,",
    re.IGNORECASE,
)
"""Voice-note fillers: "um", "uh", "erm" anywhere, and "like", "you know", "I mean" set off
by commas ("we, um, decide the stack, you know, and they, like, carry the SLA")."""


def without_fillers(text: str) -> str:
    """``text`` with voice-note fillers and the commas around them blanked (same length, so
    every index, and so every evidence quote, still lines up with ``text``)."""
    if not _FILLER.search(text):
        return text
    return _FILLER.sub(lambda m: " " * len(m.group(0)), text)


_CORRECTION: Final = COMPILED.compile(
    r"\b(?:scratch that|strike that|forget (?:that|what i (?:said|wrote))|no wait|"
    r"(?:scratch|ignore|disregard) (?:the|my) (?:earlier|previous|last|first) (?:line|bit|part)|"
    r"(?:sorry|oops|apologies)[,.!]? i meant|on second thought|let me correct (?:that|myself)|"
    r"edit\s*:|"
    r"(?:please )?(?:disregard|ignore) (?:my|our|the|his|her|their) (?:earlier|previous|last|"
    r"first|original) (?:\w+ )?(?:note|email|e-mail|message|mail|reply|point|version|brief)|"
    r"correction\s*[:\-–—]|(?:^|[.!?]\s+)correction,|wrong,? my (?:mistake|bad)|my mistake|i was wrong|i stand corrected|"
    r"(?:it |as it )?turns out|"
    r"(?:that|this) (?:was|is) wrong|(?:the )?(?:approach|plan|ask|brief|position) has "
    r"(?:changed|flipped|reversed)|change of plans?|u-?turn|"
    r"update\s*:|(?:\(|,\s*)(?:latest|newest|most recent)\)?\s*$)",
    re.IGNORECASE | re.MULTILINE,
)
"""Where the writer takes back what came before ("actually, scratch that", "Correction:",
"please disregard my earlier note", a forwarded chain's message marked "(latest)"): from here
on, a factor read again is read from the later words only."""


_OLDER_MESSAGE: Final = COMPILED.compile(
    r"^[\s>]*(?:-{2,}\s*(?:original message|forwarded message)\s*-{2,}|begin forwarded message|"
    r"on [^\n]{3,80}\bwrote:[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
"""Where an email chain's older messages start ("-----Original Message-----", "On Mon, Dana
wrote:"): a reply sits above what it answers."""


def _apply_corrections(text: str, found: dict[str, list[_Candidate]]) -> None:
    """Per factor, keep only the readings after the last correction that some reading of that
    factor follows: the later statement overrides the earlier one ("they're happy for us to own
    the roadmap... actually, scratch that: the roadmap stays with her team"). In an email chain
    with no such marker, the newest message (above the first older one) overrides."""
    marks = [m.end() for m in _CORRECTION.finditer(text)]
    if not marks:
        older = _OLDER_MESSAGE.search(text)
        if older is None:
            return
        # an email chain, newest first: what is said above the first older message wins
        for factor, cands in found.items():
            if any(c.end <= older.start() for c in cands):
                found[factor] = [c for c in cands if c.end <= older.start()]
        return
    for factor, cands in found.items():
        if not cands:
            continue
        # the last correction at or before the factor's latest reading (marks are in order)
        cut = bisect.bisect_right(marks, max(c.start for c in cands)) - 1
        if cut >= 0:
            found[factor] = [c for c in cands if c.start >= marks[cut]]


_THEIR_TEAM: Final = COMPILED.compile(
    r"\b(?:their|our|the client['’]s|the customer['’]s|in-?house) (?:\w+ )?(?:team|teams|org|"
    r"squad|squads|department|backlog|stand-?ups?|sprints?)\b",
    re.IGNORECASE,
)
"""Whose team the people join: "extra hands for their team" says the client directs them."""


_UNSTATED: Final = frozenset({"accountability.refused-instruments"})
"""Readings that state no owner (round 16: an SLA or penalties refused leaves the results with
the client, but says nothing of who directs): beside them a headcount or a day rate is still a
bare request, and its hints are dropped while these readings stay."""


def _drop_refused(found: dict[str, list[_Candidate]]) -> None:
    """An SLA or a penalty named inside its own refusal ("a fixed price or penalties we cannot
    accept") holds nobody to anything: the readings of the words inside a refusal's span go,
    the refusal stays (round 16)."""
    readings = found.get("accountability")
    if not readings:
        return
    refused = [c for c in readings if c.rule in _UNSTATED]
    if refused:
        found["accountability"] = [
            c for c in readings
            if c.rule in _UNSTATED or not any(r.start <= c.start and c.end <= r.end for r in refused)
        ]


def _bare_request(found: dict[str, list[_Candidate]]) -> bool:
    """Whether all the text gave is a hint that the client directs (a headcount, a day rate,
    "T&M"): no other factor, no stated ownership (readings in ``_UNSTATED`` aside)."""
    ownership = [c for f in OWNERSHIP for c in found.get(f, ()) if c.rule not in _UNSTATED]
    return (
        bool(ownership)
        and all(c.strength <= HINT and c.value == "client" for c in ownership)
        and all(f in OWNERSHIP for f in found)
    )


def _matches(rule: Rule, text: str, party_starts: list[int]) -> Iterator[re.Match[str]]:
    """``rule.pattern.finditer(text)``, tried only where a match can start."""
    if not rule.party_first:
        yield from rule.pattern.finditer(text)
        return
    end = 0
    for pos in party_starts:
        if pos < end:
            continue
        match = rule.pattern.match(text, pos)
        if match:
            end = match.end()
            yield match


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    perspective: str
    clauses: list[int]
    """Ends of clause boundaries, ascending."""
    sentences: list[int]
    """Ends of sentence boundaries, ascending."""
    lookback: list[int] = dataclasses.field(default_factory=lambda: [0])
    """Characters read before matches so far (one cell: the context is otherwise frozen)."""
    questions: dict[int, bool] = dataclasses.field(default_factory=dict)
    """Per sentence start: whether the sentence opens like a yes/no question."""
    voices: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    """Spans in the client's own words (a quoted or pasted client), ascending."""

    def voice(self, pos: int) -> str:
        """Who "we" is at ``pos``: the client inside a client's quoted words, else the
        text's perspective."""
        for start, end in self.voices:
            if start <= pos < end:
                return "client"
        return self.perspective

    def clause_start(self, pos: int) -> int:
        """Where the look-back for a match at ``pos`` starts: its clause, at most
        ``MAX_LOOKBACK`` back."""
        start = max(_start_before(self.clauses, pos), pos - MAX_LOOKBACK)
        self.lookback[0] += pos - start
        return start

    def sentence_start(self, pos: int) -> int:
        """Like :meth:`clause_start` for the sentence holding ``pos``."""
        start = max(_start_before(self.sentences, pos), pos - MAX_LOOKBACK)
        self.lookback[0] += pos - start
        return start


def _start_before(bounds: list[int], pos: int) -> int:
    """Where the clause or sentence holding ``pos`` starts, given the boundaries' ends."""
    i = bisect.bisect_right(bounds, pos)
    return bounds[i - 1] if i else 0


def _window(ctx: _Context, pos: int) -> tuple[int, str]:
    """The last few words before ``pos`` in its clause, and where that window starts."""
    text = ctx.text
    start = ctx.clause_start(pos)
    chunk = text[start:pos]
    words = list(_WORD.finditer(chunk))
    if len(words) > NEGATION_WINDOW_WORDS:
        cut = words[-NEGATION_WINDOW_WORDS].start()
        return start + cut, chunk[cut:]
    return start, chunk


def _double_negation(fragment: str) -> bool:
    """Whether ``fragment`` (a clause up to a match, and the match) holds two negation cues
    ("it's not that they won't hold us responsible", "nobody on their side isn't happy to let
    us decide"): which way it reads is too easy to get wrong, so it gives no reading."""
    cleaned = NEGATION_EXCEPTIONS.sub(lambda m: " " * len(m.group(0)), fragment)
    return len(NEGATION.findall(cleaned)) >= 2


def _negation_at(fragment: str) -> int | None:
    """Index of the first negation cue in ``fragment`` (ignoring "not only" and the like)."""
    cleaned = NEGATION_EXCEPTIONS.sub(lambda m: " " * len(m.group(0)), fragment)
    m = NEGATION.search(cleaned)
    return m.start() if m else None


def _apply(
    rule: Rule, match: re.Match[str], ctx: _Context, found: dict[str, list[_Candidate]]
) -> None:
    text = ctx.text
    start, end = match.span()
    if _crosses_table_row(text, start, end):
        return
    win_start, before = _window(ctx, start)
    if HEDGE.search(text, ctx.clause_start(start), start):
        return
    if _in_question(ctx, start):
        return
    if rule.block and rule.block.search(text, ctx.sentence_start(start), start):
        return
    if rule.antecedent and not rule.antecedent.search(text, _previous_clause(ctx, start), start):
        return
    elaborated = None
    if rule.imperative and not _addressed(ctx, start):
        elaborated = _elaborated(ctx, start)
        if elaborated is None:
            return
    negated = False
    ev_start = start
    at = _negation_at(before)
    if not rule.negatable:
        if at is not None:  # a double negation ("they don't lack leadership"): unreliable
            return
    elif at is not None:
        if _double_negation(text[ctx.clause_start(start):start] + " " + match.group(0)):
            return  # "it's not that they wouldn't let us choose": no reading, not a wrong one
        negated, ev_start = True, win_start + at
    elif (rule.inner_negation and _negation_at(match.group(0)) is not None) or (
        NEGATION_SUFFIX.match(text, end)
    ):
        negated = True
    party = elaborated or _party(rule, match, ctx, before)
    if party == "":
        return
    aside = _aside(ctx, start, end)
    for effect in rule.effects:
        value = effect.negated if negated else effect.value
        if value is None or (aside and effect.factor in OWNERSHIP):
            continue
        if value in (PARTY_VALUE, OTHER):
            if party is None:
                continue
            value = party if value == PARTY_VALUE else _OPPOSITE[party]
        found.setdefault(effect.factor, []).append(
            _Candidate(value=value, strength=effect.strength, start=ev_start, end=end,
                       rule=rule.id)
        )


def _crosses_table_row(text: str, start: int, end: int) -> bool:
    """Whether a match runs from one row of a plain-text table into the next ("... | Provider"
    then "Accountable for outcomes | Client", cells split by "|" or tabs), or from a one-word
    heading into the line under it ("Responsibilities" then "Design decisions ..."): a row or
    a heading is no sentence with the next line."""
    newline = text.find("\n", start, end)
    if newline < 0:
        return False
    line = text[text.rfind("\n", 0, start) + 1:newline]
    return "|" in line or "\t" in line or len(line.split()) == 1


def _previous_clause(ctx: _Context, pos: int) -> int:
    """Where the clause before the one holding ``pos`` starts: what an "it" or "that" at
    ``pos`` can refer back to ("... any outcome risk on our side, they keep that", "The uptime
    risk? They keep that.")."""
    own = _start_before(ctx.clauses, pos)
    return max(_start_before(ctx.clauses, own - 1) if own else 0, pos - MAX_LOOKBACK)


_IMPERATIVE_OPENING: Final = COMPILED.compile(
    r"\W*(?:(?:so|please|pls|just|then|now|and|but|also|simply|kindly|instead|rather|"
    r"therefore|hence|ok|okay|you|do not|don['’]t|dont|never)\W+)*",
    re.IGNORECASE,
)
"""What may stand before an order in its clause ("..., so choose", "please just pick", "you
decide"): nothing that could be its subject."""

_ORDER_MARKER: Final = COMPILED.compile(
    r"\b(?:so|please|pls|just|then|simply|kindly|instead|rather|therefore|hence|ok|okay|"
    r"do not|don['’]t|dont|never)\b",
    re.IGNORECASE,
)
"""A word that makes a clause after "and" or a comma an order of its own ("..., so choose")."""

_ORDER_CHAIN: Final = COMPILED.compile(
    r"(?:^|[.!?;:\n]\s*|,\s*)(?:please|pls|kindly|just)\s+\w+(?:,\s*\w+)?\s+(?:and|or)\s*$",
    re.IGNORECASE,
)
"""Before a clause: an order of one or two verbs joined to it ("please propose and own the
design", "kindly review, test and pick the tools"): the clause is the same order."""

_SENTENCE_OPENING: Final = COMPILED.compile(r"(?:^|[.!?;:\n])[\s\"'‘“(\-*•]*$")


def _addressed(ctx: _Context, pos: int) -> bool:
    """Whether an order at ``pos`` is the client's, addressed to the provider: in the client's
    words, opening its clause ("You're the experts, so choose the architecture"), and either
    opening its sentence or marked as an order ("so", "please", "just"): "we will direct your
    engineers and set all priorities" shares its subject."""
    if ctx.voice(pos) != "client":
        return False
    start = _start_before(ctx.clauses, pos)
    opening = _IMPERATIVE_OPENING.fullmatch(ctx.text, start, pos)
    if opening is None:
        return False
    if _ORDER_MARKER.search(ctx.text, start, pos):
        return True
    if _ORDER_CHAIN.search(ctx.text, max(0, start - 60), start):
        return True  # "please review and own the design": the second verb of one order
    return _SENTENCE_OPENING.search(ctx.text, max(0, start - 40), start) is not None


_TO_VERB_END: Final = COMPILED.compile(
    r"(?:\s+(?!(?:would|will|shall|like|want|wants|need|needs|are|is|am|was|were|have|has|had|"
    r"plan|plans|intend|intends|hope|hopes|try|tries|going|got|used|ought|able|agreed?)\b)"
    r"[a-z]+){0,2}\s+to\s+[a-z]+(?:\s+[\w'’-]+){0,3}\s*:\s*$",
    re.IGNORECASE,
)
"""After a party word, up to a colon: "the provider to lead it completely:", "their own
architects to steer it:", where the party is the one asked, not one that wants ("we would like
to help:")."""


def _elaborated(ctx: _Context, pos: int) -> str | None:
    """The side whose duties a colon spells out, for an order-shaped clause right after it
    ("They'd like the provider to lead it completely: choose the design, the tools and how the
    team works"): the party before "to" does what the list says; None if there is none."""
    start = _start_before(ctx.clauses, pos)
    if start == 0 or ctx.text[start - 1] != ":":
        return None
    if _IMPERATIVE_OPENING.fullmatch(ctx.text, start, pos) is None:
        return None
    head = ctx.text[ctx.sentence_start(start - 1):start]
    found = _party_words(head)
    if not found or not _TO_VERB_END.match(head, found[-1].end()):
        return None
    word = found[-1].group(0)
    side = _CONTRACT_PARTY.get(word.lower().removeprefix("the ").strip())
    return side or party_side(word, ctx.voice(pos))


def _party(rule: Rule, match: re.Match[str], ctx: _Context, before: str) -> str | None:
    """The side the rule's party names; ``""`` when the rule must not fire."""
    word = next((w for w in map(match.group, rule.party_groups) if w), None)
    if word is not None:
        at = next(match.end(g) for g in rule.party_groups if match.group(g))
        start = next(match.start(g) for g in rule.party_groups if match.group(g))
        subject = start == match.start()
        if word[:1].isupper() and _RULE_SET_AFTER.match(ctx.text, at):
            return ""  # "subject to GxP compliance, and is solely responsible": no party
        if subject and _OBJECT_CLAUSE_BEFORE.search(ctx.text, max(0, start - 20), start):
            # "with our shift leads deciding what they pick up": "they" opens the object of
            # someone else's decision, not a subject that decides
            return ""
        directed = _DIRECTED_BEFORE.search(ctx.text, max(0, start - 30), start)
        if directed:
            # "the Authority's product manager will direct the Contractor's staff ... and set the
            # priorities": the party is the one directed; the one who directs does what follows
            directors = _party_words(ctx.text[ctx.sentence_start(start):directed.start()])
            if not directors:
                return ""
            word = directors[-1].group(0)
        if subject and word.lower() in ("them", "us") and _OBJECT_AFTER.match(ctx.text, at):
            # "our QA lead will give them the test cases and decide": an indirect object,
            # not the one who decides
            return ""
        if _OBJECT_TO.search(ctx.text, at, match.end()) and rule.effects[0].value == PARTY_VALUE:
            # "They trust us to pick the stack and own the uptime": "us" does what follows
            return ""
        if _NEW_SUBJECT.search(ctx.text, at, match.end()):
            # "the client only approves the budget and we make the calls and carry the risk":
            # a later subject, not the one named first, does what the rule reads
            return ""
    if word is None and rule.party_lookback:
        found = _party_words(before)
        clause_start = ctx.clause_start(match.start())
        if found and clause_start < match.start() - len(before) and all(
                _possessive(m.group(0)) and not _ROLE_AFTER.match(before, m.end())
                and not _TEAM_AFTER.match(before, m.end()) for m in found):
            # only a possessive of a thing in the last few words ("We ran their SOC end to end
            # and picked the tooling"): the subject is earlier in the clause
            clause = ctx.text[clause_start:match.start()]
            wider = _party_words(clause)
            if any(not _possessive(m.group(0)) for m in wider):
                found, before = wider, clause
        if not found and rule.lookback_sentence:
            sentence = ctx.text[ctx.sentence_start(match.start()):match.start()]
            found = _party_words(sentence)
            if found and _OWN_VERB.search(before):
                # "their VP wants a vendor who ..., but also wants to pick the tools": the
                # clause has its own verb and no subject, so the sentence's subject is the doer
                word = found[0].group(0)
                found = []
            before = sentence
        if found:
            # a subject beats a possessive ("we'd operate *their* platform, decide ..."), and a
            # possessive with a role after it is a subject ("we joined their team and their
            # platform owner kept deciding the roadmap and answering for the upgrades")
            last = next((m for m in reversed(found) if not _possessive(m.group(0))
                         or _ROLE_AFTER.match(before, m.end())), found[-1])
            if _REQUESTER.match(before, last.end()):
                return rule.default_party  # "they want a team to run it": someone else does
            word = last.group(0)
    if word is None:
        return rule.default_party
    voice = ctx.voice(match.start())
    if word.lower() == "i" and voice != "client":
        return ""  # "I will ..." is read only in a client's own words: there "I" is the client
    side = _CONTRACT_PARTY.get(word.lower().removeprefix("the ").strip())
    if side is None and voice == "client" and word.lower() in ("the firm", "a firm"):
        side = "provider"  # a buyer's "we expect the firm to guarantee ...": the one hired
    if (side is None and word.lower().replace("’", "'").removesuffix("'s") == "the agency"
            and (client_agency(ctx.text) or _contract_agency(ctx.text))):
        side = "client"  # "the benefits agency ... the agency answers to ministers": the client
    if side is None and word.lower() == "they" and _they_the_vendor(ctx, match):
        side = "provider"  # "They'd like a vendor - they would set the process": the vendor
    if side is None:
        side = party_side(word, voice)
    if side is None:
        return ""
    if _YOU_ALL.fullmatch(word) and _TOLD_THEM.search(
        ctx.text, ctx.sentence_start(match.start()), match.start()
    ):
        return ""  # "I told them: you guys keep the architecture": here "you" is the client
    if (side == "client" and ctx.perspective == "provider" and word.lower() == "them"
            and _WANTS_THEM.search(before)):
        side = "provider"
    if rule.client_only and side != "client":
        return ""
    return side


_AGENCY_TERM: Final = COMPILED.compile(r"\b[Tt]he Agency\b")
_SUPPLIER_TERM: Final = COMPILED.compile(
    r"\b[Tt]he (?:Supplier|Contractor|Service Provider|(?i:supplier|contractor|provider|vendor))\b")


def _contract_agency(text: str) -> bool:
    """Whether a contract's defined parties are "the Agency" and "the Supplier" (or "the
    Contractor"): there the Agency is the buyer, a public agency, not a staffing agency."""
    return _AGENCY_TERM.search(text) is not None and _SUPPLIER_TERM.search(text) is not None

_OBJECT_CLAUSE_BEFORE: Final = COMPILED.compile(
    r"\b(?:what|which|whatever|whichever)\s+$", re.IGNORECASE)

_DIRECTED_BEFORE: Final = COMPILED.compile(
    r"\b(?:direct|directs|directing|supervise|supervises|supervising|instruct|instructs|"
    r"instructing|oversee|oversees|overseeing|task|tasks|tasking)\s+$",
    re.IGNORECASE,
)
"""Right before a party word: a verb that makes it the object ("will direct *the Contractor's
staff*"), so what the rule reads after it is not that party's doing."""

_OPPOSITE: Final = {"provider": "client", "client": "provider"}

_WANTED_VENDOR: Final = COMPILED.compile(
    r"\b(?:want|wants|wanted|like|need|needs|looking for|after|seeking|hire|hiring)\b[^.;!?\n]{0,40}?"
    r"\b(?:a|an) (?:\w+ )?(?:vendor|provider|partner|msp|supplier|agency|firm|integrator|"
    r"consultancy)\b",
    re.IGNORECASE,
)
_THEY_WOULD: Final = COMPILED.compile(
    r"(?:^|[-–—:;,(]\s*)they(?:['’]d|\s+(?:would|could|should))\b", re.IGNORECASE)


def _they_the_vendor(ctx: _Context, match: re.Match[str]) -> bool:
    """Whether a "they" opening a clause with "would" refers back to a vendor the sentence has
    just said the client wants ("They'd like a vendor for the platform - they would set the
    process"): the wished-for vendor, not the client."""
    start = ctx.sentence_start(match.start())
    head = ctx.text[start:match.end()]
    openings = list(_THEY_WOULD.finditer(head))
    if not openings:
        return False
    return _WANTED_VENDOR.search(head, 0, openings[-1].start()) is not None

_ROLE_AFTER: Final = COMPILED.compile(
    r"\s+(?:\w+\s+)?(?:owner|owners|lead|leads|manager|managers|mgr|director|directors|head|"
    r"cto|cio|ceo|ciso|vp|architect|architects|po|pm|pmo|board|officer)\b(?!\s*['’]s)",
    re.IGNORECASE,
)
"""After a possessive in a look-back: a role, so the possessive and its role are a subject
("their platform owner kept deciding ... and answering for the upgrades")."""

_TEAM_AFTER: Final = COMPILED.compile(
    r"\s+(?:\w+\s+)?(?:team|teams|squad|squads|department|people|engineers|side|company|firm|"
    r"org|organi[sz]ation|staff|crew|group)\b",
    re.IGNORECASE,
)
"""After a possessive: its people ("your team", "our product team"), who can do what a clause says."""

_OBJECT_AFTER: Final = COMPILED.compile(
    r"\s+(?:the|a|an|all|every|each|some|any|our|their|its|this|these|those|\d+)\b", re.IGNORECASE
)
"""After "them"/"us": a noun phrase follows an indirect object ("give them the test cases")."""

_OBJECT_TO: Final = COMPILED.compile(
    r"\b(?:trusts?|trusted|lets?|allows?|allowed|asks?|asked|expects?|expected|wants?|wanted|"
    r"needs?|needed|gets?|got|pays?|paid|hires?|hired)\s+(?:us|them|you|me)\s+to\b",
    re.IGNORECASE,
)
"""Inside a match after its party: another party made the doer ("They trust *us to* pick")."""

_NEW_SUBJECT: Final = COMPILED.compile(
    r"(?:\band|\bbut|\bwhile|,)\s+(?:we|they|you|i)\b(?!\s+(?:all|both)\b)", re.IGNORECASE
)

_BUYER_VOICE: Final = COMPILED.compile(
    r"^\W*(?:(?:hello|hi|dear|good (?:morning|afternoon)|bonjour|hola|buenos d[ií]as|hallo|"
    r"guten tag|buongiorno|ciao|namaste|ol[aá])\W+(?:\w+\W+)?)?(?:we|our (?:company|"
    r"management|team))\s+(?:are in need of|have need of|are in need|have a need of|search|are needing|"
    r"are searching|look for|would like that|want that|wish that|wish to have|are company|"
    r"are a company)\b",
    re.IGNORECASE,
)
"""An opening only a buyer writes, often in a second language ("We are in need of 3 persons",
"We have need of 2 testers"): the writer is the client, whatever the cue count says."""

_CONTRACT_WORD: Final = COMPILED.compile(
    r"\bthe (?:contractor|supplier|service provider|authority|customer|buyer|purchaser)\b",
    re.IGNORECASE,
)
_DOCUMENT_WORDS: Final = frozenset(
    ("clause", "schedule", "section", "annex", "appendix", "exhibit", "article", "lot", "part",
     "services", "service", "rfp", "itt", "sow", "msa", "tender", "contract", "agreement",
     # its defined terms ("the Service Levels in Schedule 5", "Service Credits")
     "service levels", "service level", "service credits", "service credit", "levels", "credits",
     "key performance indicators", "kpis", "slas", "sla", "deliverables", "milestones", "charges", "platform",
     "system", "programme", "program", "project")
)
"""Capitalised words of a contract's own structure ("Schedule 2", "Clause 4.2") and its defined
terms ("Service Levels", "Service Credits", "the Platform"): not parties."""


_DENIED_BEFORE: Final = COMPILED.compile(r"(?:,|\(|[-–—])\s*(?:and\s+|but\s+)?not\s+(?:the\s+|a\s+|an\s+)?$",
                                         re.IGNORECASE)
_DENIED_AFTER: Final = COMPILED.compile(r"(?:['’]s)?\s*(?:[,)]|[-–—])")


def _denied_aside(text: str, m: re.Match[str]) -> bool:
    """Whether a party word is a denied aside between a subject and its verb ("the council,
    not the supplier, will be accountable", "it (not the vendor) answers to the board"): the
    party that is not the subject, so no look-back takes it."""
    return (_DENIED_BEFORE.search(text, max(0, m.start() - 12), m.start()) is not None
            and _DENIED_AFTER.match(text, m.end()) is not None)


def _party_words(text: str) -> list[re.Match[str]]:
    """The party words in ``text`` for a look-back, in order: those ``PARTY_WORD`` finds, less a
    contract's structure words, plus its parties ("the Contractor", "the Authority")."""
    found = [m for m in PARTY_WORD.finditer(text)
             if " ".join(m.group(0).lower().split()) not in _DOCUMENT_WORDS
             and not (m.group(0)[:1].isupper() and _RULE_SET_AFTER.match(text, m.end()))
             and not _denied_aside(text, m)]
    extra = [m for m in _CONTRACT_WORD.finditer(text)
             if not any(f.start() <= m.start() < f.end() for f in found)
             and not _denied_aside(text, m)]
    return sorted([*found, *extra], key=lambda m: m.start()) if extra else found

_RULE_SET_AFTER: Final = COMPILED.compile(
    r"(?:\s+(?:[ivx]{1,4}|\d{1,4}))?\s+(?:compliance|compliant|regulations?|rules|standards?|"
    r"requirements?|guidelines?|certification|validation|obligations|framework)\b",
    re.IGNORECASE,
)
"""After a capitalised word: a regulation or standard ("subject to GxP compliance", "HIPAA
rules", "SOX controls"), so the word names a rule set, not a party."""

_CONTRACT_PARTY: Final = {
    **dict.fromkeys(("contractor", "supplier", "service provider", "provider", "vendor"),
                    "provider"),
    **dict.fromkeys(("authority", "customer", "buyer", "purchaser", "client"), "client"),
}
"""The parties of procurement and contract language ("The Contractor shall ...", "the
Authority retains ..."): capitalised, they look like company names, but their side is fixed."""

_QUESTION_START: Final = COMPILED.compile(
    r"\s*(?:[-*•>]\s*)?(?:so\s+|and\s+|but\s+)?(?:should|shall|could|can|would|will|do|does|did|is|"
    r"are|was|were|may|might|must|have|has)(?:n['’]t)?\s+(?:we|they|you|i|us|the\s+\w+|our|"
    r"their|it|this|that|there|"
    # a bare noun phrase as the subject: "Do requirements change every week?", "Do
    # architectural decisions go through their board?", "Are SLAs part of it?"
    r"(?!(?:not|so|too|very|also|always|just)\b)[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+(?=\w))\b",
    re.IGNORECASE,
)


def _in_question(ctx: _Context, pos: int) -> bool:
    """Whether ``pos`` sits in a yes/no question ("Should we guarantee the go-live?")."""
    start = _start_before(ctx.sentences, pos)
    opens = ctx.questions.get(start)
    if opens is None:  # once per sentence, however many matches it holds
        # past a chat line's "[13:31] Kofi Mensah:" the question itself starts
        head = _CHAT_PREFIX.match(ctx.text, start)
        opens = ctx.questions[start] = _QUESTION_START.match(
            ctx.text, head.end() if head else start) is not None
    i = bisect.bisect_right(ctx.sentences, pos)
    if not opens and i < len(ctx.sentences) and ctx.text[ctx.sentences[i] - 1] == "?":
        lead = _CONDITION_LEAD.match(ctx.text, start)
        if lead is not None and lead.end() <= pos and _QUESTION_START.match(ctx.text, lead.end()):
            # "If the supplier picked the tools, would they also carry the SLA?": the condition
            # is the situation asked about (read); what follows its comma is the question
            return True
    if not opens:
        # "and we own the results?" answered "no, they said they'll own it": a guess the next
        # message or sentence denies is not the deal
        return (i < len(ctx.sentences) and ctx.text[ctx.sentences[i] - 1] == "?"
                and _ANSWERED_NO.match(ctx.text, ctx.sentences[i]) is not None)
    if i < len(ctx.sentences) and ctx.text[ctx.sentences[i] - 1] == "?":
        if _ANSWERED_YES.match(ctx.text, ctx.sentences[i]):
            return False  # "Would we carry the SLA? Yes - ...": the writer answers it
        # "Would it still count as augmentation if their lead assigns the work?": the
        # condition describes the situation asked about, so it is read
        return not _CONDITION.search(ctx.text, start, pos)
    return False


_QA_HEAD: Final = (
    r"(?:q|a|question|answer|reply|response|clarification)\s*(?:\d{1,3}[a-z]?)?"
    r"(?:\s*\([^()\n]{1,40}\))?\s*[:.)]"
)
"""The head of a Q&A item in a tender portal, an FAQ or a questionnaire ("Q4 (Bidder):",
"A4:", "Question 3:", "Answer:"): who asks or answers, not part of the sentence."""
_ANSWERED_YES: Final = COMPILED.compile(
    rf"(?:\s*{_QA_HEAD})?"
    r"\s*(?:yes|yep|yeah|absolutely|exactly|correct|definitely|"
    # the writer says the question's situation is the deal's: "Can we realistically accept
    # an SLA when their CTO decides ...? That's what the draft says."
    r"(?:that['’]?s|this is|it['’]?s) (?:what|how) (?:the|their|our|this) (?:\w+ )?(?:draft|"
    r"contract|sow|rfp|rfq|tender|msa|clause|terms|proposal|deal|brief) (?:says|asks|wants|"
    r"requires|reads|has|is|looks))\b",
    re.IGNORECASE,
)
_CHAT_HEAD: Final = (
    r"(?:\[?\d{1,2}:\d{2}(?:\s*[ap]m)?\]?\s*(?:[\w.'’-]+(?:\s+[\w.'’-]+){0,2}\s*:)?"
    rf"|{_QA_HEAD})"
)
_CHAT_PREFIX: Final = COMPILED.compile(rf"\s*{_CHAT_HEAD}\s*", re.IGNORECASE)
"""The head of a pasted chat message: its time and, if given, its speaker ("[13:31] Kofi:"),
or of a Q&A item ("Q4 (Bidder):")."""
_ANSWERED_NO: Final = COMPILED.compile(
    rf"(?:\s*{_CHAT_HEAD})?"
    r"\s*(?:no|nope|nah|not really|not at all|negative)\b(?!\s+(?:sla|slas|targets?|penalt\w*|"
    r"credits?|acceptance|one|doubt)\b)",
    re.IGNORECASE,
)
"""After a question: an answer that denies it ("no, they sit in their desk ...")."""
_CONDITION_LEAD: Final = COMPILED.compile(
    r"\s*(?:if|when|once|suppose|supposing|assuming|say)\b[^,?\n]{3,200},", re.IGNORECASE)
"""A condition opening a sentence, up to its comma ("If the supplier picked the tools,")."""
_CONDITION: Final = COMPILED.compile(r"\b(?:if|when|where|given that|assuming)\b", re.IGNORECASE)

_ASIDE: Final = COMPILED.compile(
    r"\b(?:sister (?:company|companies|firm|business|division|brand|org\w*|subsidiary)|"
    r"parent (?:company|group)|"
    r"(?:old|previous|former|prior|earlier|past|outgoing|incumbent|last) (?:\w+ )?"
    r"(?:suppliers?|vendors?|providers?|outsourcers?|msps?|agency|agencies|contractors?|"
    r"integrators?|partners?|engagements?|contracts?|arrangements?|set-?ups?|deals?|"
    # the writer's earlier clients: "Our last client kept every decision in house"
    r"clients?|customers?)|"
    r"used to|in the past|last year|previously|back then|years ago|bad experience|"
    # the writer's own earlier, superseded words: "Earlier I said they keep it"
    r"earlier i (?:said|wrote|noted|thought)|i (?:said|wrote|noted) (?:earlier|yesterday|before|"
    r"last week|this morning)|"
    # "I wrote on Monday that ...", "initially it sounded like ...": an impression taken back
    r"i (?:said|wrote|noted|thought|assumed) (?:on|in) (?:monday|tuesday|wednesday|thursday|friday|"
    r"the (?:call|first call|intro call|kick-?off|email|thread|recap|summary|last note))|"
    r"(?:initially|at first|originally),? (?:it )?(?:sounded|seemed|looked) (?:like|as if)|"
    r"went (?:bust|under)|contract (?:ended|expired|lapsed|finished|is over|was over))\b",
    re.IGNORECASE,
)
"""Another party or another time: an old supplier, a sister company, an ended contract."""

_BACK_TO_NOW: Final = COMPILED.compile(
    r"\b(?:now|this time|going forward|from now on|these days|today|here|instead|still|"
    r"this (?:division|subsidiary|team|deal|engagement|one|project)|the new)\b",
    re.IGNORECASE,
)


_COMPARISON: Final = COMPILED.compile(
    r"\b(?:compared (?:with|to)|unlike|in contrast (?:to|with)|as opposed to) (?:\w+[ -]){0,4}?"
    r"(?:contracts?|deals?|engagements?|arrangements?|set-?ups?|projects?|sows?)\b",
    re.IGNORECASE,
)
"""Another contract named as a comparison ("Compared with the test-environment contract we had
in 2023 (they directed our people), the new ask: ...", "Unlike the old SOW, where ...")."""

_RELATIVE: Final = COMPILED.compile(
    r"[,\s]*(?:where|when|in which|under which|which|who|in that one)\b", re.IGNORECASE)


def _comparison_end(text: str, opener: re.Match[str], limit: int) -> int:
    """Where a comparison with another contract stops describing it: after the parenthesis or
    the relative clause ("where their architects decided, ...") that follows its name, or at
    the first comma or colon after the name ("Compared to the Acme deal, they keep ...")."""
    pos = opener.end()
    stop = next((i for i in range(pos, limit) if text[i] in ",:;()"), limit)
    if stop < limit and text[stop] == "(":
        close = text.find(")", stop, limit)
        return close if close >= 0 else limit
    relative = _RELATIVE.match(text, stop if stop < limit and text[stop] == "," else pos)
    if relative is not None:
        after = next((i for i in range(relative.end(), limit) if text[i] in ",:;)"), limit)
        return after
    return stop if stop < limit else pos  # "Unlike the Acme deal they own delivery": the name only


def _aside(ctx: _Context, start: int, end: int) -> bool:
    """Whether the match at ``start:end`` is about another party or another time ("their old
    supplier ran it as a black box", "the sister company's provider owns the outcomes there"):
    context, not the engagement assessed, so it gives no ownership reading."""
    sentence = _start_before(ctx.sentences, start)
    after = bisect.bisect_right(ctx.clauses, end)
    clause_end = ctx.clauses[after] if after < len(ctx.clauses) else len(ctx.text)
    if _PAST_LATER.search(ctx.text, end, min(clause_end, end + MAX_LOOKBACK)):
        # "they tried to outsource their digital twin work to a consultancy two years ago":
        # the clause says when, after the match: another time
        return True
    for opener in _COMPARISON.finditer(ctx.text, sentence, start):
        if start < _comparison_end(ctx.text, opener, min(len(ctx.text), start + MAX_LOOKBACK)):
            return True
    last = None
    for found in _ASIDE.finditer(ctx.text, sentence, end):
        last = found
    if last is None:
        return False
    if _COMPARED.search(ctx.text, sentence, last.start()) and ":" in ctx.text[last.end():start]:
        # "Same shape as the Acme deal last year: they hand us the whole stack, ...": the
        # earlier deal is only the comparison; what follows the colon is this deal
        return False
    if _TIME_LEAD.match(ctx.text, sentence) and "," in ctx.text[last.end():start]:
        # "After their previous supplier's contract ended in August, the charity wants us to
        # choose the tooling": the other time is only the opening clause's; after its comma
        # the sentence is about this engagement
        return False
    return not _BACK_TO_NOW.search(ctx.text, last.end(), start)


_PAST_LATER: Final = COMPILED.compile(
    r"\b(?:(?:\w+|a few|a couple of) (?:years?|months?) ago|last year|in the past|back then|"
    r"a while (?:ago|back))\b",
    re.IGNORECASE,
)
"""Later in a match's clause: the time it was, long enough ago to be another engagement."""

_TIME_LEAD: Final = COMPILED.compile(
    r"[\s>*•-]*(?:after|since|now that|following|ever since)\b[^,.;:!?\n]{3,160},",
    re.IGNORECASE,
)
"""A sentence opening with a clause of a time before this one, up to its comma ("After the old
supplier left,"); not "when"/"once", whose main clause is still in that time ("When their former
MSP ran it, the MSP chose every tool")."""


_COMPARED: Final = COMPILED.compile(
    r"\b(?:same (?:\w+ )?(?:as|like)|just like|exactly like|similar to|like|mirrors?|copy of)\b",
    re.IGNORECASE,
)
"""Before an aside in its sentence: the other deal is named as a comparison for this one."""


_QUOTE_PAIR: Final = COMPILED.compile(
    r"[\"“](?P<d>[^\"“”]{1,1200})[\"”]|(?<!\w)['‘](?P<s>(?:[^'‘’]|['’](?=\w)){1,1200}?)['’](?!\w)"
)
_ATTRIBUTION: Final = COMPILED.compile(
    r"(?:\b(?:(?i:her|his|their|the client['’]s|the customer['’]s)|[A-Z][\w-]*['’]s)\s+"
    r"(?:\w+\s+){0,2}(?i:email|e-mail|reply|note|message|mail|words|answer|brief|inquiry|"
    r"enquiry|request|letter)"
    r"|\b(?:wrote|writes|says|said|replied|answered))\b[^.!?\n:'\"‘“]{0,40}:\s*(?=[^\s'\"‘“])"
)
_VOICED: Final = COMPILED.compile(r"\b(?:we|our|us|ours|i|my|you|your)\b", re.IGNORECASE)
_VOICED_WITHIN: Final = 300
"""How far after an attribution a first or second person must occur for it to be the client's
own words."""
_OWN_QUOTE: Final = COMPILED.compile(
    r"\b(?:i|we)\s+(?:told|tell|said|say|wrote|replied|answered|proposed|offered|explained|"
    r"promised|pitched)\b|\bour (?:reply|answer|proposal|offer|pitch)\b[^.!?]*$",
    re.IGNORECASE,
)


def client_voice(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` in the client's own words, where "we" is the client and "you" the
    provider: quoted words with a first or second person in them ('Their CIO: "You run it,
    you decide how"'), unless the writer quotes themselves ("we told them 'we own the SLA'"),
    and what follows an attribution and a colon ("Her reply below: Your architects ...")."""
    spans = []
    for m in _QUOTE_PAIR.finditer(text):
        group = "d" if m.group("d") is not None else "s"
        inner_start, inner_end = m.span(group)
        if not _VOICED.search(text, inner_start, inner_end):
            continue
        if _OWN_QUOTE.search(text[max(0, m.start() - 80):m.start()]):
            continue
        spans.append((inner_start, inner_end))
    for m in _ATTRIBUTION.finditer(text):
        voiced = _VOICED.search(text, m.end(), m.end() + _VOICED_WITHIN)
        if not voiced:
            continue  # "their ops director said no: the availability is theirs": reported
        lead_in = text[max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1:m.end()]
        if _WRITER_IN_LEAD_IN.search(lead_in) and not _SECOND_PERSON.search(
                text, m.end(), m.end() + _VOICED_WITHIN):
            # "the last thing she said before we left: our firm is to be held accountable":
            # the writer narrates in the first person up to the colon, so the "our" after it
            # is still the writer's (a client speaking to the writer would say "you")
            continue
        if _SPEAKER_NAMED.search(text, m.end(), voiced.start()):
            # "their VP just replied: every design call stays with her team. She still wants
            # us to commit ...": the speaker is "she", so the rep is reporting, not quoting
            continue
        if not any(s <= m.end() < e for s, e in spans):
            later = _SPEAKER_AGAIN.search(text, m.end())
            spans.append((m.end(), later.start() if later else len(text)))
    spans += _forwarded_from_client(text)
    spans += _chat_speakers(text)
    return sorted(spans)


_WRAPPED: Final = COMPILED.compile(r"[ \t]*[a-z][\w'’-]*(?![\w'’-]*[ \t]*[:(])")
"""The start of a line that goes on with its sentence: a lower-case word, not a speaker's or a
field's head ("kai: ...", "notes (raw): ...")."""


def _hard_wrap(text: str, boundary: re.Match[str]) -> bool:
    """Whether a boundary at a line break only wraps the line ("... every change to the
    system\nand to set the priorities ..."): after a word or a comma, the sentence goes on in
    lower case on the next line, so it is no clause or sentence boundary."""
    if boundary.group() not in ("\n", "\r"):
        return False
    i = boundary.start()
    if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == ","):
        return False
    return _WRAPPED.match(text, boundary.end()) is not None


def _writer(text: str, voices: list[tuple[int, int]]) -> str:
    """Who is writing, read from the writer's own words: the client's quoted or pasted words
    (``voices``) are blanked first, so a founder's quoted "You're the experts, you decide"
    does not make the note's writer the client. A chat transcript with the writer as "Me:"
    beside the client's speakers is the provider's."""
    if _BUYER_VOICE.search(text):
        return "client"
    if _chat_speakers(text):
        return "provider"
    if voices:
        chars = list(text)
        for start, end in voices:
            chars[start:end] = " " * (end - start)
        text = "".join(chars)
    return perspective(text)


_SPEAKER_HEAD: Final = COMPILED.compile(
    r"^[ \t]*(?:\[[^\]\n]{1,20}\][ \t]*)?(?P<who>[A-Z][\w.'’-]{0,20}(?:[ \t]+[A-Z][\w.'’-]{0,20})?)"
    r"(?:[ \t]*\((?P<label>[^()\n]{1,60})\))?[ \t]*:",
    re.MULTILINE,
)
_WRITER_HEAD: Final = COMPILED.compile(r"(?:me|i|us|we|myself)", re.IGNORECASE)
_VENDOR_LABEL: Final = COMPILED.compile(
    r"\b(?:us|we|our|ours|me|vendor|provider|supplier|contractor|msp|agency|partner)\b",
    re.IGNORECASE,
)


def _chat_speakers(text: str) -> list[tuple[int, int]]:
    """The messages of a pasted chat's other speakers when the writer is one of them as "Me:"
    ("Kai (studio, live-ops director): we decide the event configs" / "Me: and if it goes
    down?"): the client's own words, each up to the next speaker's head. A speaker labelled as
    the writer's side ("Sam (us):", "Lee (vendor PM):") is not the client."""
    heads = list(_SPEAKER_HEAD.finditer(text))
    if len(heads) < 2 or not any(_WRITER_HEAD.fullmatch(h.group("who")) for h in heads):
        return []
    out = []
    for i, h in enumerate(heads):
        if _WRITER_HEAD.fullmatch(h.group("who")):
            continue
        if h.group("label") and _VENDOR_LABEL.search(h.group("label")):
            continue
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        out.append((h.end(), end))
    return out


_FROM_HEADER: Final = COMPILED.compile(r"^[>\s]*from:[ \t]*(?P<who>[^\n]*)$",
                                       re.IGNORECASE | re.MULTILINE)
_FROM_US: Final = COMPILED.compile(r"\b(?:us|me|we|our|ours|myself|i)\b", re.IGNORECASE)


def _forwarded_from_client(text: str) -> list[tuple[int, int]]:
    """The messages of a pasted email chain sent by someone other than the writer's side
    ("From: council digital team (March)" then "> We'll keep design decisions ..."): the
    client's own words, up to the next "From:" header; "From: us" is the writer's."""
    headers = list(_FROM_HEADER.finditer(text))
    out = []
    for i, m in enumerate(headers):
        end = headers[i + 1].start() if i + 1 < len(headers) else len(text)
        if _FROM_US.search(m.group("who")) or not _VOICED.search(text, m.end(), end):
            continue
        out.append((m.end(), end))
    return out


_WRITER_IN_LEAD_IN: Final = COMPILED.compile(r"\b(?:we|us|i|me)\b", re.IGNORECASE)
_SECOND_PERSON: Final = COMPILED.compile(r"\b(?:you|your|yours|u)\b", re.IGNORECASE)

_SPEAKER_NAMED: Final = COMPILED.compile(r"\b(?:she|he|her|his|him)\b", re.IGNORECASE)
"""The speaker in the third person after an attribution: the rep's own words."""

_SPEAKER_AGAIN: Final = COMPILED.compile(r"(?:^|(?<=[.!?]\s))(?:She|He)\b", re.MULTILINE)
"""A sentence opening with "She"/"He" after quoted words: the rep speaks again."""



def _choose(factor_id: str, cands: list[_Candidate], text: str) -> Inferred:
    top = max(c.strength for c in cands)
    best = sorted((c for c in cands if c.strength == top), key=lambda c: (c.start, -c.end))
    answers = get(factor_id).answer_ids
    low, middle, high = answers
    values = {c.value for c in best}
    if len(values) == 1:
        return Inferred(value=best[0].value, evidence=quote(text, best[0].start, best[0].end),
                        rule=best[0].rule)
    if middle in values:
        first = next(c for c in best if c.value == middle)
        return Inferred(value=middle, evidence=quote(text, first.start, first.end),
                        rule=first.rule)
    a = next(c for c in best if c.value == low)
    b = next(c for c in best if c.value == high)
    start, end = min(a.start, b.start), max(a.end, b.end)
    if end - start > MAX_EVIDENCE:
        first = a if a.start <= b.start else b
        start, end = first.start, first.end
    # both sides stated as strongly: the middle answer, from the two rules together
    return Inferred(value=middle, evidence=quote(text, start, end),
                    rule=f"{MIXED_RULE}:{a.rule}+{b.rule}")


COMPILED.save()  # the module-level patterns above, for the next process


__all__ = ["MAX_EVIDENCE", "MAX_SCAN", "Candidate", "candidates", "hypothetical", "infer", "warm"]
