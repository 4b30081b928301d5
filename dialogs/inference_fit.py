"""Broader vocabulary for ``dialogs.inference``: the six fit factors.

Adds to ``dialogs.inference_rules`` the phrasings it missed, by kind rather than by example:

* **Scope**: more nouns for a bounded piece of work ("self-contained job", "fixed migration"),
  routine security operations ("pen tests", "vulnerability management") as bounded work, counted
  deliverables ("migrate 200 mailboxes"), and "nobody has defined what done looks like" as open.
* **Measurability**: "success is measured by ...", "they'll measure us on ...", numbered response
  windows ("15 min triage", "4-hour fix"), and agreed or named targets ("freshness targets").
* **Change rate**: any revision verb ("tweaked", "re-tuned", "reshuffled", "revisited") with a
  rate, "sprint by sprint", and the middle answer's monthly rhythm ("revisited monthly",
  "reshuffled about once a month").
* **Domain coupling**: the domain described after the noun ("the business rules are arcane"),
  "core <something> engine", nothing about it specific to the business (low), and "some knowledge
  of how <the business works> would help" (medium).
"""

from __future__ import annotations

from typing import Final

from dialogs.inference_rules import E, R, Rule

_FAST = (
    r"(?:weekly|daily|nightly|hourly|every (?:week|day|sprint|few days|other day|standup|"
    r"iteration|morning|release|single sprint)|each (?:week|sprint|day)|constantly|all the time|"
    r"non stop|sprint by sprint|week by week|week to week|on a whim|overnight|mid sprint|"
    r"(?:several|multiple|many) times a (?:week|day)|(?:almost|nearly|basically) (?:weekly|"
    r"daily|every (?:week|day|sprint)))"
)

_MODERATE = (
    r"(?:monthly|every month|once a month|each month|every (?:few|couple of|couple|two|three|four|"
    r"2|3|4|six|6) (?:weeks|sprints)|every fortnight|fortnightly|bi ?weekly|every other sprint|"
    r"once a sprint|once or twice a (?:month|quarter)|a few times a (?:quarter|month))"
)

_REVISED = (
    r"(?:tweak(?:s|ed)?|re ?tun(?:e|es|ed)|adjust(?:s|ed)?|revis(?:e|es|ed)|rework(?:s|ed)?|"
    r"rewrit(?:e|es|ten)|reshuffl(?:e|es|ed)|shuffl(?:e|es|ed)|re ?prioriti[sz](?:e|es|ed)|"
    r"re ?plan(?:s|ned)?|revisit(?:s|ed)?|redone|redo(?:ne|es)?|rethought|re ?scoped|"
    r"chang(?:e|es|ed)|shift(?:s|ed)?|mov(?:e|es|ed)|updat(?:e|es|ed)|reset)"
)

_SUBJECT = (
    r"(?:<REQ>|rules|logic|models?|algorithms?|pricing|direction|the plan|the product|things|"
    r"everything|it|this|that)"
)

_SCOPE = (
    R(r"(?:self contained|bounded|well defined|clearly defined|tightly scoped|clearly scoped|"
      r"well scoped|discrete|fixed|ring ?fenced|stand ?alone|one off|one time|finite)"
      r"(?:,? (?:\w+))? (?:job|migration|rebuild|build|upgrade|port|integration|work package|"
      r"package|piece of work|rollout|roll out|cutover|implementation|transition|replatform|"
      r"refresh|audit|tool|app|application|service|site|module|component|system|product|"
      r"workload|deliverable|project)s?"
      r"|(?:the )?(?:brief|scope|remit|spec)<COP> <ADV>(?:tight|narrow|small|contained|"
      r"well bounded)|(?:tight|narrow|crisp|clear) (?:brief|remit)",
      E("scope", "bounded", 2, "open")),
    R(r"pen(?:etration)? ?tests?|pentests?|pen testing|penetration testing|vulnerability "
      r"(?:management|scanning|scans|remediation)|security monitoring|log monitoring|"
      r"certificate (?:renewals?|management)|licen[cs]e management|mailbox migrations?|"
      r"device management|mdm|endpoint management|on ?call (?:rota|rotas|rotation|cover|coverage)|"
      r"(?:web |site |managed |basic |wordpress )?hosting(?: and (?:updates|maintenance|"
      r"patching|support|backups))?|(?:patch|monitor|back up|report)(?:,| and)(?: and)? (?:patch|"
      r"monitor|back up|report|maintain|update)|(?:migrate|migrating|move|moving|upgrade|"
      r"upgrading|decommission|decommissioning|replace|replacing|convert|converting) (?:\w+ )?"
      r"\d+ (?:\w+ )?(?:mailboxes|servers|vms|reports|sites|databases|apps|applications|"
      r"workloads|users|devices|laptops|dashboards|pages|jobs)",
      E("scope", "bounded", 1)),
    R(r"(?:nobody|no one|noone|no-one) (?:has|have|had|can|could)(?: yet| really)? (?:defined|"
      r"decided|agreed|worked out|figured out|written down|nailed down|articulated|say|tell|"
      r"describe)(?: yet| up ?front)? (?:what|how) (?:done|'done'|\"done\"|success|good|the end "
      r"state|the end result|the outcome|it)(?: \w+)? (?:looks|should look|will look|means|is)"
      r"|(?:no|without (?:a |any )?|lack of|lacking|missing) (?:clear |defined |agreed |real |"
      r"fixed )?(?:end state|end goal|finish line|target state|end point|endpoint)"
      r"|research ?(?:y|ish|heavy|driven|led)",
      E("scope", "open", 2), negatable=False),
    R(r"(?:some|certain|a few|several) (?:parts|pieces|areas|bits|workstreams|work streams|"
      r"modules|components)(?: of (?:it|the work|the scope|the project))? (?:are|is) (?:well |"
      r"clearly |fairly )?(?:defined|scoped|clear|bounded|specified)",
      E("scope", "partly", 2)),
)

_MEASURABILITY = (
    R(r"(?:tangled|bound|mixed|wrapped|bundled|knotted) up (?:with|in) (?:\w+ ){0,3}?(?:teams?|"
      r"devs|developers|engineers|people|staff|releases|work|deliveries|backlog|squads?|"
      r"codebase|code)",
      E("measurability", "entangled", 2)),
    R(r"(?:can't|cannot|can not|couldn't|no way to|impossible to|hard to|difficult to|"
      r"(?:nobody|no one|noone) (?:can|could)) (?:really |easily |cleanly )?(?:separate|isolate|"
      r"attribute|distinguish|untangle|tell apart|disentangle|pin down) (?:our|their|the|whose|"
      r"who|what|which)",
      E("measurability", "entangled", 2), negatable=False),
    R(r"(?:success|outcomes?|it|the work|delivery|performance|quality|results?|progress|we|us|"
      r"the provider|the vendor|they|our work|the service|each \w+|every \w+)(?: \w+)? (?:is|are|"
      r"will be|gets|get|can be|would be|'ll be|'d be|be) (?:\w+ )?(?:measured|judged|tracked|"
      r"verified|assessed|evaluated|scored|graded|benchmarked) (?:by|on|against|via|through|with|"
      r"in terms of|using)"
      r"|(?:measure|measures|measuring|judge|judges|judging|score|scores|scoring|assess|assesses|"
      r"evaluate|evaluates) (?:us|them|the vendor|the provider|the partner|it|success|"
      r"performance|the work|delivery) (?:on|against|by|via|using|through|with)",
      E("measurability", "independent", 2)),
    R(r"\d+ ?(?:min|mins|minute|minutes|hour|hours|hr|hrs|h|day|days|business day|business days)"
      r"(?: \w+)? (?:triage|response|resolution|fix|fixes|turnaround|restore|recovery|"
      r"acknowledg\w*|first response|reply|callback|patch|patching|ttr)",
      E("measurability", "independent", 2), E("accountability", "provider", 1)),
    R(r"(?:agreed|contractual|contracted|defined|clear|hard|measurable|numeric|explicit|formal|"
      r"written|signed|published) (?:\w+ ){0,2}?(?:targets?|thresholds|objectives|kpis|metrics|"
      r"service levels)"
      r"|(?:freshness|latency|throughput|accuracy|quality|turnaround|triage|fix|delivery|"
      r"page ?speed|performance|response|resolution|recovery|backlog|csat|nps|conversion|"
      r"error rate|lighthouse|availability|uptime) (?:targets?|scores?|thresholds|objectives)",
      E("measurability", "independent", 2)),
)

_INTERFACES = (
    R(r"(?:api|interface|integration|schema|contract|feed) changes<COP> <ADV><RARE>",
      E("interfaces", "stable", 2)),
)

_CHANGE = (
    # "changes are rare", "change requests are few and far between"
    R(r"(?:changes?|change requests?|requirement changes|scope changes|updates to (?:the )?"
      r"(?:requirements|spec|scope))<COP> <ADV><RARE>"
      r"|(?:rare|infrequent|very few) (?:change requests|requirement changes|scope changes)",
      E("change_rate", "slow", 2),
      block=r"\b(?:apis?|interfaces?|schemas?|feeds|integrations?|endpoints?|api contracts?)\b"
            r"(?!.*\b(?:requirements?|requirments?|reqs|specs?|priorities|roadmap|rules)\b)"),
    R(r"(?:changes|changing|shifts|shifting|evolves|evolving|moves|moving|churns|churning) "
      r"(?:every (?:sprint|week|day|standup|single sprint)|each (?:sprint|week|day)|weekly|daily|"
      r"constantly|all the time|non stop|sprint by sprint)",
      E("change_rate", "fast", 2),
      block=r"\b(?:apis?|interfaces?|schemas?|feeds?|integrations?|endpoints?|contracts?|"
            r"team|teams|staff|people)\b(?:\s+\S+){0,2}\s*$"),
    R(r"(?:every|each) (?:new )?(?:sprint|week|day|release|iteration) (?:brings|introduces|adds|"
      r"means|throws up|comes with) (?:\w+ )?(?:new|more|changed|different|fresh)",
      E("change_rate", "fast", 2)),
    R(_SUBJECT + r"(?: \w+){0,2}? (?:is |are |gets? |keeps? |being |get |keep )?" + _REVISED
      + r"(?: \w+)? " + _FAST,
      E("change_rate", "fast", 2)),
    R(r"(?:re ?prioriti[sz](?:e|es|ed|ing|ation)|reshuffl(?:e|es|ed|ing)|re ?plan(?:s|ned|ning)?)"
      r"(?: \w+){0,3}? (?:sprint by sprint|week by week|week to week|every (?:single )?sprint|"
      r"every (?:week|day|morning|standup))",
      E("change_rate", "fast", 2)),
    R(_SUBJECT + r"(?: \w+){0,2}? (?:is |are |gets? |keeps? |being |get )?" + _REVISED
      + r"(?: (?:about|roughly|around|approximately|maybe|only|every))? " + _MODERATE,
      E("change_rate", "moderate", 2)),
)

_DOMAIN = (
    R(r"(?:business rules|domain|business logic|domain logic|rules|logic|data model|regulations?|"
      r"workflows?|processes)(?: \w+)?<COP> <ADV>(?:arcane|complex|intricate|gnarly|convoluted|"
      r"speciali[sz]ed|niche|esoteric|byzantine|opaque|deep|hairy|subtle|unique to (?:them|us|"
      r"the business))",
      E("domain_coupling", "deep", 2)),
    R(r"core (?:\w+ ){1,2}?(?:engine|logic|algorithms?|models?|ip|rules)"
      r"|(?:heart|core|centre|center) of (?:the|their|our|its) (?:\w+ ){0,2}?(?:business|product|"
      r"platform|operation|operations|offering|system)"
      r"|only (?:their|the client's|the customer's|our|its) (?:own )?(?:\w+ ){0,2}?(?:people|team|"
      r"teams|staff|quants?|experts?|engineers|analysts|scientists|actuaries|specialists|folks|"
      r"clinicians|lawyers|accountants|underwriters) (?:can|could) (?:say|tell|judge|decide|"
      r"validate|verify|confirm|explain)",
      E("domain_coupling", "deep", 2)),
    R(r"(?:heavily|highly|strictly|tightly|very) regulated (?:domain|industry|sector|business|"
      r"environment|space|area|field)",
      E("domain_coupling", "deep", 1)),
    R(r"nothing (?:about (?:it|this|the work|the job)|here|in (?:it|this)) (?:is|'s) (?:\w+ )?"
      r"(?:specific|unique|special|particular|peculiar) to (?:their|the|our|its) (?:business|"
      r"domain|industry|company|sector)",
      E("domain_coupling", "low", 2), negatable=False),
    R(r"(?:some |a bit of |a little |basic |light |moderate )?(?:knowledge|understanding|context|"
      r"familiarity|awareness) (?:of|about|with) (?:how|the way) (?:\w+ ){1,6}?(?:would help|"
      r"helps|is helpful|is a plus|would be (?:nice|good|useful|helpful)|is nice to have|is useful)",
      E("domain_coupling", "medium", 2)),
)

FIT_RULES: Final[tuple[Rule, ...]] = (*_SCOPE, *_INTERFACES, *_MEASURABILITY, *_CHANGE, *_DOMAIN)

__all__ = ["FIT_RULES"]
