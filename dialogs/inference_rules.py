"""The rule notation behind ``dialogs.inference``, and how text is prepared for the rules.

The rules themselves are data, one file per factor (``dialogs/rules/<factor>.toml``, read by
``dialogs.rulebook``). Each ``Rule`` is one compiled regex with one or more ``Effect``s. An effect
names the factor, the answer, a strength (3 explicit statement, 2 clear signal, 1 hint) and the
answer to use when the phrase is negated (``None``: a negated phrase says nothing). An answer of
``PARTY`` means "whichever party the phrase names" (``(?P<p>...)``), resolved through the
description's perspective by ``party_side``.

Patterns are written in a small notation, expanded by ``rule``:

* a space matches whitespace or a hyphen ("end to end" matches "end-to-end"), and
  `` ?`` an optional one ("help ?desk" matches "helpdesk" and "help desk");
* an apostrophe matches ``'`` or ``’``;
* ``<NAME>`` expands to a shared fragment: ``MACROS`` here (party words), the rest in
  ``dialogs/rules/macros.toml``;
* every pattern is written in lower case and must start and end at word edges.

Patterns run on ``mark(text)``: the text with its ASCII letters lowered, except capitalised words
that are neither sentence openers (``_STOP_CAPS``) nor words any rule spells (``Vocabulary``).
Those keep their capitals, so a company name ("Acme", "Wayne Enterprises") is simply a
capitalised word to ``<PARTY>``, while "Their Head of Engineering" still reads as vocabulary.
Nothing runs with ``re.IGNORECASE``, which would cost sre its first-character check on every
alternative (about twice as slow). ``OTHER`` is an answer meaning "the party the phrase does not
name" ("won't let *us* touch it"), which is also what a negated ownership statement means
("*we* don't own the roadmap": the client does).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from dialogs.regex_cache import RegexCache

PARTY: Final = "@party"
PARTY_VALUE: Final = PARTY
OTHER: Final = "@other"
"""An answer meaning "the party the phrase does *not* name": "won't let *us* touch it" (the
client decides), or a negated ownership statement ("*we* don't own the roadmap")."""


@dataclass(frozen=True, slots=True)
class Effect:
    factor: str
    value: str
    strength: int
    negated: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    source: str
    """The regex source (``HEAD + body + TAIL``); compiled on first use (``pattern``)."""
    effects: tuple[Effect, ...]
    negatable: bool = True
    """False when the phrase carries its own negation ("never changes"): it is not negated
    again, and a second negation before it ("they don't lack leadership") drops it."""
    client_only: bool = False
    """The rule is about the client: it does not fire when its party is the provider."""
    default_party: str | None = None
    """The side a ``PARTY`` effect takes when the phrase names no party."""
    block: re.Pattern[str] | None = None
    """Drops the match when this finds something in the sentence before it."""
    inner_negation: bool = True
    """Whether a negation inside the phrase ("APIs are not stable") negates it; False for
    phrases whose own wording holds a "no" ("change without warning")."""
    party_first: bool = False
    """Every branch starts with a party word, so the rule is only tried where one starts
    (``party_starts``): the same matches as ``finditer``, at a fraction of the cost."""
    party_lookback: bool = False
    """Takes its party from the last party word in the few words before the phrase
    ("they want *us* to run it end to end") when the phrase itself names none."""
    lookback_sentence: bool = False
    """With ``party_lookback``: when the clause names no party, look back over the sentence
    ("The Supplier shall be responsible ... and shall select all tooling")."""
    party_groups: tuple[str, ...] = ()
    """The pattern's party groups (``p``, ``p1``, ...)."""
    imperative: bool = False
    """An order addressed to the provider ("so choose the architecture and the tools"): fires
    only in the client's own words (a quoted or pasted client, or a text the client wrote) and
    only when it opens its clause; its party is the one addressed, the provider."""
    antecedent: re.Pattern[str] | None = None
    """What the phrase's "it"/"that" must refer back to ("... any outcome risk on our side,
    they keep that"): the match counts only when this finds something in its clause before it
    or in the clause before that."""
    flags: int = 0
    id: str = ""
    """Stable id shown by ``assess --explain`` and ``inferred.<factor>.rule``: the factor of
    its first effect and a name, written beside the rule in its data file (the existing rules
    kept the digest of their source they had before they became data); the parts a rule is
    split into keep it."""

    def with_id(self, rule_id: str) -> Rule:
        return dataclasses.replace(self, id=rule_id)

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled pattern. Compiling every rule costs about a second, and a text needs
        only the rules its gate lets through, so each is compiled when first run (once per
        process; ``warm()`` compiles them all ahead, for a server)."""
        return _compiled(self.source, self.flags)


COMPILED: Final = RegexCache(Path(__file__).parent / "__pycache__"
                             / f"inference_rules.{sys.implementation.cache_tag}.regex")
"""The rules' compiled programs, kept between processes (``dialogs.regex_cache``)."""


@functools.cache
def _compiled(source: str, flags: int) -> re.Pattern[str]:
    return COMPILED.compile(source, flags)


# --- shared fragments -------------------------------------------------------------------------

_STOP_CAPS = (
    "We|Our|Us|Ours|They|Their|Them|The|This|That|These|Those|It|Its|You|Your|I|If|But|And|So|"
    "No|Not|Also|Then|Both|Each|Every|All|A|An|In|On|At|For|With|Without|Engineers|Developers|"
    "Devs|Decisions|Nobody|Noone|Someone|Everyone|Everything|Nothing|Who|What|Which|Where|When|"
    "Why|How|Hey|Hi|Hello|Please|Just|Basically|Currently|Right|Now|Today|Ops|Yes|Yeah|Ok|"
    "Okay|Quick|Re|Note|Plus|Still|Only|Maybe|Probably|Scope|Requirements|Interfaces|Apis?|"
    "Leadership|Management|Provider|Vendor|Client|Customer|One|Two|Three|Some|Any|Most|Many|"
    "Looking|Need|Want|Since|Because|While|Although|Though|However|After|Before|Once|Until|"
    "Unless|Whether|Here|There|He|She|His|Her|Anyone|Let|Can|Could|Would|Should|Will|Do|Does|"
    "Did|Is|Are|Was|Were|Has|Have|Had|Be|Request|Requests|Priorities|Procurement|Work|Outcomes|"
    "Delivery|Accountability|Responsibility|Risk|Architecture|Backlog|Roadmap|Tooling|Strong|"
    "Great|Small|Big|Large|Standard|Managed|Legacy|Consumer|Runbook|Healthcare|Pharma|Clinical"
)
_COMPANY = (
    # a capitalised word that is not a common sentence opener, and not after an article or a
    # possessive ("the Shopify store", "their Kafka platform": a product, not a party)
    r"(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?<!\btheir\s)(?<!\bour\s)(?<!\byour\s)(?<!\bits\s)"
    r"(?<!\d\s)"  # "all 80 Postgres instances": a count of a product
    rf"(?-i:(?=[A-Z])(?!(?:{_STOP_CAPS})\b)[A-Z][A-Za-z0-9&]*[a-z][A-Za-z0-9&]*"
    # a second capitalised word of the name ("Wayne Enterprises", "Dunder Mifflin")
    rf"(?: (?!(?:{_STOP_CAPS})\b)[A-Z][A-Za-z0-9&]*[a-z0-9&][A-Za-z0-9&]*)?)"
    r"(?!\s+(?:instances|servers|clusters|databases|dbs|tenants|licen[cs]es|nodes|vms|boxes|"
    r"mailboxes|estate)\b)"
)

_NOT_A_PARTY_AFTER = (
    # "the customer portal", "client data": a product or a thing, not the party
    "(?! (?:portal|portals|service|services|support|data|experience|facing|base|success|journey|"
    "apps?|site|website|records|accounts|care|database|onboarding|communications|comms|feedback|"
    "satisfaction|churn|list|details|tickets|queries|emails|payments|"
    "visits|meetings?|workshops?|demos?)\\b)"
)

_NAME_WORD = r"[A-Z][A-Za-z0-9&]*[a-z][A-Za-z0-9&]*"
_COMPANY_ANY = (
    # The rules run on ``marked`` text: lower case, except that a capitalised word that is
    # neither a sentence opener nor a word any rule uses keeps its capitals. So here a company
    # name is simply a capitalised word ("Acme", "Wayne Enterprises'").
    r"(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?<!\btheir\s)(?<!\bour\s)(?<!\byour\s)(?<!\bits\s)"
    rf"(?<!'s\s)(?<!\d\s){_NAME_WORD}(?: {_NAME_WORD})?"
    r"(?! (?:instances|servers|clusters|databases|dbs|tenants|licen[cs]es|nodes|vms|boxes|"
    r"mailboxes|estate)\b)"
)

_PARTY_WORDS = (
    # "you guys", "u guys", "y'all": in a sales channel, the vendor (a quoted client talking to
    # it, or colleagues in delivery being addressed), whoever wrote the text (``party_side``)
    "(?:you|u) (?:guys|folks|lot|all)|y'?all|"
    "they|them|their|theirs|thier|we|us|our|ours|my|you|your|he|she|his|her|"
    # "I will set their priorities myself": a subject "I" (read only in a client's own words)
    "(?<![\\w'’-])i(?= (?:will|would|shall) |'ll )|"
    # chat shorthand: "u decide the backend", "ur team owns it"
    "u(?= )|ur(?= )|"
    # "there CTO", "there team": a common typo for "their", only before a role or a team
    "there(?= (?:cto|ceo|cio|vp|head|tech|team|teams|squad|pms?|po|product|architects?|"
    "engineering|engineers|devs|developers|em|ems|lead|leads|people|side|own|it|board)\\b)|"
    "(?:the )?(?:client|customer|cleint|custmer|costumer|clinet)" + _NOT_A_PARTY_AFTER + "|"
    "the prospect|the company|the business|"
    "the (?:bank|insurer|retailer|hospital|school|school district|district|university|council|"
    "ministry|startup|scale ?up|fintech|charity|nonprofit|manufacturer|utility|airline|publisher|"
    "broadcaster|brand|org|organi[sz]ation|enterprise|buyer|hotel chain|chain|firm|group|"
    "exchange|library|college|authority|operator|city|trust|uni|department|employer)|"
    # organisations that are often named bare, like a company ("Studio keeps all decisions")
    "(?:the )?(?:museum|studio|clinic)|"
    "the provider|the vendor|the msp|the partner|the supplier|a provider|a vendor|an msp|"
    "the contractor|the service provider|"
    # a tender's bidders: "Bidders propose the platform", "The successful bidder"
    "bidders|tenderers|the (?:successful |preferred |winning )?(?:bidder|tenderer)|"
    "a partner|provider|vendor|supplier|msp|partner|bluegrid|someone else|someone|somebody|"
    # "stay with internal staff", "in-house engineers keep the pager": the client's own people
    "(?:internal|in-?house) (?:staff|teams?|people|engineers|employees)|"
    "the agency|an agency|the integrator|an integrator|the consultancy|a consultancy|"
    "(?:the|an?) (?:outside|external|third party|specialist) (?:team|firm|company|provider|"
    "partner|vendor|crew|agency|shop)|a third party|the third party|"
    "the (?:cto|ceo|cio|coo|founders?|board|head of \\w+|vp \\w+|engineering managers?|em|"
    "tech leads?|product owners?|po|product managers?|pms?|architects?|chief architect|"
    "business owners?|product leads?|data science lead|it manager|it director|"
    "engineering director|director of engineering|pmo|programme office|program office|"
    "change (?:advisory )?board|cab|architecture (?:board|guild|council)|design authority)|"
    # "the quant team", "the data department": the client's people, unless it says otherwise
    "the (?!(?:offshore|nearshore|onshore|delivery|outsourced|external|vendor|provider|msp|"
    "managed|augmented|dedicated|extended|new|whole|same|other|support|service) )(?:\\w+ ){1,2}?"
    "(?:team|teams|department|group|guild|squad|squads|org|organi[sz]ation)"
)

MACROS: Final = {
    "PARTY": rf"(?P<p>{_PARTY_WORDS}|{_COMPANY_ANY})(?:'s|(?<=s)')?",
    "THEM": rf"(?:{_PARTY_WORDS}|{_COMPANY_ANY})(?:'s|(?<=s)')?",
    "COMPANYANY": _COMPANY_ANY,
}
"""The fragments built in: a party word (``<PARTY>``, its words in a group ``p``, ``p1``...;
``<THEM>`` without the group) and a company name. The rest are in ``dialogs/rules/macros.toml``."""

_MACRO: Final = re.compile(r"<([A-Z]+)>")
_NUMBERED: Final = re.compile(r"\(\?P<(pc|p)>")
"""Party groups of a fragment: each use in a rule gets its own name (``p``, ``p1``, ...)."""


def expand(src: str, macros: dict[str, str] | None = None) -> str:
    """``src`` with its ``<NAME>`` fragments expanded, depth first (a fragment may use others),
    each party group of a fragment named afresh per use, in the order they appear."""
    table = MACROS if macros is None else macros
    counts: dict[str, int] = {}

    def name(m: re.Match[str]) -> str:
        group = m.group(1)
        n = counts.get(group, 0)
        counts[group] = n + 1
        return f"(?P<{group}{n or ''}>"

    def sub(m: re.Match[str]) -> str:
        try:
            body = table[m.group(1)]
        except KeyError:
            raise ValueError(f"unknown fragment <{m.group(1)}>") from None
        return _MACRO.sub(sub, _NUMBERED.sub(name, body))

    return _MACRO.sub(sub, src)


SEPARATOR: Final = r"[-\s]\s*"
"""What a space in the notation matches: whitespace, or a hyphen and optional whitespace (the
same strings as ``(?:\\s+|-\\s*)``, in fewer characters: the patterns compile faster)."""


def _body(src: str, macros: dict[str, str] | None = None) -> str:
    body = expand(src, macros).replace(" ?", f"(?:{SEPARATOR})?")
    body = re.sub(r" (?=[*+?{])", lambda _: f"(?:{SEPARATOR})", body)  # quantified: a group
    return body.replace(" ", f"(?:{SEPARATOR})").replace("'", "['’]")


HEAD, TAIL = r"(?<!\w)(?:", r")(?!\w)"
"""What ``_compile`` puts around every rule's body."""


def _compile(body: str, src: str) -> str:
    """A rule's regex source, run on ``marked`` text (see ``mark``): lower case but for company
    names, so no IGNORECASE, which would cost sre its first-character checks."""
    if re.search(r"[A-Z]", re.sub(r"\\.|\(\?P<\w+>|\[A-Z[^\]]*\]", "", body)):
        raise ValueError(f"upper case in a rule: {src[:60]}")
    return HEAD + body + TAIL


_LOWER: Final = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lower_ascii(text: str) -> str:
    """``text`` with A-Z lowered and nothing else changed (so every index still lines up)."""
    return text.translate(_LOWER)


_STRUCTURE: Final = COMPILED.compile(r"\\.|\[(?:\\.|[^\]\\])*(?:\]|\\?\Z)|[()|]", re.DOTALL)
"""What ``alternatives`` looks at: an escape or a whole character class (skipped), a
parenthesis or a bar."""


def alternatives(body: str) -> list[str]:
    """The top-level ``|`` branches of a regex source."""
    out: list[str] = []
    depth, start = 0, 0
    for m in _STRUCTURE.finditer(body):
        c = m.group()
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(body[start:m.start()])
            start = m.end()
    out.append(body[start:])
    return out



def split_branches(rule: Rule, keep: Callable[[str], bool]) -> list[Rule]:
    """``rule`` as up to two rules: the top-level branches (regex sources) ``keep`` accepts,
    then the others (each with the rule's effects and options); ``[rule]`` if all or none."""
    body = rule.source[len(HEAD):-len(TAIL)]
    kept: list[str] = []
    rest: list[str] = []
    for branch in alternatives(body):
        (kept if keep(branch) else rest).append(branch)
    if not kept or not rest:
        return [rule]
    out = []
    for group in (kept, rest):
        source = HEAD + "|".join(group) + TAIL
        first = all(b.startswith("(?P<p") for b in group)
        out.append(dataclasses.replace(
            rule, source=source, party_first=first, party_groups=_groups(source)))
    return out


def split_party_first(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """``rules`` with each rule whose branches are partly party-first split in two.

    The party-first branches then run only where a party word starts (much cheaper); the
    effects and options are unchanged, so the matches and their effects are the same.
    """
    out: list[Rule] = []
    for rule in rules:
        body = rule.source[len(HEAD):-len(TAIL)]
        if rule.party_first or not (body.startswith(_PARTY_GROUP) or "|" + _PARTY_GROUP in body):
            out.append(rule)  # (no branch can start with a party group: nothing to split)
            continue
        out.extend(split_branches(rule, lambda branch: branch.startswith(_PARTY_GROUP)))
    return tuple(out)


_PARTY_GROUP: Final = "(?P<p"


_GROUP: Final = COMPILED.compile(r"(?<!\\)\(\?P<(p\w*)>")


def _groups(source: str) -> tuple[str, ...]:
    """The party groups a rule's source defines, in order (as ``Pattern.groupindex`` lists
    them, without compiling)."""
    return tuple(dict.fromkeys(_GROUP.findall(source)))


_POSSESSIVE = r"(?:['’]s|(?<=s)['’])?"

PARTY_WORD: Final = COMPILED.compile(
    rf"(?<!\w)(?P<p>{_body(_PARTY_WORDS)}|{_COMPANY}){_POSSESSIVE}(?!\w)", re.IGNORECASE
)
"""A party word in the original text, for ``Rule.party_lookback``."""

_PARTY_START: Final = COMPILED.compile(
    rf"(?<!\w)(?=(?:{_body(_PARTY_WORDS)}|{_body(_COMPANY_ANY)}){_POSSESSIVE}(?!\w))"
)

_CAPITALISED: Final = COMPILED.compile(r"(?<![\w’'])[A-Z][A-Za-z0-9&]*[a-z][A-Za-z0-9&]*(?![\w])")
_STOP_SET: Final = frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", _STOP_CAPS))


def _words_in(sources: str) -> list[str]:
    """The words rule sources spell (escapes, group names and character classes left out)."""
    source = re.sub(r"\\.|\(\?P<\w+>|\[[^\]]*\]", " ", sources)
    return sorted({w for w in re.findall(r"[a-z]+", source) if len(w) > 1})


class Vocabulary:
    """The words the rules spell out, for telling a capitalised word from a company name.

    Patterns hold stems ("decid(?:e|es|ed|ing)", "backups?"), so a word counts as vocabulary
    when a rule token starts with it less its last letter ("backup" ~ "backups", "decide" ~
    "decid") or the word starts with a token of four letters or more that covers all but its
    last four letters ("augmenting" ~ "augment").
    """

    def __init__(self, rules: tuple[Rule, ...],
                 memo: Callable[[str, Callable[[str], list[str]]], list[str]] | None = None
                 ) -> None:
        """``memo(key, compute)``, when given, may return ``compute(key)`` from a cache (the
        inference gate's memo: about 12 ms of start-up)."""
        joined = "\n".join(rule.source for rule in rules)
        words = memo(joined, _words_in) if memo is not None else _words_in(joined)
        self._sorted = sorted(words)
        self._words = frozenset(words)

    def __contains__(self, word: str) -> bool:
        if word in self._words:
            return True
        prefix = word[:-1] if len(word) > 5 else word
        i = bisect.bisect_left(self._sorted, prefix)
        if i < len(self._sorted) and self._sorted[i].startswith(prefix):
            return True
        return any(word[:n] in self._words for n in range(max(4, len(word) - 4), len(word)))


def mark(text: str, vocabulary: Vocabulary) -> str:
    """``text`` lower-cased (A-Z only, so indices line up), except capitalised words that are
    neither sentence openers (``_STOP_CAPS``) nor rule vocabulary: those are company-name
    candidates ("Acme", "Wayne Enterprises"), and keep their capitals for ``<PARTY>``."""
    lowered = text.translate(_LOWER)
    parts: list[str] = []
    last = 0
    for m in _CAPITALISED.finditer(text):
        word = lowered[m.start():m.end()]
        if word in _STOP_SET or word in vocabulary:
            continue
        parts += (lowered[last:m.start()], m.group(0))
        last = m.end()
    if parts:
        parts.append(lowered[last:])
        lowered = "".join(parts)
    if "(" in lowered:
        # "The lab (us) writes the test strategy": the party in brackets is the subject
        lowered = _BRACKETED_PARTY.sub(lambda m: f" {m.group(1)} ", lowered)
    return unquote(lowered)


_BRACKETED_PARTY: Final = COMPILED.compile(r"\((us|we|them|they|ourselves|themselves)\)")
"""A party word in brackets after a noun ("the vendor (us)"): its brackets are blanked, same
length, so the word reads as the subject that follows."""


_QUOTE: Final = COMPILED.compile(r"[\"“”„]|(?<!\w)['‘’](?=\w)|(?<=\w)['’](?!\w)")
_WORD_CHAR: Final = COMPILED.compile(r"\w")
_QUOTED_SPAN: Final = 120
"""How far apart an opening and a closing single quote may be to count as a pair."""


def unquote(text: str) -> str:
    """``text`` with quotation marks blanked (same length, so every index still lines up):
    "they want us to 'own the outcome'" reads as "they want us to  own the outcome ".

    Double quotes always go; a single quote goes only as a pair, an opening one before a word
    and a closing one after a word, so apostrophes ("don't") and a plural possessive ("the
    vendors' risk") stay.
    """
    if "'" not in text and "\"" not in text and not any(q in text for q in "‘’“”„"):
        return text
    chars = list(text)
    opening: int | None = None
    for m in _QUOTE.finditer(text):
        i = m.start()
        c = text[i]
        if c not in "'‘’":
            chars[i] = " "
        elif i == 0 or not _WORD_CHAR.match(text, i - 1):
            opening = i
        elif opening is not None and i - opening <= _QUOTED_SPAN:
            chars[opening] = chars[i] = " "
            opening = None
    return "".join(chars)


def party_starts(marked: str) -> list[int]:
    """Every position in ``marked`` text where a party word or a company name starts."""
    return [m.start() for m in _PARTY_START.finditer(marked)]


def rule(
    src: str,
    *effects: Effect,
    macros: dict[str, str] | None = None,
    negatable: bool = True,
    client_only: bool = False,
    default_party: str | None = None,
    block: str | None = None,
    inner_negation: bool = True,
    party_lookback: bool = False,
    lookback_sentence: bool = False,
    imperative: bool = False,
    antecedent: str | None = None,
) -> Rule:
    """A ``Rule`` from a pattern in the notation (``macros``: the fragments, default
    ``MACROS``); ``block`` and ``antecedent`` are plain regexes, matched ignoring case."""
    body = _body(src, macros)
    party_first = body.startswith(_PARTY_GROUP) and all(
        b.startswith(_PARTY_GROUP) for b in alternatives(body))
    source = _compile(body, src)
    return Rule(
        source, effects, negatable, client_only, default_party,
        COMPILED.compile(block, re.IGNORECASE) if block else None, inner_negation, party_first,
        party_lookback=party_lookback, lookback_sentence=lookback_sentence,
        party_groups=_groups(source), imperative=imperative,
        antecedent=COMPILED.compile(antecedent, re.IGNORECASE) if antecedent else None,
    )



# --- perspective, clauses, negation and hedges ------------------------------------------------

def _cues(*sources: str) -> tuple[re.Pattern[str], ...]:
    return tuple(COMPILED.compile(src, re.IGNORECASE) for src in sources)


HEADCOUNT_CUE: Final = (
    r"\b(?:need|needs|needing|want|looking for|after|seeking|seek|seeks|search|searches|"
    r"searching(?: for)?|looking to (?:add|hire|bring in|onboard|recruit|take on)|add|adding|hire|"
    r"hiring|bring in|onboard|recruit|recruiting)\s+(?:\d+|two|three|four|five|six|"
    r"a couple of|a few)\s+(?:[\w/+#.-]+\s+){0,3}?(?:devs|developers|engineers|consultants|testers|"
    r"analysts|agents|admins|people|contractors|specialists|architects|experts)\s+"
    r"(?:for|to join|in|into|inside|to|to (?:reinforce|strengthen|support|extend|augment|help|"
    r"work in|work with|work under)) our\b(?!\s+(?:bench|delivery|pool|roster|offshore|nearshore)\b)"
)
"""A headcount asked for the writer's own team or programme ("Need 2 Flutter devs for our
team", "two FICO consultants to reinforce our team"): the buyer is writing."""

CLIENT_CUES: Final = _cues(
    # Each kind of cue counts once, however often it occurs (see ``perspective``).
    r"\bwe(?:['’]re| are)? (?:really |urgently |just |now |currently |basically )?(?:need|needing|want|"
    r"wanted|looking for|searching for|seeking|hiring|trying to hire|would like|['’]d like|"
    r"looking to (?:add|hire|bring in|onboard|recruit|take on))\b",
    # "We'd like 3 developers to work under our tech leads"
    r"\bwe['’]d (?:really |also )?like (?:\w+ ){0,2}?(?:developers|devs|engineers|people|"
    r"testers|contractors|consultants|someone|a team|\d+)\b",
    r"\b(?:join|joining|into|embedded in|embed in|embedded with|inside|within|in|with) our "
    r"(?:\w+ )?(?:team|teams|squad|squads|devs|engineers|org|standups?|sprints?)\b",
    r"\bour (?:in-?house|internal|own) (?:\w+ )?(?:team|teams|devs|developers|engineers|staff|"
    r"it)\b",
    r"\bour (?:cto|vp|head of|engineering manager|em|ems|tech lead|product owner|po|backlog|"
    r"roadmap|sprints?|codebase|architects?|squad|devs|board|ceo|product team|users|customers|"
    r"business|company|it manager|it team)\b",
    r"\b(?:you|your|u guys|y['’]?all)\b",
    r"\bwe (?:want to|need to|plan to|['’]d like to|would like to) (?:outsource|hand|offload|"
    r"bring in|augment|extend)\b",
    r"\boff our hands\b",
    # a headcount asked for the writer's own team or programme ("Need 2 Flutter devs for our
    # team", "two FICO consultants to join our programme"): the buyer is writing
    # ("we are looking to add two Python developers to our modelling team", non-native "our
    # company search two consultants to reinforce our team"); it weighs two (listed twice, as
    # HEADCOUNT_CUE): a seller does not ask for people for their own team
    HEADCOUNT_CUE,
    HEADCOUNT_CUE,
    r"\b(?:join|joining|into|inside|within) our (?:\w+ )?(?:programme|program|project)\b",
    # an email signed by the buyer's own executive ("Cheers, Mo (CTO)")
    r"(?m)^[ \t]*(?:thanks|thank you|cheers|regards|best|kind regards|best regards|many thanks|thx)"
    r"\b[^\n]{0,40}\((?:cto|ceo|cio|coo|cfo|ciso|founder|co-?founder|head of [\w ]{2,20}|"
    r"vp [\w ]{2,20}|it (?:manager|director))\)[ \t]*$",
)

_NOT_A_CONTRACT_TYPE: Final = (
    # "as an MSP contract", "a vendor-managed model": the kind of deal, not a third party named
    r"(?![\s-]+(?:contract|agreement|model|deal|engagement|arrangement|setup|set-up|relationship|"
    r"managed|style|type|basis|terms)\b)"
)

_NOT_CHOSEN: Final = (
    r"(?<!choose )(?<!choosing )(?<!chose )(?<!pick )(?<!picking )(?<!select )(?<!selecting )"
    r"(?<!recommend )(?<!evaluate )(?<!compare )"
)

_BARE_VENDOR: Final = (
    r"(?m)(?:^|(?<=:))[ \t*•-]*(?-i:Vendor|Supplier)\b(?!\s*\()"
    r"|\bthe \w+ (?:vendor|supplier)(?:['’]s)? (?:team|squad|engineers|developers)\b"
)

VENDOR_CUES: Final = _cues(
    # A named third party ("the vendor", "the agency") is a strong sign the writer is the
    # client: two kinds of cue, so it weighs two. Not in a sentence with a "they" and no "we"
    # ("they won't hand that to a vendor"): there the writer reports the client's words.
    # Not a product vendor to be chosen ("choose the vendor" of the switches, "pick a supplier").
    _NOT_CHOSEN + r"\b(?:a|an|the) (?:vendor|provider|msp|agency|supplier)\b" + _NOT_A_CONTRACT_TYPE,
    _NOT_CHOSEN + r"\b(?:the|our|an?) (?:vendor|provider|msp|agency|supplier|integrator|outside team|"
    r"external team)\b" + _NOT_A_CONTRACT_TYPE,
    # a ticket's or a list's bare "Vendor" opening a line, a bullet or a field ("- Vendor
    # accountable for ...", "Description: Vendor engagement"), or "the firmware vendor team": a
    # buyer's record of its supplier; it weighs two as well (listed twice)
    _BARE_VENDOR,
    _BARE_VENDOR,
)
_THIRD_PERSON: Final = COMPILED.compile(r"\b(?:they|them|their|thier)\b", re.IGNORECASE)

PROVIDER_CUES: Final = _cues(
    r"\b(?:the client|the customer|the prospect|client['’]s|customer['’]s)\b",
    r"\b(?:they|their|them)\b",
    r"\bwe(?:['’]d|['’]ll| would| will| could| can)? (?:provide|supply|place|staff|run|"
    r"take over|offer|deliver|put|send|embed|bring|operate|guarantee|build)\b",
    r"\bour (?:engineers|sres|devs|developers|people|consultants|bench|delivery|team would|"
    r"team will|team['’]d)\b",
    r"\b(?:prospect|rfp|deal|opportunity)\b",
    r"\b(?:want|wants|asked|asks|need|needs|expect|expects) us\b",
    r"\b(?:the|our) (?:client|customer|prospect)\b",
    # a third party that wants a vendor ("the bank's risk team, separately, wants a supplier
    # who ...", "they need a partner that"): the writer reports the client's wish, the
    # counterweight of the client cue "a vendor" (which counts twice: it is listed twice above)
    r"\b(?:they|he|she|(?:the \w+|[\w-]+['’]s)(?: \w+)? (?:team|lead|director|manager|head|"
    r"board|cio|cto|ceo|owner|side))(?:,[^,.;]{1,25},)?\s+(?:also\s+|still\s+|now\s+)?"
    r"(?:want|wants|need|needs|(?:is|are) looking for|asked for|asks for|require|requires|"
    r"seek|seeks)(?:\s*[:\-–—]\s*|\s+)(?:a|an)\s+(?:\w+\s+)?(?:vendor|provider|msp|agency|"
    r"supplier|partner|integrator)\b",
    # ("What they want: a provider to run the engine": the same wish, set out as a heading)
)

BOUNDARY: Final = COMPILED.compile(
    r"[!?;,:()\[\]\n\r\u2013\u2014]|\.(?!\d)|\s-\s"
    r"|\b(?:but|and|while|whereas|although|though|however|because|plus)\b",
    re.IGNORECASE,
)

SENTENCE: Final = COMPILED.compile(r"[!?;\n\r]|\.(?!\d)")

NEGATION: Final = COMPILED.compile(
    r"\b(?:no|not|never|without|neither|nor|none|nobody|nothing|lacks?|lacking|hardly|barely|"
    r"cannot|non|zero|dont|doesnt|cant|wont|isnt|arent|havent|hasnt|didnt|wasnt|werent|"
    r"shouldnt|wouldnt|refuse|refuses|refused|refusing|reject|rejects|rejected|rejecting|"
    # a removal takes the thing away: "they're removing the service credits"
    r"remove|removes|removed|removing|scrap|scraps|scrapped|scrapping|dropping)\b"
    r"|\bw/o\b|\bw/out\b"
    r"|n['’]t\b",
    re.IGNORECASE,
)

NEGATION_EXCEPTIONS: Final = COMPILED.compile(
    r"\b(?:not only|not just|no matter|nothing but|no doubt|not least|no later than|"
    r"not to mention|no[- ]brainer|can['’]t wait|couldn['’]t be|n['’]t (?:just|only)|"
    r"not (?:just|only))\b",
    re.IGNORECASE,
)

NEGATION_SUFFIX: Final = COMPILED.compile(
    r"[\s:?\-–—(]*(?:none|nope|not really|not yet|n/a|nonexistent|non-existent|nil|nada|"
    r"(?:is|are)(?: still)? (?:missing|absent|lacking|undefined|nonexistent|non-existent|"
    r"not (?:defined|there|in place|agreed)))\b",
    re.IGNORECASE,
)

HEDGE: Final = COMPILED.compile(
    r"\b(?:maybe|might|perhaps|possibly|not sure|unsure|unclear (?:whether|if)|"
    r"(?:don['’]?t|do not|doesn['’]?t) know|no idea|hopefully|whether|wondering|wonder if|"
    r"tbd|tbc|may or may not|if any|not clear (?:whether|if)|could be|can['’]?t tell|"
    r"hard to say|unknown|ask (?:them|the client)|need to (?:find out|check|confirm)|"
    r"to be confirmed|to be decided|not confirmed|unconfirmed|probably|likely|potentially|"
    r"(?-i:may) (?:want|need|be|have|require|ask|prefer|or|also|end up|get))\b",
    re.IGNORECASE,
)


def perspective(text: str) -> str:
    """``"client"`` when the writer is the client ("we need two devs to join our squad").

    Counts the kinds of cue for each side that occur (each kind once); provider wins ties,
    since most descriptions come from the provider's salespeople.
    """
    if not _FIRST_PERSON.search(text):
        return "provider"  # no "we" to resolve: "they" is the client, as usual
    if _WE_THE_VENDOR.search(text):
        return "provider"  # "Vendor (us) decides ...": the writer says who they are
    if len({m.group(1).lower() for m in _CRM_FIELD.finditer(text)}) >= 2:
        return "provider"  # "Opportunity: ... / Stage: ...": a seller's CRM record
    client = sum(1 for cue in CLIENT_CUES if cue.search(text))
    agency = client_agency(text)
    client += sum(1 for cue in VENDOR_CUES if any(
        _vendor_cue(text, m) and not (agency and m.group(0).lower().endswith("agency"))
        for m in cue.finditer(text)))
    provider = sum(1 for cue in PROVIDER_CUES if cue.search(text))
    return "client" if client > provider else "provider"


_FIRST_PERSON: Final = COMPILED.compile(r"\b(?:we|us|our|ours)\b", re.IGNORECASE)
_CRM_FIELD: Final = COMPILED.compile(
    r"^[ \t*•-]*(opportunity|opp|account|acct|stage|deal stage|next steps?|close date|"
    r"amount|deal size|opportunity owner|forecast category)[ \t]*:",
    re.IGNORECASE | re.MULTILINE,
)
"""A field of a sales CRM record ("Opportunity: ...", "Stage: Discovery"): two of them make the
writer the seller, whatever first persons a pasted client quote adds."""

_CLIENT_AGENCY: Final = COMPILED.compile(
    r"\b(?:tax|benefits?|revenue|government|federal|state|public|welfare|pensions?|employment|"
    r"customs|licensing|housing|health|environment(?:al)?|transport|statistics|social security|"
    r"national|regional|county|municipal|civil|defen[cs]e|immigration|border|education|"
    r"procurement|energy|water|highways?|food|medicines?|veterans['’]?|child support|"
    r"land registry|student (?:loans?|finance)) agency\b",
    re.IGNORECASE,
)


def client_agency(text: str) -> bool:
    """Whether ``text`` names the client as a public agency ("the benefits agency visit", "we
    are the IT department of a tax agency"): there "the agency" is the client, not a vendor."""
    return _CLIENT_AGENCY.search(text) is not None
_WE_THE_VENDOR: Final = COMPILED.compile(
    r"\b(?:vendor|provider|supplier|contractor|partner|msp|agency|integrator|consultancy|lab|"
    r"subcontractor)\s*\(\s*(?:us|we|that['’]s us|=\s*us)\s*\)",
    re.IGNORECASE,
)


def _vendor_cue(text: str, match: re.Match[str]) -> bool:
    """Whether a vendor named at ``match`` is a client cue: not in a sentence where "they" is
    the client and no "we" speaks ("they won't hand that to a vendor")."""
    start, end = _sentence_start(text, match.start()), _sentence_end(text, match.end())
    return (_THIRD_PERSON.search(text, start, end) is None
            or _FIRST_PERSON.search(text, start, end) is not None)


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in ".!?;\n") + 1


def _sentence_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find(c, pos) for c in ".!?;\n") if i >= 0]
    return min(ends) if ends else len(text)


_FOREIGN_PARTY: Final = {
    # mixed-language notes (German, Spanish, French, Portuguese, Hindi in Latin letters): the
    # party words the foreign-language rules name, as their English counterparts
    **dict.fromkeys(("wir", "uns", "unser", "unsere", "nosotros", "nos", "nuestro", "nuestra",
                     "nous", "notre", "nós", "nossa", "nosso", "hum", "hamari", "hamara",
                     "hamare"), "we"),
    **dict.fromkeys(("ihnen", "ihr", "ihre", "ellos", "ellas", "suya", "suyo", "eux", "leur",
                     "eles", "deles", "unka", "unki", "unke", "woh"), "they"),
}


_SIDE_OF: Final = re.compile(r"^(our|their|thier|your|my) (?:side|shoulders|heads?|plate)$")


def party_side(word: str, perspective: str) -> str | None:
    """``"provider"`` or ``"client"`` for a party word, given who wrote the text."""
    w = word.lower().replace("’", "'").removesuffix("'s").strip()
    w = re.sub(r"[\s-]+", " ", w)
    w = _FOREIGN_PARTY.get(w, w)
    # "on our side", "on their shoulders": whose side it is, the possessive's
    w = _SIDE_OF.sub(r"\1", w)
    other = "client" if perspective == "provider" else "provider"
    if w in ("they", "them", "their", "theirs", "thier", "there"):
        return other
    if w in ("he", "she", "his", "her"):  # someone on the client's side ("she'll direct them")
        return "client"
    if w in ("we", "us", "our", "ours", "my", "i"):  # "my team": whoever is speaking
        return perspective
    if re.fullmatch(r"(?:you|u) (?:guys|folks|lot|all)|y'?all", w):
        return "provider"
    if w in ("you", "your", "yours", "u", "ur"):
        return "provider" if perspective == "client" else None
    if re.fullmatch(r"(?:the )?(?:client|customer|cleint|custmer|costumer|clinet|prospect|"
                    r"company|business)", w):
        return "client"
    # "the Contractor", "the Service Provider" of a contract's clauses: the supplier
    if re.fullmatch(r"(?:the |a |an )?(?:provider|vendor|msp|partner|supplier|agency|integrator|"
                    r"consultancy|third party|contractor|subcontractor|service provider|bidders|"
                    r"tenderers|(?:successful |preferred |winning )?(?:bidder|tenderer))|(?:the |an? )?(?:outside|external|third party|"
                    r"specialist) \w+|bluegrid|someone(?: else)?|somebody", w):
        return "provider"
    if re.fullmatch(r"the (?:\w+ )?(?:vendor|provider|supplier|msp|contractor|integrator)(?:'s)? "
                    r"(?:team|teams|squad|squads|group|org|organi[sz]ation)", w):
        return "provider"  # "the firmware vendor team": the supplier's people, not the client's
    if re.fullmatch(r"(?:internal|in ?house) (?:staff|teams?|people|engineers|employees)", w):
        return "client"
    if w.startswith("the "):  # "the CTO", "the founders": the client's own people
        return "client"
    return "client" if perspective == "provider" else None
