"""The rule table behind ``dialogs.inference``: which phrases state which factor answers.

Each ``Rule`` is one compiled regex with one or more ``Effect``s. An effect names the factor,
the answer, a strength (3 explicit statement, 2 clear signal, 1 hint) and the answer to use when
the phrase is negated (``None``: a negated phrase says nothing). An answer of ``PARTY`` means
"whichever party the phrase names" (``(?P<p>...)``), resolved through the description's
perspective by ``party_side``.

Patterns are written in a small notation, expanded by ``_compile``:

* a space matches whitespace or a hyphen ("end to end" matches "end-to-end"), and
  `` ?`` an optional one ("help ?desk" matches "helpdesk" and "help desk");
* an apostrophe matches ``'`` or ``’``;
* ``<NAME>`` expands to one of the shared fragments in ``_MACROS``;
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
import hashlib
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
    flags: int = 0
    id: str = ""
    """Stable id shown by ``assess --explain`` and ``inferred.<factor>.rule``: the factor of
    its first effect and a digest of its source as written (``with_ids``); the parts a rule is
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
    rf"(?-i:(?=[A-Z])(?!(?:{_STOP_CAPS})\b)[A-Z][A-Za-z0-9&]*[a-z][A-Za-z0-9&]*"
    # a second capitalised word of the name ("Wayne Enterprises", "Dunder Mifflin")
    rf"(?: (?!(?:{_STOP_CAPS})\b)[A-Z][A-Za-z0-9&]*[a-z0-9&][A-Za-z0-9&]*)?)"
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
    rf"(?<!'s\s){_NAME_WORD}(?: {_NAME_WORD})?"
)

_PARTY_WORDS = (
    # "you guys", "u guys", "y'all": in a sales channel, the vendor (a quoted client talking to
    # it, or colleagues in delivery being addressed), whoever wrote the text (``party_side``)
    "(?:you|u) (?:guys|folks|lot|all)|y'?all|"
    "they|them|their|theirs|thier|we|us|our|ours|you|your|he|she|his|her|"
    # "there CTO", "there team": a common typo for "their", only before a role or a team
    "there(?= (?:cto|ceo|cio|vp|head|tech|team|teams|squad|pms?|po|product|architects?|"
    "engineering|engineers|devs|developers|em|ems|lead|leads|people|side|own|it|board)\\b)|"
    "(?:the )?(?:client|customer|cleint|custmer|costumer|clinet)" + _NOT_A_PARTY_AFTER + "|"
    "the prospect|the company|the business|"
    "the (?:bank|insurer|retailer|hospital|school|school district|district|university|council|"
    "ministry|startup|scale ?up|fintech|charity|nonprofit|manufacturer|utility|airline|publisher|"
    "broadcaster|brand|org|organi[sz]ation|enterprise|buyer|hotel chain|chain|firm|group)|"
    "the provider|the vendor|the msp|the partner|the supplier|a provider|a vendor|an msp|"
    "a partner|provider|vendor|msp|partner|bluegrid|someone else|someone|somebody|"
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

_MACROS: dict[str, str] = {
    "PARTY": rf"(?P<p>{_PARTY_WORDS}|{_COMPANY_ANY})(?:'s|(?<=s)')?",
    "THEM": rf"(?:{_PARTY_WORDS}|{_COMPANY_ANY})(?:'s|(?<=s)')?",
    "ROLE": (
        r"(?:own )?(?:cto|ceo|cio|ciso|cpo|cdo|coo|vp(?: of)? (?:engineering|eng|product|"
        r"technology)|vp eng|(?:s|e)?vps?(?: of \w+)?|"
        r"head of \w+(?: \w+)?|engineering managers?|ems?|tech(?:nical)? leads?|team leads?|"
        r"product owners?|pos?|product managers?|pms?|(?:chief |lead |principal )?architects?|"
        r"(?:data science|engineering|dev|platform|product|delivery) (?:lead|leads|manager|"
        r"managers)|(?:in ?house |internal |core |existing )?(?:devs|developers|engineers|"
        r"engineering|team|teams|people|staff)|side|folks|"
        r"management|leadership|it team|it managers?|it director|it lead|ops team|platform team|"
        r"product team|data team|managers?|founders?|business|stakeholders|product people|"
        r"quants?|(?:chief |lead |principal |data )?scientists?|clinicians|analysts|researchers|"
        r"designers|board|"
        r"(?:engineering |it |technical |development |delivery |programme |program |project |"
        r"product |qa |test |security |data |design )?directors?|director of \w+|"
        r"change (?:advisory )?board|cab|architecture (?:board|guild|council|team|review board)|"
        r"design authority|pmo|programme office|program office|scrum masters?|"
        r"lead (?:dev|developer|engineer|architect)s?|"
        r"(?:(?!(?:to|and|or|but|the|an?|will|would|is|are|was|were|be|been|who|that|which|"
        r"wants?|needs?|has|have|had)\b)[a-z]+ ){1,2}?(?:lead|leads|manager|managers|director|"
        r"directors|head|owner|owners|architects?|guild|office))"
    ),
    "AUX": (
        r"(?:'(?:re|ll|d|ve))?(?:(?: (?:will|would|should|must|shall|can|could|to|want to|wants to|"
        r"need to|needs to|have to|has to|get to|gets to|expect to|expects to|plan to|plans to|"
        r"intend to|intends to|insist on|insists on|prefer to|prefers to|also|still|always|"
        r"themselves|ourselves|alone|solely|fully|entirely|happy to|keen to|who|that|"
        r"insist on|insists on|are happy to|is happy to|be|personally|directly|hands on|keep|keeps|"
        r"continue to|continues to|would like to|'d like to|would rather|'d rather|"
        r"be expected to|are expected to|is expected to|expected to|are supposed to|"
        r"is supposed to|be asked to|are asked to|be required to|are required to|"
        r"do not|does not|did not|will not|would not|cannot|can not|never|"
        r"don't|doesn't|didn't|won't|wouldn't|can't|shouldn't)){0,3})"
    ),
    "WHOLLY": (
        r"(?:end to end|e2e|fully|entirely|completely|from end to end|top to bottom|soup to nuts)"
    ),
    "RARE": r"(?:rare|infrequent|uncommon|few and far between|a rarity)",
    "GUAR": r"(?:guarantee|guarentee|garantee|gaurantee|guarantie|guarante|garuntee|guarentee)",
    # a conjunct is not a request: in "they want us to build it and own the roadmap" the one
    # who owns the roadmap is "us", not the party that asks
    "CONJ": (
        r"(?: (?!(?:want|wants|wanted|need|needs|expect|expects|ask|asks|asked|like|hire|"
        r"hiring|require|requires|pay|pays|get|gets)\b)(?:\w+ ){0,5}?\w+(?: and|,(?: and)?)){0,2}"
    ),
    "ADV": (
        r"(?:(?:very|pretty|fairly|really|quite|largely|totally|super|rock|reasonably|extremely|"
        r"completely|entirely|fully|generally|relatively|clearly|already|now|still|all|so|"
        r"incredibly|highly|well|nicely|properly|basically|100%) ){0,2}"
    ),
    "COP": (
        r"(?: (?:are|is|were|was)(?:n't)?|'re|'s| (?:have|has|had)(?:n't)? (?:never |not |"
        r"always )?been| (?:remain|remains|remained|stay|stays|stayed|seem|seems|look|looks)"
        r"(?: to be)?)(?: not| never| no longer)?"
    ),
    "SYS": (
        r"(?:apis?|interfaces?|integrations?|api contracts?|contracts|endpoints?|schemas?|"
        r"data feeds?|feeds|upstream systems?|downstream systems?|hand ?offs?|integration points?|"
        r"connectors?|webhooks?|data models?|protocols?|systems around it|surrounding systems|"
        r"touchpoints|touch points|(?:surrounding|upstream|downstream|dependent|adjacent|"
        r"neighbouring|neighboring|connected|source|target) (?:services|systems|apps|"
        r"applications|platforms))"
    ),
    "SYSX": (
        # an interface noun, optionally followed by what it belongs to ("feeds from their ERP")
        r"<SYS>(?: (?:from|of|to|with|into|between|on) (?:\w+ ){0,3}?\w+(?= (?:are|is|have|has|"
        r"remain|remains|stay|stays|seem|seems|change|changes|evolve|evolves|shift|shifts|break|"
        r"breaks|move|moves|get|gets|haven't|hasn't|have not|has not|have|has|never|rarely|don't|"
        r"doesn't)\b)| (?:underneath|involved|themselves|that|which|"
        r"here|there|too|also|underneath it|behind it)"
        # a relative clause: "the APIs we'd integrate with", "the feeds they push to us"
        r"| (?:(?:that|which) )?(?:we|they|you|you guys|u guys)(?:'d|'ll|'re| would| will| need "
        r"to| have to| must)? (?:integrate|connect|talk|hook|plug|interface|sync|push|pull|read|"
        r"write|consume|call|depend)(?: up| in| data)? (?:with|to|into|against|from|on)"
        r"(?: (?:us|them))?)?"
    ),
    "REQ": (
        r"(?:requirements?|requirments?|reqs|specs?|specifications?|priorities|scope|roadmap|"
        r"backlog|plans?|brief|asks|goals|user stories|stories|rules|business rules)"
    ),
    "REQS": (
        r"(?:requirements?|requirments?|reqs|specs?|specifications?|priorities|roadmap|plans?|"
        r"user stories|rules|business rules)"
    ),
    "N": (
        r"(?:one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a couple|couple of|"
        r"a few|a handful of|several|a pair of|\d+|\d+ to \d+|\d+ or \d+|"
        r"some|extra|additional|more)"
    ),
    "OUTCOME": (
        r"(?:outcomes?|results?|delivery|deliverables?|delivery risk|risk|uptime|reliability|"
        r"incidents?|slas?|quality|success|deadlines?|dates?|go ?live|launch|availability|"
        r"performance|targets?|milestones?|the result|it working|timelines?|cutover|releases?|"
        r"service levels?|the service|the platform|the outcome)"
    ),
    "PEOPLE": (
        r"(?:engineers?|developers?|devs?|programmers?|testers?|qas?|sres?|consultants?|people|"
        r"heads|resources|contractors?|freelancers?|bodies)"
    ),
    "UNIT": (
        r"(?:team|teams|squad|squads|crew|pods?|scrum teams?|standups?|sprints?|ceremonies|jira|"
        r"org|department|engineering|dev team|process|processes|workflow|backlog)"
    ),
}


MACROS: Final = _MACROS
"""The fragments ``<NAME>`` stands for, besides those of ``dialogs/rules/macros.toml``."""

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



def with_ids(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """``rules`` with their stable ids set (``<factor>.<8 hex digits of the source>``)."""
    out: list[Rule] = []
    seen: set[str] = set()
    for rule in rules:
        base = f"{rule.effects[0].factor}.{hashlib.blake2s(rule.source.encode(), digest_size=4).hexdigest()}"
        rid, n = base, 1
        while rid in seen:
            n += 1
            rid = f"{base}-{n}"
        seen.add(rid)
        out.append(dataclasses.replace(rule, id=rid))
    return tuple(out)


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
    return unquote(lowered)


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


def E(factor: str, value: str, strength: int, negated: str | None = None) -> Effect:
    return Effect(factor, value, strength, negated)


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
) -> Rule:
    """A ``Rule`` from a pattern in the notation (``macros``: the fragments, default
    ``MACROS``); ``block`` is a plain regex, matched ignoring case."""
    body = _body(src, macros)
    party_first = body.startswith(_PARTY_GROUP) and all(
        b.startswith(_PARTY_GROUP) for b in alternatives(body))
    source = _compile(body, src)
    return Rule(
        source, effects, negatable, client_only, default_party,
        COMPILED.compile(block, re.IGNORECASE) if block else None, inner_negation, party_first,
        party_lookback=party_lookback, lookback_sentence=lookback_sentence,
        party_groups=_groups(source),
    )


R = rule


# --- perspective, clauses, negation and hedges ------------------------------------------------

def _cues(*sources: str) -> tuple[re.Pattern[str], ...]:
    return tuple(COMPILED.compile(src, re.IGNORECASE) for src in sources)


CLIENT_CUES: Final = _cues(
    # Each kind of cue counts once, however often it occurs (see ``perspective``).
    r"\bwe(?:['’]re| are)? (?:really |urgently |just |now |currently |basically )?(?:need|want|"
    r"wanted|looking for|searching for|seeking|hiring|trying to hire|would like|['’]d like)\b",
    r"\b(?:join|joining|into|embedded in|embed in|embedded with|inside|within|in|with) our "
    r"(?:\w+ )?(?:team|teams|squad|squads|devs|engineers|org|standups?|sprints?)\b",
    r"\bour (?:in-?house|internal|own) (?:\w+ )?(?:team|teams|devs|developers|engineers|staff|"
    r"it)\b",
    r"\bour (?:cto|vp|head of|engineering manager|em|ems|tech lead|product owner|po|backlog|"
    r"roadmap|sprints?|codebase|architects?|squad|devs|board|ceo|product team|users|customers|"
    r"business|company|it manager|it team)\b",
    r"\b(?:a|an|the) (?:vendor|provider|msp|agency|supplier)\b",
    r"\b(?:you|your|u guys|y['’]?all)\b",
    r"\bwe (?:want to|need to|plan to|['’]d like to|would like to) (?:outsource|hand|offload|"
    r"bring in|augment|extend)\b",
    r"\boff our hands\b",
    # a named third party ("the vendor", "the agency") is a strong sign the writer is the client
    r"\b(?:the|our|an?) (?:vendor|provider|msp|agency|supplier|integrator|outside team|"
    r"external team)\b",
)

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
    r"shouldnt|wouldnt)\b|n['’]t\b",
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
    client = sum(1 for cue in CLIENT_CUES if cue.search(text))
    provider = sum(1 for cue in PROVIDER_CUES if cue.search(text))
    return "client" if client > provider else "provider"


_FIRST_PERSON: Final = COMPILED.compile(r"\b(?:we|us|our|ours)\b", re.IGNORECASE)


def party_side(word: str, perspective: str) -> str | None:
    """``"provider"`` or ``"client"`` for a party word, given who wrote the text."""
    w = word.lower().replace("’", "'").removesuffix("'s").strip()
    w = re.sub(r"[\s-]+", " ", w)
    other = "client" if perspective == "provider" else "provider"
    if w in ("they", "them", "their", "theirs", "thier", "there"):
        return other
    if w in ("he", "she", "his", "her"):  # someone on the client's side ("she'll direct them")
        return "client"
    if w in ("we", "us", "our", "ours"):
        return perspective
    if re.fullmatch(r"(?:you|u) (?:guys|folks|lot|all)|y'?all", w):
        return "provider"
    if w in ("you", "your", "yours"):
        return "provider" if perspective == "client" else None
    if re.fullmatch(r"(?:the )?(?:client|customer|cleint|custmer|costumer|clinet|prospect|"
                    r"company|business)", w):
        return "client"
    if re.fullmatch(r"(?:the |a |an )?(?:provider|vendor|msp|partner|supplier|agency|integrator|"
                    r"consultancy|third party)|(?:the |an? )?(?:outside|external|third party|"
                    r"specialist) \w+|bluegrid|someone(?: else)?|somebody", w):
        return "provider"
    if w.startswith("the "):  # "the CTO", "the founders": the client's own people
        return "client"
    return "client" if perspective == "provider" else None


# --- the rules --------------------------------------------------------------------------------

_SCOPE = (
    R(r"(?:well|clearly|tightly|narrowly|properly|precisely|sharply|strictly|fully|clear(?:ly)?) "
      r"(?:defined|scoped|bounded|specified|delimited)(?! <SYS>)",
      E("scope", "bounded", 2, "open")),
    R(r"(?:fixed|clear|defined|agreed|tight|narrow|firm|locked|known|small) scope"
      r"|scope(?:<COP>|(?: \w+)? (?:is|are))(?: \w+(?: and)?)? (?:clear|fixed|defined|bounded|"
      r"locked|"
      r"agreed|frozen|signed off|well understood|crystal clear|nailed down|contained|limited)"
      r"|scope of work",
      E("scope", "bounded", 2, "open")),
    R(r"clear (?:deliverables|definition of done|acceptance criteria|boundaries|boundary|edges|"
      r"outcomes|statement of work|remit|brief|end state|exit criteria|success criteria|end date)"
      r"|(?:deliverables|boundaries|definition of done)<COP> <ADV>(?:clear|crystal clear|defined|"
      r"fixed|agreed|documented|signed off|written down|well understood)",
      E("scope", "bounded", 2, "open")),
    R(r"(?:bounded|self contained|ring ?fenced|stand ?alone|discrete|isolated|contained|"
      r"well contained) (?:piece|project|scope|service|workstream|work stream|component|module|"
      r"workload|system|chunk|task|deliverable|engagement|bit|area|app|application|tool|"
      r"website|site|product)s?"
      r"|statement of work|sow|fixed (?:deliverables|scope)|one off (?:project|migration|build)"
      r"|(?:(?:the|this|that) (?:\w+ )?(?:work|project|engagement|job|task|work stream|workstream|"
      r"problem|service)|it|this|scope)(?: itself)?<COP> <ADV>(?:bounded|self contained|contained|"
      r"clear cut|ring ?fenced|well defined|clearly defined|well understood)"
      r"|(?:define|defines|defining) (?:what )?(?:done|\"done\"|'done')|definition of done"
      r"|(?:requirements|the brief|the spec)<COP> <ADV>(?:clear|well defined|clearly defined|well "
      r"understood|crystal clear|nailed down|documented)",
      E("scope", "bounded", 2, "open")),
    R(r"(?:24/7|24x7|24 x 7)(?: (?:monitoring|support|operations|ops|coverage|on call|noc|soc|"
      r"service desk|help ?desk|alerting|incident response))?|round the clock|around the clock|run ?books?|"
      r"help ?desk|service ?desk|noc|soc|l1(?:/l2)?|l2|first line support|second line support|"
      r"tier [12] support|patching|backups?|(?:infrastructure |infra |server |network |cloud )?"
      r"monitoring|alert triage|incident response|keep(?:ing)? the lights on|ktlo|bau|"
      r"business as usual|(?:infrastructure|infra|platform|server|network|database|cloud|it) "
      r"(?:operations|ops|maintenance|support|management|administration)|managed (?:hosting|"
      r"infrastructure|network|security|database|backups?|soc|noc|service desk)|dba|database "
      r"administration|os upgrades|routine maintenance|application support|ops support"
      r"|run(?:s|ning)? (?:the |their |our )?on call"
      r"|(?:hosted|monitored|patched|backed up|maintained)(?:,| and) (?:\w+ )?(?:monitored|patched|"
      r"backed up|maintained|supported|updated)",
      E("scope", "bounded", 1)),
    R(r"(?:partly|partially|half|semi|loosely|roughly|somewhat|mostly|only partly|only partially) "
      r"(?:defined|scoped|bounded|specified|clear)"
      r"|(?:some|part|parts|half) of (?:it|the work|the scope|the project|the engagement)(?: \w+)?"
      r" (?:is|are) (?:well |clearly )?(?:defined|scoped|clear|bounded)"
      r"|(?:first|initial) phase(?: \w+)? (?:is|are) (?:well |clearly )?(?:defined|scoped|clear)"
      r"|rough scope|high level scope",
      E("scope", "partly", 2)),
    R(r"open ended|exploratory|ill defined|poorly (?:defined|scoped)|vague|fuzzy|unscoped|"
      r"unbounded|undefined scope"
      r"|(?:scope|requirements|brief)<COP>(?: \w+)? (?:unclear|fuzzy|vague|open|fluid|tbd|"
      r"moving|undefined|evolving|growing|unknown|all over the place|open ended)"
      r"|whatever (?:comes up|they need|needs doing|is needed|pops up|we need|comes along)"
      r"|(?:backlog|scope|wish ?list|list)(?: (?:that|which))?(?: just)? (?:keeps|is|'s|keep) "
      r"(?:growing|expanding|getting bigger)|growing backlog|ever growing|scope creep"
      r"|figur(?:e|ing) (?:it |things |stuff )?out as (?:we|they|you) go|as we go"
      r"|r ?& ?d|r and d|research (?:project|work|spike|effort)|discovery (?:phase|work|project)"
      r"|(?:general|ongoing|open) (?:dev|development|engineering) (?:capacity|help|support|work)"
      r"(?: retainer)?"
      r"|help (?:out )?with (?:whatever|anything)|ad hoc (?:tasks|work|requests|stuff)"
      r"|(?:bucket|pool|bank|block) of (?:hours|days)"
      r"|explor(?:e|ing|ation)",
      E("scope", "open", 2)),
    # "a moving target", unless it is the interfaces that move ("the APIs are a moving target")
    R(r"moving target", E("scope", "open", 2),
      block=r"\b(?:apis?|interfaces?|integrations?|schemas?|feeds?|endpoints?|contracts?|"
            r"systems?|hand ?offs?|data models?)\b[^,;.:!?]{0,40}$"),
    R(r"(?:no|without (?:a |any )?|lack of|lacking|missing) (?:clear|defined|fixed|real|agreed|"
      r"firm|proper|written) (?:scope|deliverables|end ?date|definition of done|boundaries|brief|"
      r"requirements|spec|statement of work)"
      r"|(?:no one|nobody|noone) (?:really )?knows (?:yet )?(?:what|how) (?:done|'done'|\"done\"|"
      r"the end state|success|the end result|it) (?:looks|should look|will look)",
      E("scope", "open", 2), negatable=False),
    R(r"(?:evolving|changing|shifting|fluid|emerging) (?:scope|brief|requirements|needs)"
      r"|retainer"
      r"|greenfield|prototyp(?:e|es|ing)|poc|proof of concept|mvp|experiment(?:s|al|ation)?",
      E("scope", "open", 1)),
)

_INTERFACES = (
    R(r"stable(?:,| and)? (?:\w+ )?<SYS>", E("interfaces", "stable", 2, "volatile")),
    R(r"<SYSX><COP> <ADV>(?:stable|fixed|frozen|locked(?: down)?|settled|mature|unchanged|"
      r"set in stone|rock solid|steady|well established)",
      E("interfaces", "stable", 2, "volatile")),
    R(r"<SYSX><COP> (?:mostly|somewhat|more or less|semi|kind of|sort of) stable"
      r"|(?:mostly|somewhat|more or less|semi) stable <SYS>"
      r"|<SYSX> (?:change|changes|evolve|evolves|get updated|gets updated|shift|shifts) "
      r"(?:occasionally|sometimes|now and then|every now and then|from time to time|"
      r"every (?:few|couple of|couple|two|three|six) (?:months|quarters)|(?:once|twice) a "
      r"(?:quarter|year)|a (?:few|couple of|couple) times a (?:year|quarter)|once or twice a "
      r"(?:year|quarter)|quarterly|infrequently|every so often|a bit)"
      r"|(?:occasional|some|minor|infrequent|the odd|a few) (?:api|interface|integration|schema|"
      r"contract) changes",
      E("interfaces", "some_change", 2)),
    R(r"(?:well )?documented (?:and (?:versioned|stable) )?<SYS>|versioned <SYS>"
      r"|<SYSX><COP> <ADV>(?:well )?(?:documented|versioned)",
      E("interfaces", "stable", 1)),
    R(r"<SYSX> (?:haven't|have not|hasn't|has not|didn't|did not) (?:really |much )?"
      r"(?:changed?|moved|budged) (?:much )?(?:in|for|since)"
      r"|<SYSX> (?:never|rarely|seldom|hardly ever|almost never|don't|do not|doesn't|does not|"
      r"won't) (?:really )?(?:change|move)",
      E("interfaces", "stable", 2), negatable=False),
    R(r"legacy (?:\w+ ){0,2}?(?:system|platform|app|application|mainframe|erp|stack|codebase|"
      r"estate)s?,? (?:that |which )?(?:doesn't|does not|don't|do not|never|rarely|hardly ever|"
      r"won't|has not|hasn't|haven't) (?:really )?(?:change|changes|changed|evolve|evolves|"
      r"get touched|gets touched|move|moves|been touched)",
      E("interfaces", "stable", 2), E("change_rate", "slow", 2), negatable=False),
    R(r"standard protocols|industry standard (?:apis|protocols|interfaces)",
      E("interfaces", "stable", 1)),
    R(r"frozen <SYS>", E("interfaces", "stable", 2)),
    R(r"<SYSX><COP> (?:still )?(?:being|getting) (?:designed|defined|built|written|redesigned|"
      r"reworked|rewritten|changed|worked out|negotiated|figured out|specced|rebuilt|replaced|"
      r"re ?architected|refactored|migrated)"
      r"|<SYSX><COP> still (?:in design|in progress|under construction|changing|evolving|moving|"
      r"in flux|being designed|being built|in development)"
      r"|<SYSX><COP> (?:in flux|in progress|under construction|a moving target|a mess|brittle|"
      r"flaky|up in the air|all over the place|a work in progress)",
      E("interfaces", "volatile", 2)),
    R(r"<SYSX><COP> <ADV>(?:changing|moving|shifting|evolving|unstable|volatile|fluid|churning)"
      r"|(?:unstable|volatile|shifting|changing|moving|evolving|fluid|flaky|brittle|half built|"
      r"unfinished|in flux) <SYS>",
      E("interfaces", "volatile", 2, "stable")),
    R(r"<SYSX><COP> <ADV>(?:not (?:yet )?|un)(?:defined|designed|specified|settled|agreed|"
      r"finali[sz]ed)"
      r"|(?:no|without) (?:stable|defined|agreed|fixed|clear|settled) <SYS>"
      r"|(?:no|without) (?:<SYS> )?(?:contracts?|specs?) (?:for|between|on) (?:the )?<SYS>",
      E("interfaces", "volatile", 2), negatable=False),
    R(r"(?:constantly|always|frequently|continually|continuously|keep|keeps|regularly) "
      r"(?:changing|breaking|shifting|moving|evolving|change|break|shift|move) (?:the |their |our )?"
      r"<SYS>"
      r"|<SYS> (?:that |which )?(?:change|changes|break|breaks|shift|shifts|move|moves|evolve|"
      r"evolves)"
      r"(?: \w+)? (?:constantly|all the time|every (?:week|sprint|day|release|other week|month)|"
      r"weekly|daily|monthly|often|frequently|a lot|regularly|without notice|with no notice|"
      r"without warning|with no warning|unannounced|"
      r"under (?:us|our feet))"
      r"|(?:<SYS>(?: \w+){0,4}? )?(?:changes|changing|moves|moving|shifts|shifting) under (?:our|"
      r"their|your) feet"
      r"|breaking (?:api |interface |schema |contract )?changes",
      E("interfaces", "volatile", 2), inner_negation=False),
    R(r"mid (?:migration|rewrite|re ?write|rebuild|re ?platform|re ?platforming|refactor|transition)"
      r"|(?:in the middle of|halfway through|partway through|part way through|"
      r"in the midst of|midway through) (?:a |the |an |their |our )?(?:\w+ ){0,3}?(?:migration|"
      r"re ?platforming|rewrite|re ?write|re ?architecture|transformation|cloud move|move to|"
      r"moving to|migrating to|moving off|migrating off|migrating from|moving from)",
      E("interfaces", "volatile", 2)),
    R(r"re ?platforming|being re ?written|rewriting (?:the |their |our )?(?:\w+ )?(?:platform|"
      r"backend|core|system|stack|apis?)",
      E("interfaces", "volatile", 1)),
)

_MEASURABILITY = (
    R(r"slas?|slos?|service level(?:s| agreements?| targets?| objectives?)?|"
      r"(?:uptime|availability) (?:target|guarantee|commitment|sla|objective)s?|error budgets?|"
      r"(?:response|resolution|recovery|turnaround|restore|fix|time to respond|time to resolve) "
      r"times?|mttr|mttd|mtta|rto|rpo|within \d+ (?:minutes|mins|min|hours|hrs|h|business hours)"
      r"|(?:response|resolution|response time|resolution time|uptime|availability|mttr) targets?",
      E("measurability", "independent", 2), E("accountability", "provider", 1)),
    R(r"\d{2}(?:\.\d+)?\s?% (?:uptime|availability|sla|of the time|up|service level)"
      r"|(?:uptime|availability|sla) (?:of|at) \d{2}(?:\.\d+)?\s?%|99(?:\.\d+)?\s?%",
      E("measurability", "independent", 3), E("accountability", "provider", 1)),
    R(r"kpis?|key performance indicators|tickets? (?:resolved|closed|handled)|(?:first call|"
      r"first contact) resolution|csat|p9[59] latency|latency targets?|measurable (?:targets|"
      r"outcomes|results|kpis|goals|deliverables)|(?:measured|judged|paid|evaluated|assessed|"
      r"scored) (?:on|against|by) (?:\w+ ){0,3}?(?:kpis?|slas?|targets?|metrics|uptime|tickets|"
      r"outcomes|response times?|milestones|throughput|results|deliverables)|(?:performance|"
      r"service|uptime|availability|delivery|agreed|mttr|resolution|response) targets?",
      E("measurability", "independent", 2)),
    R(r"acceptance (?:tests|criteria)|(?:delivery )?milestones", E("measurability", "independent", 1)),
    R(r"(?:easy|easily|straightforward|simple) to (?:measure|verify|track)"
      r"|(?:independently|objectively|clearly|easily|separately) (?:measurable|measured|verifiable)"
      r"|(?:can|could) be (?:measured|verified|tracked) (?:independently|objectively|on (?:its|their) "
      r"own|separately|in isolation)"
      r"|(?:outcomes?|results?|it|the work|success|delivery|performance)<COP> <ADV>measurable"
      r"(?: (?:independently|objectively|on (?:its|their) own|separately))?",
      E("measurability", "independent", 2, "entangled")),
    R(r"(?:partly|partially|somewhat|half) measurable"
      r"|some (?:of (?:it|the work|the outcomes)|outcomes|parts?) (?:can be|are|is) "
      r"(?:measured|measurable)",
      E("measurability", "partly", 2)),
    R(r"(?:depends?|depending|dependent|reliant|relies|rely) (?:\w+ ){0,2}?(?:on|upon) "
      r"(?:<THEM> )?(?:\w+ ){0,2}?(?:teams?|devs|developers|engineers|people|staff|in house|"
      r"releases|work|input|decisions|deliveries|backlog|squads?)"
      r"|(?:hard|difficult|impossible|tricky|tough|not easy) to (?:measure|attribute|isolate|"
      r"separate|tell who)"
      r"|(?:can't|cannot|can not|couldn't) (?:really )?(?:be )?(?:measure|measured|attribute|"
      r"attributed|isolate|isolated|separate|separated)"
      r"|no (?:way|clean way|real way|good way|clear way|obvious way) to (?:measure|attribute|"
      r"isolate|tell)"
      r"|(?:not|isn't|aren't) (?:really |easily |independently |separately )?measurable"
      r"|unmeasurable|entangled|intertwined"
      r"|tightly (?:coupled|tied|linked|bound) (?:to|with) (?:\w+ ){0,2}?(?:teams?|work|releases|"
      r"devs)"
      r"|(?:shared|same|common|single) (?:codebase|code base|repo|repository|monorepo)"
      r"|(?:mixed|blended|joint|integrated|combined) teams?",
      E("measurability", "entangled", 2), negatable=False),
    R(r"(?:alongside|side by side with|shoulder to shoulder with|together with|pairing with|"
      r"pair with|paired with) (?:\w+ ){0,2}?(?:devs|developers|engineers|team|teams|staff)",
      E("measurability", "entangled", 1)),
)

_FAST_WHEN = (
    r"(?:weekly|daily|every (?:week|day|sprint|few days|other week|standup|iteration|other day|"
    r"monday|morning)|each (?:week|sprint|day)|constantly|all the time|a lot|(?:very |really |"
    r"super )?often|frequently|quickly|fast|rapidly|overnight|on a whim|mid sprint|every time)"
)

_CHANGE = (
    R(r"(?:<REQ>|things|everything|stuff) (?:that |which )?(?:change|changes|changing|shift|"
      r"shifts|shifting|move|"
      r"moves|moving|evolve|evolves|flip|flips|churn|churns|get rewritten|get reshuffled)(?: \w+)? "
      + _FAST_WHEN,
      E("change_rate", "fast", 2, "slow")),
    R(r"(?:chang(?:e|es|ing)|rewrit(?:e|es|ing)|reshuffl(?:e|es|ing)|shuffl(?:e|es|ing)|"
      r"redo(?:es)?|rework(?:s|ing)?|flip(?:s|ping)?) (?:the |their |our |its )?<REQ> "
      + _FAST_WHEN,
      E("change_rate", "fast", 2, "slow")),
    R(r"(?:constantly|always|frequently|rapidly|continuously|continually|forever|quickly|ever) "
      r"(?:changing|shifting|moving|evolving) (?:<REQ>|targets?|goal ?posts?)"
      r"|(?:changing|shifting|moving) (?:<REQ>|goal ?posts?) (?:every|weekly|daily|constantly|"
      r"all the time)"
      r"|mov(?:e|es|ing) (?:the )?goal ?posts|pivot(?:s|ed|ing)?"
      r"|fast (?:moving|paced|changing|evolving)|rapidly (?:changing|evolving|shifting)"
      r"|(?:re ?)?priorit(?:i[sz]e[sd]?|i[sz]ing|i[sz]ation|ies)(?: \w+){0,3}? (?:every|each) "
      r"(?:sprint|week|day|standup|morning)"
      r"|re ?prioriti[sz](?:e|es|ed|ing|ation)(?: \w+){0,3}? (?:constantly|all the time|a lot|"
      r"weekly|daily|every week|every sprint|non stop)"
      r"|agile sprints? (?:get |are )?re ?priorit\w+"
      r"|(?:keep|keeps|kept|constantly|always) chang(?:e|es|ing) (?:direction|course|their minds?|"
      r"tack|priorities|requirements|the brief|the spec|the plan)"
      r"|chang(?:e|es|ing) (?:their|its|his|her) minds? (?:a lot|often|constantly|all the time|"
      r"every|weekly|daily)",
      E("change_rate", "fast", 2)),
    R(r"startups?|scale ?ups?|early stage|seed stage|series [ab]|product market fit"
      r"|(?:move|moving|ship|shipping|release|releasing|deploy|deploying) (?:fast|quickly|daily|"
      r"weekly|multiple times a (?:day|week)|several times a (?:day|week))"
      r"|(?:daily|weekly) (?:releases?|deploys?|deployments?)"
      r"|(?:very |highly )?dynamic (?:environment|market|business|product|space)",
      E("change_rate", "fast", 1)),
    R(r"<REQ> (?:that |which )?(?:change|changes|shift|shifts|evolve|evolves|move|moves|"
      r"get updated|gets updated|"
      r"are revisited|get revisited)(?: \w+)? (?:every (?:few|couple of|couple|two|three|four|2|"
      r"3|4|six) (?:weeks|sprints)|monthly|every month|each month|once a month|every (?:two "
      r"weeks|fortnight|release|other sprint)|occasionally|sometimes|now and then|from time to "
      r"time|every so often|periodically|moderately|somewhat|a bit|at a moderate pace|at a "
      r"steady pace|bi ?weekly)"
      r"|(?:moderate|steady|manageable|reasonable|some) (?:pace of change|rate of change|amount of "
      r"change|churn)"
      r"|(?:monthly|bi ?weekly|fortnightly) (?:re ?prioriti[sz]ation|planning|priorit\w+)",
      E("change_rate", "moderate", 2)),
    R(r"(?:rarely|seldom|hardly ever|almost never|never|barely|infrequently|hardly) (?:ever )?"
      r"chang(?:e|es)(?: (?:much|often|a lot|very often|frequently))?"
      r"|(?:don't|doesn't|do not|does not|won't|will not|dont|doesnt) (?:really )?(?:ever )?"
      r"chang(?:e|es)(?: (?:much|often|a lot|very often|frequently|anymore|any more)|(?=\s*(?:[.,;!)"
      r"\n]|$|and\b|but\b|so\b)))"
      r"|(?:haven't|hasn't|have not|has not|hadn't|didn't) (?:really |much |significantly )?"
      r"changed? (?:(?:much|significantly) )?(?:in|for|since)"
      r"|no longer chang(?:e|es|ing)|(?:very )?little (?:change|churn)"
      r"|(?:changes?|changed|evolves?|moves?) (?:very |really )?(?:rarely|slowly|seldom|"
      r"infrequently|once a year|annually|yearly|quarterly|once a quarter|at a glacial pace)"
      r"|set in stone",
      E("change_rate", "slow", 2), negatable=False,
      block=r"\b(?:apis?|interfaces?|schemas?|feeds|integrations?|endpoints?|api contracts?)\b"
            r"(?!.*\b(?:requirements?|requirments?|reqs|specs?|priorities|roadmap|rules)\b)"),
    R(r"(?:stable|fixed|frozen|settled|locked|agreed|signed off) <REQS>"
      r"|<REQS><COP> <ADV>(?:stable|fixed|frozen|settled|locked(?: down| in)?|well understood|"
      r"predictable|signed off)"
      r"|slow (?:moving|changing|paced)|steady state|predictable (?:workload|work|demand|volumes?|"
      r"roadmap)|quarterly (?:roadmap|planning|release|releases)|same (?:every|each) (?:month|week|"
      r"year|day)|year long (?:roadmap|plan)|annual (?:roadmap|plan|release)",
      E("change_rate", "slow", 2)),
    R(r"(?:mature|stable|established) (?:\w+ )?(?:product|platform|system|environment|workload|"
      r"codebase|estate|"
      r"service)s?"
      r"|(?:the |their |our )?(?:system|platform|product|environment|codebase)<COP> <ADV>mature",
      E("change_rate", "slow", 1)),
)

_DOMAIN = (
    R(r"deep (?:domain|business|industry|product|subject matter|functional|\w+ domain) "
      r"(?:knowledge|expertise|understanding|context|know how)"
      r"|(?:heavy|lots of|a lot of|significant|extensive|intimate|specialist|speciali[sz]ed|niche|"
      r"serious|real) (?:domain|business|industry) (?:knowledge|expertise|understanding|context|"
      r"logic)"
      r"|domain (?:heavy|intensive|specific (?:logic|knowledge|rules)|expertise)"
      r"|(?:complex|intricate|convoluted|arcane|gnarly) (?:business|domain) (?:logic|rules)"
      r"|tribal knowledge|secret sauce|crown jewels|deep domain"
      r"|core (?:domain|business logic|business|product|platform|engine|ip|algorithms?|trading|"
      r"pricing|offering|logic|of (?:the|their|our) (?:business|product))"
      r"|heart of (?:the|their|our) (?:business|product|platform)"
      r"|(?:their|the|our) (?:whole|entire) business"
      r"|(?:business|mission) critical (?:core|domain|logic)"
      r"|proprietary (?:\w+ ){0,2}?(?:logic|algorithms?|models?|engine|rules|platform|system|"
      r"methodology|pipeline|workflows?|software|code)"
      r"|(?:trading|pricing|underwriting|actuarial|clinical|claims|risk|settlement|"
      r"reconciliation) (?:logic|engine|rules|models?|algorithms?)"
      r"|live[sd]? the business|know(?:s)? (?:the|their|our) (?:business|domain) (?:inside out|"
      r"deeply|intimately)|(?:months|years|ages) to (?:learn|understand|ramp up on|get up to "
      r"speed on) (?:the |their |our )?(?:domain|business)|steep (?:domain |business )?learning "
      r"curve"
      r"|(?:understand|understands|know|knows|learn|learns) (?:\w+ ){1,3}?inside out"
      r"|only (?:their|the client's|the customer's|our|its) (?:own )?(?:\w+ ){0,2}?(?:people|team|"
      r"teams|staff|quants?|experts?|engineers|analysts|scientists|actuaries|specialists|folks) "
      r"(?:really )?(?:understand|understands|know|knows|get|gets|grasp)"
      r"|(?:domain|business|industry) (?:knowledge|expertise|context|understanding)<COP> "
      r"(?:absolutely |really )?(?:essential|critical|key|a must|crucial|vital|mandatory|"
      r"non negotiable)",
      E("domain_coupling", "deep", 2, "low")),
    R(r"(?:some|moderate|a bit of|a little|basic|a little bit of|light) (?:domain|business|"
      r"industry) (?:knowledge|context|understanding|expertise)"
      r"|(?:domain|business) (?:knowledge|context)<COP>? (?:helps|is helpful|is a plus|is nice to "
      r"have|would help|a plus|nice to have)",
      E("domain_coupling", "medium", 2)),
    R(r"(?:no|little|minimal|zero|not much|hardly any|without|without any) (?:special |specific |"
      r"particular |real |deep |prior )?(?:domain|business|industry) (?:knowledge|context|"
      r"expertise|understanding)(?: (?:needed|required|necessary))?"
      r"|(?:doesn't|does not|don't|do not|won't|will not|shouldn't) (?:really )?(?:need|require) "
      r"(?:any |much |deep |special |specific |real )?(?:(?:domain|business|industry) (?:knowledge|"
      r"context|expertise|understanding|experts?)|subject matter experts?|specialists?)"
      r"|non core|not (?:part of )?(?:their|the|our) core(?: \w+)?"
      r"|nothing (?:specific|unique|special|particular) (?:to|about) (?:their|the|our) "
      r"(?:business|domain|industry)"
      r"|(?:any|a) (?:competent|capable|decent|good|reasonable|qualified|solid) (?:provider|"
      r"vendor|team|engineer|sre|dba|msp|shop|ops team|data engineer|developer|dev|admin|"
      r"sysadmin) could (?:do|run|handle|take|pick up|maintain|support|operate|own) (?:it|this|that)"
      r"|(?:anyone|anybody) (?:competent )?could (?:do|run|handle|pick up) "
      r"(?:it|this|that)",
      E("domain_coupling", "low", 2), negatable=False),
    R(r"commodity|generic|undifferentiated|off the shelf|industry standard|bog standard"
      r"|(?:standard|vanilla|plain|boring|textbook|routine|basic) (?:infrastructure|infra|setup|"
      r"stack|tooling|it|work|tasks?|services?|ops|operations|stuff|devops|cloud|aws|azure|gcp|"
      r"kubernetes|k8s|linux|windows|wordpress|crm|erp|sre|it support|support|microsoft 365|"
      r"m365|office 365)"
      r"|(?:it|this|the work)<COP> (?:pretty |fairly |very |all |totally )?(?:standard|generic)",
      E("domain_coupling", "low", 2)),
    R(r"(?:infrastructure|infra|server|network|cloud) monitoring|patching|backups?|os upgrades|"
      r"password resets|laptop (?:provisioning|support|management|setup|rollouts?)|"
      r"end user support|help ?desk|service ?desk",
      E("domain_coupling", "low", 1)),
)

_LEAD_ADJ = (
    r"(?:strong|solid|great|excellent|experienced|seasoned|capable|mature|competent|hands on|"
    r"very good|good|senior|proven|engaged|involved|sharp|brilliant|technical|opinionated)"
)
_LEADER = (
    r"(?:engineering |technical |tech |product )?(?:leadership|ctos?|vps?(?: of)? engineering|"
    r"vps?|heads? of engineering|engineering managers?|ems|tech leads?|team leads?|architects?|"
    r"engineering (?:org|organi[sz]ation|culture|function|management)|management|governance|"
    r"product owners?)"
)

_LEADERSHIP = (
    R(_LEAD_ADJ + " " + _LEADER,
      E("leadership", "strong", 2, "weak"), client_only=True, party_lookback=True),
    R(r"(?:cto|ctos|vp engineering|vp(?: of (?:eng|engineering|technology|product|platform|it|"
      r"data|infrastructure|delivery|software))?(?! of)|head of engineering|engineering managers?|ems|"
      r"tech leads?|architects?|leadership|engineering leadership|management)<COP> <ADV>"
      + _LEAD_ADJ,
      E("leadership", "strong", 2, "weak"), client_only=True, party_lookback=True),
    R(r"(?:mature|well (?:run|led|managed|organi[sz]ed|governed)|disciplined|"
      r"established) (?:engineering )?(?:org|organi[sz]ation|team|engineering|processes|process|"
      r"governance|delivery|practices|scrum|agile|engineering team|dev team)"
      r"|runs? a tight ship"
      r"|(?:clear|good|strong|solid|established|proper|tight) (?:governance|engineering "
      r"processes|delivery processes|code review(?: culture| process)?)",
      E("leadership", "strong", 2, "weak"), client_only=True, party_lookback=True),
    R(r"(?:stretched(?: thin)?|over ?stretched|spread (?:too |very |really )?thin|"
      r"over ?loaded|overworked|swamped|maxed out)"
      r"|(?:limited|little) (?:bandwidth|time|capacity) (?:to|for) (?:direct|manage|lead|review|"
      r"oversee|onboard|mentor|guide)"
      r"|part time (?:cto|lead|tech lead|em|engineering manager|architect)|fractional cto"
      r"|(?:new|brand new|first time|recently hired|just hired) (?:cto|em|engineering manager|tech "
      r"lead|head of engineering|vp)",
      E("leadership", "some", 1), client_only=True, party_lookback=True),
    R(r"(?:some|a bit of|limited|partial|patchy|thin|basic) (?:engineering |technical )?"
      r"(?:leadership|engineering management|governance)"
      r"|one (?:tech |technical )?lead (?:for|across|covering)|only one (?:senior|lead|manager|tech "
      r"lead|architect|senior engineer)",
      E("leadership", "some", 2), client_only=True),
    R(r"(?:junior|inexperienced|green) (?:cto|em|engineering manager|tech leads?|leads?|"
      r"leadership)",
      E("leadership", "weak", 1)),
    R(r"(?:no|without|lacks?|lacking|lack of|zero|absent|missing) (?:an? |any |real |proper |"
      r"dedicated |in house |internal |technical |engineering |strong |clear |senior )*"
      r"(?:engineering managers?|ems?|ctos?|vp(?: of)? engineering|head of engineering|"
      r"tech(?:nical)? leads?|technical leadership|engineering leadership|tech leadership|"
      r"leadership|technical direction|engineering management|governance|architects?|"
      r"technical (?:owner|oversight|staff|people|person|co ?founder)|it (?:department|team|staff)|"
      r"engineering (?:team|department|function)|in house (?:engineers|devs|developers|team|it|"
      r"tech|engineering)(?: team)?|internal (?:engineers|devs|developers|engineering|team|it|"
      r"tech)|engineers|developers|devs|processes|process|code reviews?|ci|product owner)"
      r"|(?:don't|do not|doesn't|does not|didn't|dont|doesnt|no longer) (?:currently |really |"
      r"even )?(?:have|has) "
      r"(?:an? |any |a real |a proper |their own |an in house |in house |anyone |much |enough )?"
      r"(?:cloud |software |senior |internal |dedicated |full time |any )?"
      r"(?:engineering manager|em|cto|tech(?:nical)? lead|technical leadership|engineering "
      r"leadership|leadership|it department|it team|engineering team|engineers|developers|devs|"
      r"technical (?:staff|people|person|co ?founder)|technical|architect|product owner|"
      r"head of (?:engineering|technology|it|development)|vp (?:of )?engineering|"
      r"engineering director|it director|anyone to (?:lead|direct|manage))",
      E("leadership", "weak", 2), negatable=False, client_only=True),
    R(r"(?:cto|head of engineering|vp(?: of)? engineering|tech lead|lead dev|lead developer|"
      r"engineering manager|architect|em|technical co ?founder)(?: \w+){0,2}? (?:just |recently |"
      r"has |have )?(?:left|quit|resigned|departed|walked|is leaving|has left|retired|was let go|"
      r"got fired|was fired|no longer (?:works|is|exists)|is gone|are gone|went on leave|moved on)",
      E("leadership", "weak", 2), negatable=False),
    R(r"leaderless|rudderless"
      r"|(?:nobody|no one|no-one|noone|none of them) (?:(?:there |on their side |in house |"
      r"internally |here )?(?:to|who can|who could|who would|able to|capable of|that can|can) )?"
      r"(?:direct|lead|manage|guide|review|steer|oversee|mentor|make technical decisions|run)"
      r"|(?:nobody|no one|noone) (?:technical|senior)"
      r"|(?:nobody|no one|noone) (?:is |was |has been )?(?:reviewing|reviews|leading|managing|"
      r"directing|steering|owning|mentoring)"
      r"|(?:none|neither) of them (?:is|are) (?:a |an )?(?:developers?|engineers?|technical|"
      r"programmers?|devs?)"
      r"|non technical (?:founders?|owners?|management|leadership|ceo|team|client|company|"
      r"business|people|stakeholders|org)"
      r"|(?:weak|poor|bad|absent|no real) (?:engineering |technical )?(?:leadership|"
      r"management|governance)",
      E("leadership", "weak", 2), negatable=False, client_only=True),
    R(r"chaotic|disorgani[sz]ed|firefighting", E("leadership", "weak", 1)),
)

_DECIDE_OBJ = (
    r"(?:the |all |every |full |final |of |on |over |any |most )*(?:decisions?|calls?|shots|"
    r"final say|say|architectural (?:decisions?|control|authority|choices|direction)|"
    r"architecture decisions?|architecture|technical (?:decisions?|direction|choices|control|"
    r"authority|calls)|"
    r"tech (?:decisions|choices|stack|direction|calls)|design (?:decisions|authority)|"
    r"(?:product )?backlog|roadmap|priorities|prioriti[sz]ation|direction|tooling|tool choices|"
    r"stack|control|authority|decision making|sign ?off|veto|day to day direction|"
    r"release pipeline|releases|release process|deployments|tasks?|tickets)"
)
_SUBJECT = r"<PARTY>(?: <ROLE>|(?<!their)(?<!our)(?<!your)(?<!'s))<AUX><CONJ>"

ACCEPTANCE: Final = (
    r"(?:accept\w*|uat|user acceptance|tests?|testing|test results|releases?|release notes|"
    r"deliverables?|milestones?|sprints?|sprint reviews?|demos?|invoices?|reports?|results|"
    r"outputs?|go ?live|cutover|handover|hand ?offs?|builds?|increments?)"
)
"""What a client signs off or approves when it accepts the work rather than directing it."""
ACCEPTANCE_BEFORE: Final = rf"\b{ACCEPTANCE}\b(?:\s+\S+){{0,3}}\s+$"
"""Block: an acceptance object in the few words before "signed off by <party>"."""
_OUTCOME_OBJECT = (
    r"(?: the| all| full| final| any| overall| ultimate)*(?: (?:\w+ ){0,2}?\w+(?:'s|s'))?"
    r"(?: (?:data|service|code|product|delivery|release|platform|production))? "
    r"(?:outcomes?|results?|delivery|delivery risk|risk|accountability|responsibility|liability|"
    r"uptime|reliability|go ?live|deadlines?|quality|success|ownership of (?:the )?(?:outcomes?|"
    r"delivery|results)|the outcome|slas?|the sla|targets?|delivery dates?|the date|launch|"
    r"availability|release dates?|cutover|milestones?)"
    r"(?! ?-? ?(?:based|oriented|linked|driven))"
)

_DECISION = (
    R(_SUBJECT + r" (?:approve|approves|approving|keep|keeps|kept|keeping|retain|retains|"
      r"retaining|hold|holds|holding|own|"
      r"owns|owning|make|makes|making|call|calls|have|has|reserve|reserves|control|controls|"
      r"controlling|run|runs|running|set|sets|setting|drive|drives|driving|manage|manages|"
      r"managing|maintain|maintains|want|wants|need|needs|dictate|dictates) " + _DECIDE_OBJ,
      E("decision_owner", PARTY, 3, OTHER)),
    R(_SUBJECT + r" (?:decide|decides|choose|chooses|pick|picks|select|selects|define|defines|"
      r"dictate|dictates|determine|determines|set|sets|own|owns|control|controls|drive|drives|"
      r"make|makes) (?:the |all |every |which |what |on |how )*(?:tooling|tools|stack|tech stack|"
      r"technology|technologies|architecture|approach|design|priorities|frameworks?|platform "
      r"choices|cloud|what gets built|what to build|what we build|how (?:it|things|the work) gets "
      r"(?:done|built)|how it's built|the how|how|everything|implementation|tech choices|"
      r"technical choices|the calls|every call|all the calls)"
      r"|" + _SUBJECT + r" (?:decide|decides|call the shots|calls the shots|(?:is|are) in charge|"
      r"'re in charge|prioriti[sz]e|prioriti[sz]es|re ?prioriti[sz]es?|"
      r"steer|steers|steer things|call it|calls it|"
      r"have the final say|has the final say|have the last word|has the last word)"
      # not a buying decision: "they'll decide next week whether to go ahead"
      r"(?! to\b| (?:\w+ ){0,3}?(?:whether|if|between|who to|which (?:vendor|provider|partner))\b"
      r"| on (?:a |the )?(?:vendor|provider|partner))",
      E("decision_owner", PARTY, 3, OTHER)),
    R(r"(?:decisions?|decision making|architecture|priorities|backlog|roadmap|tooling|the stack|"
      r"technical direction|design authority|prioriti[sz]ation|control|choices|calls|design|"
      r"designs|direction|scope)(?: \w+){0,3}?"
      r"(?:<COP>| will)? (?:made )?(?:stay|stays|remain|remains|sit|sits|rest|rests|lie|lies|be|"
      r"owned|set|decided|controlled|driven|made|held|kept)? ?(?:with|by|on|in) <PARTY>"
      r"(?: <ROLE>)?(?! and)",
      E("decision_owner", PARTY, 3),
      block=r"\b(?:discuss\w*|talk\w*|review\w*|present\w*|shar(?:e|ed|ing)|walk\w* through|"
            r"went through|go(?:ing)? through|align\w*|agree\w*|mention\w*|rais\w*|look\w* at|"
            r"brainstorm\w*|workshop\w*|met|meet\w*|chat\w*|cover\w*|explor\w*)"
            r"(?:\s+\S+){0,2}\s+$"),
    R(r"(?:under|per) <PARTY>(?: <ROLE>)?(?:'s)? (?:own )?(?:direction|management|supervision|"
      r"leadership|guidance|control|lead|instructions|day to day direction)"
      r"|under the (?:direction|management|supervision|leadership|guidance|control) of <PARTY>"
      r"(?: <ROLE>)?"
      r"|(?:directed|managed|led|supervised|steered|overseen|prioriti[sz]ed|tasked|instructed|"
      r"planned|assigned|"
      r"guided|coordinated|run) (?:day to day |directly |entirely )?by <PARTY>(?: <ROLE>)?"
      r"|report(?:s|ing)? (?:directly |day to day )?(?:in)?to <PARTY> <ROLE>"
      r"|(?:take|takes|taking) (?:their |all )?(?:direction|orders|instructions|tasks|tickets|work|"
      r"priorities) from <PARTY>(?: <ROLE>)?"
      r"|(?:priorities|direction|requirements|tasks|tickets|the work|work|instructions)"
      r"(?: \w+)? (?:come|comes|coming) (?:straight |directly )?from <PARTY>(?: <ROLE>)?"
      r"|(?:do|does|doing) whatever <PARTY>(?: <ROLE>)? (?:says|say|wants|want|asks|ask|tells|"
      r"tell|decides|decide)"
      r"|(?:pool|bunch|team|couple|group|set) of (?:engineers|devs|developers|people) (?:that |who )?"
      r"<PARTY>(?: <ROLE>)? (?:direct|manage|lead|steer|run|task|assign)"
      r"|(?:work|works|working|sit|sits|sitting|operate|operating|be) (?:directly )?under <PARTY> "
      r"<ROLE>"
      r"|(?:with )?<PARTY> (?:choosing|picking|deciding|owning|setting|selecting|controlling|"
      r"calling) (?:on )?(?:the )?(?:architecture|stack|tech stack|tooling|tools|approach|design|"
      r"priorities|roadmap|backlog|shots)"
      r"|(?:tech |technical |architecture |design |tooling |product )?(?:choices|decisions|calls)"
      r"<COP> (?:all |entirely |always )?(?P<px>ours|theirs|yours)",
      E("decision_owner", PARTY, 2)),
    # "designs are approved by their architects" directs the work; "acceptance tests signed
    # off by their finance team" or "each release approved by their QA" accepts its outcome
    R(r"(?:reviewed|signed off|approved) (?:day to day |directly |entirely )?by <PARTY>"
      r"(?: <ROLE>)?",
      E("decision_owner", PARTY, 2), block=ACCEPTANCE_BEFORE),
    R(_SUBJECT + r" (?:direct|directs|lead|leads|steer|steers|guide|guides|"
      r"supervise|supervises|assign|assigns|manage|manages|task|tasks|run|runs|coordinate|"
      r"coordinates|hand out|hands out) (?:the |their |our |all )?(?:work|engineers|devs|"
      r"developers|them|people|team|squad|squads|pods?|crew|day to day|tasks|sprints?|standups?|"
      r"ceremonies|planning|scrum|backlog|everything|contractors|dev work|code reviews?|reviews)"
      r"|<PARTY>(?: <ROLE>)? (?:does|do|run|runs) (?:the )?code reviews?"
      r"|" + _SUBJECT + r" (?:review|reviews|reviewing|approve|approves|approving|sign off|"
      r"signs off) (?:every|each|all|all the|our) (?:prs?|pull requests?|merge requests?|commits?|"
      r"changes?|designs?|code)",
      E("decision_owner", PARTY, 2)),
    R(r"(?:join|joins|joining|joined|embed|embeds|embedded|embedding|slot|slots|slotting|plug|"
      r"plugging|integrate|integrated|integrating|become|becoming|be|sit|sitting|folded|work|"
      r"working|part of) (?:in |into |with |inside |within |directly into |directly in |part of |"
      r"as part of )*(?:<THEM>|the|his|her) (?:existing |own |internal |in house |current |core )?"
      r"(?:\w+ ){0,2}?<UNIT>(?! (?:call|calls|meeting|meetings|channel|chat|lunch|dinner|event|"
      r"webinar|offsite|party|drinks|photo))"
      r"|attend(?:s|ing)? <THEM> (?:standups?|ceremonies|sprint planning|dailies|retros|scrum)"
      r"|(?:an )?extension of <THEM> (?:own |internal |in house )?(?:\w+ )?(?:team|squad|org)"
      r"|follow(?:s|ing)? <THEM> (?:\w+ )?(?:processes|process|ceremonies|sprints?|cadence|"
      r"roadmap|coding standards|standards|lead|direction|priorities|way of working|strategy|"
      r"runbooks?|playbooks?|escalation (?:rules|process|paths?))"
      r"|add(?:s|ed|ing)? (?:\w+ ){0,3}?<PEOPLE> (?:to|into) (?:<THEM>|the|his|her) "
      r"(?:existing |own |internal |in house |current |core )?(?:\w+ ){0,2}?<UNIT>"
      r"|<PEOPLE> (?:inside|within|embedded in|into) (?:<THEM>|the|his|her) (?:existing |own |"
      r"internal |in house |current |core )?(?:\w+ ){0,2}?<UNIT>",
      E("decision_owner", "client", 2)),
    R(r"(?:free hand|full autonomy|carte blanche|free rein|full control (?:over|of) (?:the )?"
      r"(?:how|tooling|stack|approach|implementation|delivery))",
      E("decision_owner", "provider", 2)),
    R(r"(?:how|the how|the approach|tooling|the tooling|the stack|the tech|implementation|"
      r"architecture)(?: \w+){0,3}?<COP> (?:entirely |completely |totally |all |fully )?up to "
      r"<PARTY>"
      r"|(?:let|lets|letting|allow|allows|allowing) <PARTY> (?:to )?(?:decide|choose|pick|select|"
      r"make the calls|call the shots|own the architecture|set the architecture)",
      E("decision_owner", PARTY, 2)),
    R(r"(?:don't|doesn't|do not|does not|won't|dont|doesnt) (?:really )?(?:care|want to know|need "
      r"to know|mind|want a say|(?:want to )?(?:get|be) involved in|(?:want to )?interfere with|"
      r"(?:want to )?meddle (?:in|with)) (?:how|about how|what tools|which tools|what stack|about the how|"
      r"about tooling)"
      r"|(?:don't|doesn't|do not|does not|won't|dont|doesnt) (?:really )?want to (?:manage|direct|"
      r"supervise|babysit|deal with|run|oversee|micro ?manage|be involved|own|lead|think about) "
      r"(?:the |any |a |more )?(?:engineers|devs|developers|people|them|team|it|contractors|"
      r"vendors|anyone|day to day|\w+ people|details|the work|operations|this|agents|staff)",
      E("decision_owner", "provider", 2), negatable=False),
    R(r"(?:own|owns|run|runs|manage|manages|operate|operates|deliver|delivers|"
      r"take|takes|handle|handles) (?:it|this|everything|(?:the|their|our|its|your) (?:\w+ ){0,2}?"
      r"(?:thing|service|platform|operation|operations|stack|system|systems|estate|environment|"
      r"helpdesk|infrastructure|infra|lot|project|programme|program|migration|work|clusters?|"
      r"servers|network|apps?|applications?|rebuild|build|pipelines?)) <WHOLLY>"
      r"|(?:own|owns|owning) (?:the )?(?:whole|entire) (?:\w+ )?(?:thing|"
      r"service|platform|operation|stack|system|estate|environment|project|programme|lot)"
      r"|(?:take|takes|taking) (?:full |complete |end to end )?ownership of",
      E("decision_owner", PARTY, 2), E("accountability", PARTY, 2), default_party="provider",
      party_lookback=True),
    R(r"<PARTY><AUX> (?:own|owns|owning) (?:the |their |our |its )?(?:\w+ ){0,2}?(?:layer|service|"
      r"platform|stack|system|estate|environment|infrastructure|infra|integration|pipeline|"
      r"pipelines|operation|operations|helpdesk|service desk|monitoring|on call|migration|rebuild|"
      r"project|clusters?|network)",
      E("decision_owner", PARTY, 2), E("accountability", PARTY, 2)),
    R(r"(?:a|an|the) (?:provider|vendor|msp|partner|supplier|managed service provider|third party|"
      r"outside firm|external team|external provider) (?:\w+ )?to (?:run|operate|manage|own|"
      r"take over|look after|handle|maintain|support|take care of)",
      E("decision_owner", "provider", 2), E("accountability", "provider", 2)),
    R(r"(?:us|we'll|we will|we'd|we would|someone|somebody)(?: to)? (?:just )?(?:sort|figure) "
      r"(?:it|everything|things|it all) out(?! as)",
      E("decision_owner", "provider", 1), E("accountability", "provider", 1)),
    R(r"(?:someone|somebody) to (?:just )?(?:run|operate|look after|own|take care of|manage|"
      r"handle) (?:their|our|the|it|everything)",
      E("decision_owner", "provider", 1), E("accountability", "provider", 1)),
    R(r"(?:end to end|e2e|full|complete|total|turnkey|turn key) ownership|fully managed|turn ?key",
      E("decision_owner", "provider", 2), E("accountability", "provider", 2)),
    R(r"(?:end to end|e2e|full|complete|total) responsibility",
      E("accountability", "provider", 2)),
    R(r"outsourc(?:e|es|ed|ing)|off ?load(?:s|ed|ing)?|off (?:their|our|the client's) (?:hands|"
      r"plate)"
      r"|hand(?:s|ed|ing)? (?:it |this |everything |the \w+ |the whole \w+ |all of it )?over "
      r"(?:to )?(?:us|a provider|a vendor|an msp|a partner|you|someone|an external|a third party)"
      r"|hand(?:s|ed|ing)? (?:it|this|everything|the \w+|the whole \w+|all of it) over "
      r"(?:completely|entirely|fully|wholesale|lock stock)"
      r"|hand(?:s|ed|ing)? (?:over )?(?:the |their |our )?(?:\w+ ){0,2}?(?:over )?to (?:us|a "
      r"provider|a vendor|an msp|a partner|you|someone|an external|a third party)"
      r"|take(?:s)? (?:it |this |the \w+ )?off (?:their|our) hands"
      r"|take (?:it|this|them|everything|the lot) over"
      r"|take over (?:the |their |our |all |all of |all the |day to day |there )?(?:\w+ ){0,2}?"
      r"(?:operations?|running|helpdesk|help desk|service desk|support|platform|monitoring|"
      r"infrastructure|infra|maintenance|management|estate|systems?|clusters?|on call|noc|soc|"
      r"everything|the lot|responsibility|ops)",
      E("decision_owner", "provider", 1), E("accountability", "provider", 1)),
    R(r"(?:every |each |all |any )?(?:architectural |architecture |technical |design |tech )?"
      r"(?:decisions?|changes?|designs?|calls?)(?: \w+){0,4}? (?:go|goes|has to go|have to go|must go|"
      r"needs to go|need to go|runs|run|gets? routed) through <PARTY>(?: <ROLE>| design authority|"
      r"| architecture board| review board| cab| change board| architects?)?",
      E("decision_owner", PARTY, 3)),
    R(r"(?:joint|jointly|shared|co ?owned|collaborative|mutual|mutually agreed) (?:decision "
      r"making|decisions|architecture(?: board| decisions| ownership| authority)?|design "
      r"authority|steering(?: committee| group)?|governance|technical governance|roadmap|"
      r"prioriti[sz]ation|backlog ownership|ownership of (?:the )?(?:architecture|roadmap|backlog|"
      r"decisions)|technical direction|product ownership)"
      r"|(?:decide|decided|decisions (?:are|get|will be) made|agree (?:on )?(?:the )?"
      r"(?:architecture|priorities|roadmap)|set (?:the )?priorities) (?:together|jointly|"
      r"collaboratively|between us|as one team)"
      r"|co ?(?:own|owns|owning|design|designing|decide|create) (?:the )?(?:architecture|roadmap|"
      r"backlog|design|decisions|priorities|technical direction|solution|platform)"
      r"|(?:architecture|priorities|roadmap|tooling|decisions)<COP> (?:shared|joint|split|decided "
      r"together|agreed together|made together|co owned|made jointly|decided jointly)"
      r"|(?:split|share|sharing) (?:the )?(?:decisions|decision making|architecture|ownership of "
      r"(?:the )?(?:architecture|decisions)|design authority)",
      E("decision_owner", "shared", 3)),
    R(r"(?:no|without|lacking|lack of|zero|little) (?:(?:granting|giving|handing over|handing|"
      r"any|real|the) )*(?:decision making |decision |architectural |technical |design )?"
      r"(?:authority|say|autonomy|control|decision rights)"
      r"|(?:won't|will not|don't|do not|doesn't|does not|refuse to|never|not willing to|unwilling "
      r"to) (?:\w+ )?(?:give|grant|hand over|cede|delegate|let go of|share|give up|hand) (?:\w+ )?"
      r"(?:decisions?|control|authority|the architecture|the backlog|the roadmap|the keys|"
      r"decision rights|any say)",
      E("decision_owner", "client", 3), negatable=False),
    R(r"(?:time and materials?|time & materials?|t&m|t ?& ?m|t and m|tnm|hourly (?:rate|billing|basis)|day rates?|daily rate|"
      r"per hour|per day|rate card)",
      E("decision_owner", "client", 1), E("accountability", "client", 1)),
    R(r"(?:we|the provider|the vendor)(?: would| will|'d|'ll)? (?:just|only|simply|merely) "
      r"(?:provide|supply|give|lend|rent|place|send|bring|add|be providing|be supplying) (?:them "
      r"|the client )?(?:the |some |extra )?(?:people|engineers|capacity|bodies|hands|devs|"
      r"developers|heads|talent|resources|staff)",
      E("decision_owner", "client", 2), E("accountability", "client", 2), negatable=False),
    R(r"augment(?:s|ed|ing)? (?:their|our|the client's|the customer's|its|his|her) (?:\w+ )?"
      r"(?:team|teams|squad|capacity|engineering|staff|devs|headcount|bench)"
      r"|team extension|extend(?:s|ed|ing)? (?:their|our|its|the client's|the customer's) "
      r"(?:\w+ ){0,2}?(?:team|teams|squad|capacity|bench|headcount)"
      r"|(?:extra|additional|more) (?:hands|capacity|headcount|horsepower|bandwidth|firepower|"
      r"bodies)|body ?shop(?:ping)?|bums on seats|butts in seats"
      r"|contractors?|freelancers?|(?:dedicated|nearshore|offshore|remote) (?:developers|"
      r"engineers|devs)"
      r"|(?:need|needs|want|wants|looking for|asking for|asked for|request(?:s|ed|ing)?|seeks?|"
      r"seeking|hire|hiring|add|adding|bring in|borrow|rent|after|could use) (?:\w+ )?<N> "
      r"(?:\w+ ){0,3}?(?:engineers|developers|devs|programmers|testers|qas|sres|consultants|"
      r"people|heads|resources|engineer|developer|dev)"
      r"|(?:need|needs|want|wants|looking for|hire|hiring|add|adding|seeking|seeks) an? "
      r"(?:\w+ ){0,3}?(?:engineer|developer|dev|sre|tester|programmer)(?! (?:portal|platform|"
      r"experience|tools?|tooling|relations|advocate|environment|team))",
      E("decision_owner", "client", 1)),
)

_ACCOUNT = (
    R(r"guarantee(?:s|d|ing)? (?:that )?(?:the |a |an |our |their |its |them |us |you |on )?"
      r"(?:\w+ ){0,2}?(?:date|dates|deadline|deadlines|delivery|deliveries|launch|uptime|"
      r"availability|outcomes?|results?|go ?live|slas?|response times?|resolution times?|"
      r"timelines?|quality|targets?|kpis?|performance|service levels?|cutover|milestones?|success|"
      r"it works|completion|budget|on time|ship|ships|delivered|\d+(?:\.\d+)?\s?%)"
      r"|(?:delivery|outcome|uptime|availability|sla|service|performance|results?|date|deadline|"
      r"go ?live) guarantees?",
      E("accountability", PARTY, 3), default_party="provider", party_lookback=True),
    R(_SUBJECT + r"(?: be| are| is| stay| stays| remain| remains|'re|'s| isn't| aren't| wasn't)?"
      r"(?: not| never| no longer)?"
      r"(?: held)? (?:fully |solely "
      r"|ultimately |entirely |100% |directly |completely |totally |the ones |the one )?"
      r"(?:accountable|responsible|liable|answerable|on the hook|acountable|accountible|"
      r"responsable|resposible|responsibe)"
      r"(?! for (?:hiring|recruiting|onboarding|payroll|invoicing|paying|their own|our own))",
      E("accountability", PARTY, 3, OTHER)),
    R(r"(?:accountability|responsibility|ownership of (?:the )?(?:outcomes?|delivery|results)|the "
      r"risk|delivery risk|risk|the buck|liability|the blame)(?: \w+){0,3}?(?:<COP>)? (?:stay|"
      r"stays|remain|remains|sit|sits|rest|rests|lie|lies|stop|stops|is|are|falls|fall|will be|"
      r"be)? ?(?:firmly |squarely |entirely |fully |solely )?(?:with|on|in) <PARTY>",
      E("accountability", PARTY, 3)),
    # "they own delivery"; negated, the other party does ("we don't carry the risk")
    R(_SUBJECT + r" (?:own|owns|owned|take|takes|carry|carries|bear|bears|keep|keeps|"
      r"retain|retains|hold|holds|assume|assumes|answer for|answers for)" + _OUTCOME_OBJECT,
      E("accountability", PARTY, 3, OTHER)),
    # "they sign up for outcomes"; refusing to ("won't sign up for outcome-based terms") says
    # nothing about who does
    R(_SUBJECT + r" (?:sign up for|signs up for|signed up for)" + _OUTCOME_OBJECT,
      E("accountability", PARTY, 3)),
    R(r"hold(?:s|ing)? <PARTY> (?:to|accountable|responsible|liable)",
      E("accountability", PARTY, 3)),
    R(r"commit(?:s|ted|ting)? to (?:the |a |an |our |their |hard )?(?:\w+ ){0,2}?"
      r"(?:date|deadline|go ?live|sla|slas|uptime|outcomes?|results?|delivery date|cutover|launch|"
      r"targets?|milestones?|delivery|quality|availability|service levels?|kpis?|timelines?)",
      E("accountability", PARTY, 3), default_party="provider", party_lookback=True),
    R(_SUBJECT + r" (?:hit|hits|meet|meets|achieve|achieves|deliver against|be measured against|"
      r"be held to) (?:the |a |an |all |agreed |our |their )?(?:\w+ ){0,4}?(?:targets?|slas?|"
      r"kpis?|service levels?|deadlines?|dates?|milestones?)",
      E("accountability", PARTY, 2)),
    R(r"(?P<p>their|our|the client's|the customer's|your|the provider's|the vendor's|"
      + _COMPANY_ANY + r"'s) (?:own )?(?:responsibility|risk|problem|neck on the line|head on the "
      r"block)",
      E("accountability", PARTY, 2)),
    R(r"(?:accountability|responsibility|the risk|risk|liability|the outcomes?|outcomes?|"
      r"delivery)(?: \w+){0,3}? (?:remains?|stays?|is|are) (?:entirely |fully |solely )?"
      r"(?P<p1>theirs|ours|yours)"
      r"|(?:it's|it is|that's|that is|it falls|falls|the buck stops) (?:squarely |entirely )?on "
      r"(?P<p2>us|them|the client|the customer|the vendor|the provider)",
      E("accountability", PARTY, 2)),
    R(r"(?:carry|carries|carrying|hold|holds|holding|wear|wears) the pager",
      E("accountability", PARTY, 2), default_party="provider", party_lookback=True),
    R(r"(?:single|one) (?:throat to choke|neck to wring|point of accountability)",
      E("accountability", "provider", 2)),
    R(r"(?:someone|somebody|a partner|a provider|a vendor) (?:to be |who is |who's |who will be "
      r"|that is )?(?:fully )?(?:accountable|responsible|on the hook)",
      E("accountability", "provider", 2)),
    R(r"penalt(?:y|ies)|service credits?|financial (?:penalties|consequences)|liquidated damages|"
      r"claw ?backs?|hold ?backs?|bonus malus|outcome based (?:pricing|contract|fees?|payment|"
      r"deal)|pay(?:ing|s)? (?:us )?(?:per|for|on) (?:outcomes?|results?|resolved tickets|"
      r"deliverables)|(?:paid|pay|billed|priced|charged) (?:by|per|on) (?:\w+ )?(?:outcome|result|"
      r"deliverable|ticket|transaction|document|resolution|case|claim)s?",
      E("accountability", "provider", 2)),
    R(r"fixed (?:price|bid|fee|cost)", E("accountability", "provider", 2), E("scope", "bounded", 1)),
    R(r"shared (?:responsibility|accountability|ownership|risk|liability|outcomes?)"
      r"|(?:jointly|both|equally|mutually|collectively) (?:accountable|responsible|liable|own)"
      r"|(?:both sides|both parties|both teams|both of us|both companies)(?: are| will be| would "
      r"be)? (?:accountable|responsible|on the hook|own)"
      r"|co ?own(?:s|ed|ing|ership)? (?:of )?(?:the )?(?:\w+ )?(?:outcomes?|delivery|results|"
      r"risk|launch|go ?live|success|slas?)"
      r"|risk ?shar(?:e|ing)|gain ?shar(?:e|ing)|split (?:the )?(?:risk|accountability|"
      r"responsibility)|(?:share|sharing) (?:the )?(?:risk|accountability|responsibility|outcomes)",
      E("accountability", "shared", 3)),
)

RULES: Final[tuple[Rule, ...]] = (
    *_SCOPE, *_INTERFACES, *_MEASURABILITY, *_CHANGE, *_DOMAIN, *_LEADERSHIP, *_DECISION,
    *_ACCOUNT,
)
