"""Broader vocabulary for ``dialogs.inference``: who decides, who answers, and the client's leadership.

``dialogs.inference_rules`` holds the original table; this module adds the phrasings it missed,
written systematically rather than one description at a time:

* **Decisions**: a decision verb (decide, call the shots, sign off, approve, own, set, choose,
  dictate, direct, control, lead, steer, run, govern...) in any form ("approves", "approving",
  "insists on signing off") with a decision object (architecture, design, stack, tooling,
  libraries, backlog, roadmap, priorities, sprints, tickets, CI/CD, config, technical choices,
  "how it's built"...), by whichever party the sentence names ("their engineering director",
  "Initech's QA lead", "the bank"). Also: approval gates ("every merge needs sign-off from their
  lead architect"), keeping control ("keep hands-on control of", "keep the final say on",
  "keep the keys to"), denials ("won't let us touch the CI pipeline": the *other* party decides),
  permissions ("happy for us to decide how it's built", "free to pick the tools", "our way"), and
  the client's delivery structure ("work off their Jira board", "in their stand-ups", "they'll
  tell them what to work on").
* **Accountability**: taking or carrying risk ("we eat the risk", "has us carrying the SLA",
  "makes us liable"), blame landing on a party ("any slip is on them"), "owned by us",
  guarantees with typos ("garantees on the outcome"), owning something outright.
* **Weaker structural hints** (strength 1, so any explicit statement wins): embedding people in
  the client's team ("bodies", "ppl", "headcount") suggests the client directs them; handing a
  service over ("run it for them", "stop worrying about it") suggests the provider decides and
  answers. They decide only when nothing stronger is said, which is what makes "they want
  contractors but expect us to guarantee delivery" a mismatch.
* **Leadership**: directors and heads of engineering as leaders, "well run", "non-technical
  founder", a lead "covering two teams", "the only engineer left".

``OTHER`` (from ``dialogs.inference_rules``) is an answer meaning "the party the phrase does *not*
name" ("won't let *us* touch it": the client decides; "run it for *them*": the provider does);
a negated ownership statement ("*we* don't own the roadmap") takes it too.
"""

from __future__ import annotations

import itertools
from typing import Final

from dialogs.inference_rules import ACCEPTANCE, OTHER, PARTY, E, R, Rule

# --- vocabulary -------------------------------------------------------------------------------

_DET = r"(?:(?:the|all|all the|every|each|any|final|our|their|its|which|what|most|of|on|over) )*"

_DOBJ_NOUN = (
    r"(?:architecture|arch|architectures|architechture|architecure|arcitecture|achitecture|"
    r"designs?|priorites|(?:tech |technology |software )?stack|"
    r"tooling|tools|tool choices|librar(?:y|ies)(?: choices?)?|frameworks?|(?:product )?backlog|"
    r"roadmap|priorities|prioriti[sz]ation|sprints?|sprint (?:goals|plan|planning|scope)|"
    r"tickets?|tasks|ci ?/ ?cd|ci|cd|(?:ci |build |release |deployment |delivery )?pipelines?|"
    r"builds?|releases?|release process|deployments?|deployment process|config|configuration|"
    r"infrastructure choices|cloud setup|(?:technical|tech|design|architectural|"
    r"architecture|tooling|library|engineering|product|implementation) (?:choices?|decisions?|"
    r"calls|direction|standards)|(?:\w+ )?(?:decisions?|choices)|calls|direction|"
    r"(?:platform |coding |engineering |technical )?standards|data models?|schemas?|apis|approach|"
    r"implementation|solution design|shots|upgrades|capacity|staffing|maintenance windows|"
    r"patch(?:ing)? schedules?|(?:on ?call )?rotas?|"
    r"what (?:gets|we|they|to|is|will be) (?:built|build|shipped|ship)|what we build|"
    r"how (?:it|things|everything|the work|the \w+)(?:'s| is| gets| will be| should be) "
    r"(?:built|done|run|designed|delivered|implemented)|how it's built|everything|"
    # round 7: the how of the work, named plainly ("you decide how", "sets the test plan")
    r"how(?= *(?:[-,.;:!?)]|and\b|$))|tool|(?:test |testing |security |data )?strateg(?:y|ies)|"
    r"(?:working |test |testing )?methods?|methodolog(?:y|ies)|(?:support |delivery )?process(?:es)?|"
    r"test plans?|schedules?|playbooks?|toolchains?|priority|"
    r"the how|the what)"
)

_DOBJ = rf"{_DET}(?:(?:technical|tech|architectural|design|tooling|library|product|sprint|"
_DOBJ += rf"engineering|platform|infrastructure|cloud|build|release|deployment) )?{_DOBJ_NOUN}"

_DVERB = (
    r"(?:decid(?:e|es|ed|ing)(?: on| over)?|choos(?:e|es|ing)|chose|pick(?:s|ed|ing)?|pik|"
    r"design(?:s|ed|ing)?|"
    r"select(?:s|ed|ing)?|set(?:s|ting)?|own(?:s|ed|ing)?|control(?:s|led|ling)?|"
    r"dictat(?:e|es|ed|ing)|direct(?:s|ed|ing)?|lead(?:s|ing)?|steer(?:s|ed|ing)?|"
    r"run(?:s|ning)?|govern(?:s|ed|ing)?|driv(?:e|es|ing)|define(?:s|d)?|defining|"
    r"determin(?:e|es|ed|ing)|approv(?:e|es|ed|ing)|"
    # signing off a release, a sprint or a deliverable accepts it; it does not direct the work
    r"sign(?:s|ed|ing)? off(?: on)?(?! (?:(?:the|each|every|all|all the|any|our|their|its) )*"
    r"(?:\w+ )?" + ACCEPTANCE + r"\b)|"
    r"veto(?:es|ed|ing)?|gatekeep(?:s|ing)?|mandat(?:e|es|ed|ing)|prescrib(?:e|es|ed|ing)|"
    r"specif(?:y|ies|ied|ying)|manag(?:e|es|ed|ing)|prioriti[sz](?:e|es|ed|ing)|"
    r"shap(?:e|es|ed|ing)|plan(?:s|ned|ning)?|oversee(?:s|ing)?|call(?:s|ing)?|"
    r"mak(?:e|es|ing)|made|review(?:s|ed|ing)?(?: and approv(?:e|es|ing))?|"
    r"(?:keep|keeps|kept|keeping|retain|retains|retaining|hold|holds|holding|have|has|having|"
    r"want|wants|wanting)(?: (?:hands on|full|tight|total|firm|complete|sole|direct|"
    r"day to day|final|the final|all|the))* (?:control|say|word|authority|ownership|"
    r"decision rights|veto|sign ?off)(?: (?:of|over|on))?)"
)

_COORD = r"(?: (?!(?:we|they|us|them|our|their|you|i)\b)\w+(?:,| and| or| &| and/or))?"
_SUBJ = r"<PARTY>(?: <ROLE>|(?<!their)(?<!our)(?<!your)(?<!'s)(?<!thier))<AUX>"

_OUTCOMES = (
    r"(?:outcomes?|results?|delivery|deliveries|deliverables?|the work|features?|release dates?|"
    r"releases?|launch(?: date)?|go ?live(?: date)?|cutover|dates?|deadlines?|timelines?|"
    r"milestones?|uptime|availability|slas?|service levels?|quality|performance|targets?|kpis?|"
    r"success|on time|it works|it will work|budget|completion|the project|the platform|"
    r"the service|the \w+ (?:date|deadline|launch|go ?live|release|cutover))"
)

# --- decision ownership -----------------------------------------------------------------------

_DECISION = (
    # "<party> <decision verb> <decision object>", every form of the verb
    R(_SUBJ + _COORD + r" " + _DVERB + " " + _DOBJ,
      E("decision_owner", PARTY, 3, OTHER)),
    # coordinated objects: "they want us to own the SLA and the tooling"
    R(_SUBJ + _COORD + r" " + _DVERB + r" (?:the |all |our |their |its )?(?:\w+ ){0,2}?\w+"
      r"(?:,| and| &| as well as| plus) " + _DOBJ,
      E("decision_owner", PARTY, 3, OTHER)),
    # approval verbs over each change: "signs off on every change", "reviews all our PRs"
    R(_SUBJ + _COORD + r" (?:approv(?:e|es|ed|ing)|sign(?:s|ed|ing)? off(?: on)?|"
      r"veto(?:es|ed|ing)?|review(?:s|ed|ing)?(?: and approv(?:e|es|ing))?|gatekeep(?:s|ing)?|"
      r"okay(?:s|ed|ing)?|bless(?:es|ed|ing)?) (?:every|each|all|all the|any|our|all our) "
      r"(?:\w+ )?(?:changes?|merges?|pull requests?|merge requests?|prs?|commits?|tickets?|"
      r"releases?|deployments?|deploys?|designs?|decisions?|choices?|config changes?|library "
      r"choices?|line of code)",
      E("decision_owner", PARTY, 3, OTHER)),
    # "<party> keep(s) ... in-house", "keep the keys to (the) architecture"
    R(_SUBJ + r" (?:keep|keeps|keeping|kept|retain|retains|retaining) (?:\w+ ){0,4}?"
      r"(?:in ?house|internal|to themselves|to ourselves|under (?:their|our) control)"
      r"|" + _SUBJ + r" (?:keep|keeps|keeping|hold|holds|holding) the keys(?: to (?:the )?"
      r"(?:\w+ )?(?:architecture|arch|stack|platform|roadmap|backlog|kingdom|design))?",
      E("decision_owner", PARTY, 3)),
    # "<party> <role> in charge of the backlog", "keep our product owner in charge"
    R(r"(?:keep|keeps|keeping|leave|leaves|leaving|put|puts|putting|with) <PARTY>(?: own)? "
      r"<ROLE> in charge(?: of (?:the )?(?:\w+ )?(?:backlog|roadmap|priorities|architecture|"
      r"design|stack|tooling|decisions|direction|scope|delivery))?",
      E("decision_owner", PARTY, 3)),
    # no subject in the clause: "..., while keeping the final say on every technical choice",
    # "The Supplier shall be responsible ... and shall select and maintain all tooling"
    R(r"(?:keep|keeps|keeping|kept|retain|retains|retaining|hold|holds|holding|reserve|reserves|"
      r"reserving|insist on|insists on|insisting on) (?:\w+ )?(?:the )?(?:final say|final word|"
      r"last word|final decision|veto|(?:full |tight |total |firm |hands on |sole )?control|"
      r"(?:full |sole )?authority|sign ?off)(?: (?:on|over|of|for))? " + _DOBJ,
      E("decision_owner", PARTY, 3), default_party="client", party_lookback=True,
      lookback_sentence=True),
    # a list of duties after the subject: "We'd operate their platform, decide on upgrades and
    # capacity, and carry the pager"
    R(r"(?:(?<=,\s)|(?<=;\s)|(?:and|then) )(?:also )?(?:will |would |shall |to )?" + _DVERB + " "
      + _DOBJ,
      E("decision_owner", PARTY, 2), party_lookback=True, lookback_sentence=True),
    R(r"(?:will|shall|must|to|would|'ll) (?:\w+ and )?(?:select|choose|pick|decide|own|set|"
      r"control|define|determine|dictate) (?:and \w+ )?(?:all |the |every |which |what |any )*"
      r"(?:tooling|tools|stack|tech stack|technology|technologies|architecture|design|approach|"
      r"technical (?:approach|direction|decisions|choices)|tech choices|frameworks?|platform "
      r"choices|staffing)",
      E("decision_owner", PARTY, 2), party_lookback=True, lookback_sentence=True),
    # "we pick the SIEM", "we choose the scanners": the chooser of anything in the delivery
    R(_SUBJ + r" (?:pick|picks|picking|choose|chooses|choosing|select|selects|selecting) "
      r"(?:the |which |what |our |their |its |all the |all )?(?:\w+ )?(?!(?:vendor|vendors|"
      r"provider|providers|partner|partners|supplier|suppliers|date|dates|time|times|day|days|"
      r"location|venue|winner|contract|model|option|one|us|them)\b)\w+",
      E("decision_owner", PARTY, 2)),
    # approval gates: "every merge needs sign-off from their lead architect"
    R(r"(?:needs?|requires?|required|subject to|pending|only with|must (?:get|have)|has to "
      r"(?:get|have)|have to (?:get|have)|goes? through|go through) (?:a |an |the |formal )?"
      r"(?:sign ?off|approval|the ok|the okay|the go ahead|a green light|green light|review and "
      r"approval|blessing)(?: from| by| of)? <PARTY>(?: <ROLE>)?"
      r"|(?:has|have|needs?|must|gets?) to be (?:approved|signed off|okayed|blessed|reviewed and "
      r"approved|cleared|vetted|rubber stamped) (?:first )?by <PARTY>(?: <ROLE>)?",
      E("decision_owner", PARTY, 3)),
    R(r"<PARTY>(?: <ROLE>)? (?:approval|sign ?off|signoff|veto) (?:on|for|over) (?:every|each|"
      r"all|any)",
      E("decision_owner", PARTY, 3)),
    # "the bank dictates the stack": an organisation or role as the subject
    R(r"(?:every|each|all|any) (?:\w+ ){0,2}?(?:decision|decisions|change|changes|merge|merges|"
      r"choice|choices|design|designs|pr|prs|pull request|pull requests|release|releases|ticket|"
      r"tickets)(?: \w+){0,2}? (?:is|are|gets?|has to be|have to be|must be|needs? to be) "
      r"(?:approved|signed off|decided|made|owned|set|controlled|reviewed|vetted|okayed|dictated|"
      r"chosen) (?:\w+ )?by <PARTY>(?: <ROLE>)?",
      E("decision_owner", PARTY, 3)),
    # the other party decides: "won't let us touch the CI pipeline", "we have no say"
    R(r"(?:won't|will not|don't|do not|doesn't|does not|never|refuse to|refuses to|wouldn't|"
      r"would not|not going to|aren't going to|isn't going to) (?:\w+ )?(?:let|allow|permit) "
      r"<PARTY> (?:to )?(?:touch|change|choose|pick|decide|make|set|own|control|modify|alter|"
      r"select|deploy|merge|go near|use|introduce|add|redesign|rearchitect|re ?architect|"
      r"have (?:a|any) say)",
      E("decision_owner", OTHER, 3), negatable=False),
    R(r"(?:won't|will not|don't|do not|doesn't|does not|refuse to|refuses to|not going to|never) "
      r"(?:give|grant|allow|offer|let) <PARTY> (?:\w+ ){0,4}?(?:a|any|the) (?:real )?(?:say|vote|"
      r"veto|control|authority) (?:in|on|over)",
      E("decision_owner", OTHER, 3), negatable=False),
    # "client-directed", "vendor-managed"
    R(r"(?P<p>client|customer|vendor|provider|supplier|partner|msp)(?: |-)(?:directed|led|managed|"
      r"driven|controlled|steered|owned|run|operated|governed)",
      E("decision_owner", PARTY, 2)),
    R(r"<PARTY><AUX>(?: (?:are|is|will be|would be|'re|'s))? (?:not|never) (?:allowed|permitted|"
      r"able|going) to (?:touch|change|choose|pick|decide|make|set|modify|alter|select|deploy|"
      r"merge|go near|introduce|redesign|own)"
      r"|<PARTY><AUX> (?:have|has|get|gets) (?:no|zero|little) (?:real )?(?:say|control|authority|"
      r"input|influence|decision rights)",
      E("decision_owner", OTHER, 3), negatable=False),
    R(r"(?:not|never|won't be|isn't|aren't|not) (?:\w+ )?(?:giving|give|handing|hand|ceding|cede|"
      r"letting go of|let go of|giving up|give up|surrendering|surrender|relinquishing|"
      r"relinquish) (?:up )?(?:any )?(?:control|ownership|authority|say)(?: (?:of|over|on))?",
      E("decision_owner", "client", 3), negatable=False, default_party="client"),
    R(r"(?:(?:delivery |commercial |financial |execution |project )?risks?|accountability|"
      r"responsibility|liability|ownership of (?:the )?(?:outcomes?|delivery|results))<COP> "
      r"(?:fully |equally |jointly |evenly )?(?:shared|joint|split|mutual|co owned)",
      E("accountability", "shared", 3)),
    R(r"(?:risks?|accountability|responsibility|liability|ownership|outcomes?|the blame)"
      r"(?: \w+){0,3}?(?: is| are| gets| get| will be| would be)? (?:split|shared|divided) "
      r"(?:\d+ ?/ ?\d+|evenly|equally|between|50 50|fifty fifty|down the middle|jointly)",
      E("accountability", "shared", 3)),
    # "X is their call / our decision"
    R(r"(?:is|are|'s|remains?|stays?|will be|would be) (?:entirely |firmly |squarely |always |"
      r"completely |totally |all |fully )?(?P<p>our|their|the client's|the customer's|your|"
      r"the vendor's|the provider's|thier) (?:call|calls|decision|decisions|choice|choices|"
      r"prerogative|domain|business|job to decide)",
      E("decision_owner", PARTY, 3)),
    R(r"(?:how|approach|tooling|tools|stack|architecture|design|tech|technology|implementation|"
      r"staffing|method|methods|solution|the details|delivery approach)(?: \w+){0,3}?"
      r"(?: is| are|'s| will be| would be| remains?) (?:entirely |completely |totally |all |fully |"
      r"100% )?up to <PARTY>",
      E("decision_owner", PARTY, 3)),
    # decisions said as a possession: "every architecture choice would be ours", "the design
    # calls are theirs"
    R(r"(?:(?:technical|tech|architecture|architectural|design|tooling|technology|engineering|"
      r"implementation|product|stack|build) )?(?:choices?|decisions?|calls?)(?: \w+){0,3}? "
      r"(?:is|are|'s|'re|will be|would be|'d be|'ll be|remain|remains|stay|stays) "
      r"(?:entirely |all |fully |completely |totally |always |firmly |100% |solely )?"
      r"(?P<p>ours|theirs|yours)"
      r"|(?:the )?(?:architecture|design|tech stack|stack|tooling|technical direction|roadmap|"
      r"backlog|priorities|the how|how it's built|how it gets built)"
      r"(?: is| are|'s| will be| would be|'d be|'ll be| remains?| stays?) (?:entirely |all |"
      r"fully |completely |totally |always |firmly |100% |solely )?(?P<p1>ours|theirs|yours)"
      r"(?! to (?:run|operate|support|maintain|host))",
      E("decision_owner", PARTY, 3)),
    # "leave how it's built to us", "leave the technical side to them"
    R(r"(?:leave|leaves|leaving|left) (?:how (?:it|things|the work|the \w+|everything)"
      r"(?:'s| is| gets| will be| should be)? (?:built|done|designed|delivered|implemented|"
      r"solved|run)|the (?:technical|tech|engineering|implementation) (?:side|details|bits|"
      r"calls|decisions|choices)|the design|the architecture) (?:up |entirely |completely |"
      r"fully )?to <PARTY>",
      E("decision_owner", PARTY, 2)),
    # shared decisions: "a jointly owned roadmap", "both sides agree priorities", "decisions
    # made together in a joint board"
    R(r"(?:jointly|mutually|collectively|co ?) ?(?:owned|run|set|agreed|decided|managed|"
      r"steered|governed|prioriti[sz]ed) (?:\w+ )?(?:roadmap|backlog|priorities|architecture|"
      r"design|decisions|technical direction|direction)"
      r"|(?:both sides|both parties|both teams|both companies|both of us) (?:\w+ )?(?:agree|"
      r"decide|set|own|make|shape|steer|prioriti[sz]e|sign off)(?: on)? (?:the |all |"
      r"all the )?(?:priorities|roadmap|architecture|design|decisions|backlog|direction|calls|"
      r"technical choices|tech choices)"
      r"|(?:decisions?|architecture|priorities|roadmap|design|backlog|calls|choices)(?: \w+){0,2}?"
      r" (?:made|decided|agreed|set|taken|prioriti[sz]ed) (?:\w+ )?(?:together|jointly|"
      r"collaboratively|by both sides|by both parties|between us)"
      r"|joint (?:architecture |design |technical |tech |product |governance |decision )?"
      r"(?:board|council|forum)",
      E("decision_owner", "shared", 3)),
    # permissions: "happy for us to decide how it's built", "free to pick the tools"
    R(r"(?:happy|fine|content|ok|okay|comfortable|glad|willing|relaxed) (?:for|with|to let|about) "
      r"<PARTY> (?:to )?(?:decid(?:e|ing)|choos(?:e|ing)|pick(?:ing)?|select(?:ing)?|run(?:ning)?|"
      r"own(?:ing)?|set(?:ting)?|call(?:ing)?|mak(?:e|ing)|design(?:ing)?|handl(?:e|ing)|"
      r"lead(?:ing)?|drive|driving|steer(?:ing)?)"
      r"|(?:let|lets|letting|allow|allows|allowing|trust|trusts|trusting|leave it to|leaves it to|"
      r"leaving it to|leave|leaves) <PARTY> (?:to )?(?:decide|choose|pick|select|run the show|"
      r"own the (?:architecture|stack|tooling|design|approach|how)|set the (?:architecture|"
      r"stack|standards|direction)|call the shots|make the calls|design|lead)"
      r"|(?:leave|leaves|leaving) (?:it|that|the how|the details|all that|the \w+ choices|"
      r"the \w+ decisions|the (?:architecture|stack|tooling|design|approach)) (?:up |entirely |"
      r"completely )?to <PARTY>",
      E("decision_owner", PARTY, 2)),
    R(r"free (?:hand |rein )?to (?:pick|choose|decide|select|use|set|design|run|architect)",
      E("decision_owner", "provider", 2), party_lookback=True),
    R(r"(?:do|does|doing|done|build|builds|building|built|run|runs|running|design|designs|"
      r"designing|deliver|delivers|delivering|handle|handles|handling) (?:it |this |that |things |"
      r"everything |the (?:whole |entire )?(?:\w+ )?(?:thing|work|project|platform|service|"
      r"system|build|app) )?(?P<p>our|their|thier|the client's|the customer's|your) (?:own )?way",
      E("decision_owner", PARTY, 2)),
    # "they're not precious about which ticketing tool we use": the other party chooses
    R(r"(?:not|n't|never) (?:at all |really |too |that |overly |very )?(?:precious|fussy|"
      r"bothered|particular|picky|opinionated|prescriptive|dogmatic|religious) (?:about|over|on|"
      r"regarding) (?:which|what|how|the (?:tooling|tools|stack|tech|approach|technology))",
      E("decision_owner", OTHER, 2), negatable=False, party_lookback=True),
    R(r"(?:don't|doesn't|do not|does not|won't|dont|doesnt) (?:really |even )?(?:want|need|care|"
      r"wish|plan) to (?:be involved|get involved|have a say|weigh in|have an opinion) "
      r"(?:in|on|with|about) (?:how|the how|the details|the tooling|the tech|the stack|"
      r"the architecture|the design|the day to day|implementation|the implementation)",
      E("decision_owner", "provider", 2), negatable=False),
    # the client's delivery structure: their Jira, their stand-ups, their sprint plan
    R(r"(?:off|from|out of|through|via|against) <PARTY> (?:own |existing |internal |product |"
      r"main )?(?:jira|backlog|board|jira board|kanban|kanban board|ticket queue|queue|trello|"
      r"sprint board|sprint plan|sprint backlog|azure devops board|task list)",
      E("decision_owner", PARTY, 2)),
    R(r"(?:in|into|at|join|joins|joining|attend|attends|attending) <PARTY> (?:own |daily |"
      r"regular |weekly )?(?:stand ?ups|standups|ceremonies|sprint planning|sprint reviews|"
      r"retros|retrospectives|dailies|scrum|scrums|sprints|planning sessions)"
      r"|(?:follow|follows|following) <PARTY> (?:own )?(?:sprint plan|plan|plans|instructions|"
      r"orders|architecture|designs?|specs?|tickets|jira)",
      E("decision_owner", PARTY, 2)),
    R(r"(?:tell|tells|telling|told|decide|decides|deciding|dictate|dictates) (?:them |us |the "
      r"(?:devs|engineers|developers|team|contractors) |our (?:people|devs|engineers|guys|folks|"
      r"team) )?(?:exactly )?what to (?:work on|build|do|prioriti[sz]e|pick up|ship|code)",
      E("decision_owner", PARTY, 2), default_party="client", party_lookback=True),
    R(_SUBJ + _COORD + r" (?:direct|directs|directing|lead|leads|"
      r"leading|steer|steers|steering|guide|guides|guiding|supervise|supervises|supervising|"
      r"manage|manages|managing|oversee|oversees|overseeing|task|tasks|tasking|assign|assigns|"
      r"assigning|run|runs|running|coordinate|coordinates|coordinating|allocate|allocates|"
      r"allocating|hand out|hands out|handing out|prioriti[sz]e|prioriti[sz]es|prioriti[sz]ing) "
      r"(?:the |their |our |all |all the |any |every )?(?:(?:extra|additional|added|new|"
      r"augmented|external|outside|embedded|borrowed|contract|offshore|nearshore) )?"
      r"(?:guys|folks|people|engineers|devs|developers|consultants|contractors|resources|"
      r"team members|staff|hands|whoever we send|the people we send|them|tickets|tasks|work|"
      r"the work|stories|day to day|daily work|backlog|sprints?|squads?)",
      E("decision_owner", PARTY, 2)),
    R(r"(?:place|places|placing|put|puts|putting|embed|embeds|embedding|second|seconding|"
      r"loan|lend|lending) (?:\w+ ){0,3}?(?:engineers?|developers?|devs?|testers?|qas?|qa "
      r"engineers|sres?|consultants?|people|folks|contractors?|ppl) (?:with|in|into|inside|at|"
      r"within) <PARTY>(?: (?:own|existing|internal|in ?house|current|core))?(?: \w+){0,2}? "
      r"(?:team|teams|squad|squads|crew|pods?|department|org|unit|group|function)",
      E("decision_owner", PARTY, 2)),
    R(r"(?:plug|plugs|plugging|slot|slots|slotting|drop|drops|dropping|sit|sits|sitting|fit|fits|"
      r"fitting|work|works|working) (?:into|in|inside|within|alongside|under) <PARTY>"
      r"(?: (?:own|existing|internal|in ?house|current|core))?(?: \w+){0,2}? (?:team|teams|"
      r"squad|squads|crew|pods?|department|org|setup|process|processes|sprints?|scrum)",
      E("decision_owner", PARTY, 2)),
)

# --- accountability ---------------------------------------------------------------------------

_ACCOUNT = (
    # "we eat the risk", "they carry the delivery risk", "we'd be absorbing the penalties"
    R(_SUBJ + _COORD + r" (?:eat|eats|eating|absorb|absorbs|"
      r"absorbing|shoulder|shoulders|shouldering|take on|takes on|taking on|carry|carries|"
      r"carrying|bear|bears|bearing|own|owns|owning|hold|holds|holding|take|takes|taking|keep|"
      r"keeps|keeping|retain|retains|retaining|wear|wears|wearing|assume|assumes|assuming) "
      r"(?:the |all the |all |any |full |most of the |final |ultimate |overall )*"
      r"(?:(?:delivery|commercial|financial|execution|operational|outcome|project|production) )?"
      r"(?:risks?|blame|liability|consequences|downside|penalties|pager|accountability|"
      r"responsibility|hit)",
      E("accountability", PARTY, 3, OTHER)),
    R(r"(?:make|makes|making|made|hold|holds|holding|keep|keeps) <PARTY> (?:fully |solely |"
      r"directly |contractually |legally |financially )?(?:liable|accountable|responsible|"
      r"answerable|on the hook)"
      r"|(?:has|have|having|puts?|putting|leaves?|leaving) <PARTY> (?:carrying|owning|holding|"
      r"on the hook|liable|accountable|responsible|answerable|bearing|eating|taking)",
      E("accountability", PARTY, 3)),
    # blame landing on a party: "any slip in the date is on them, not us"
    R(r"(?:slips?|slippage|delays?|failures?|misses|overruns?|outages?|incidents?|blame|"
      r"it|that|this|anything|everything|risk|the risk|responsibility|accountability|liability|"
      r"problems?|consequences)(?: \w+){0,5}? (?:is|are|'s|falls|fall|lands|land|sits|sit|rests|"
      r"rest|would be|will be|stays|stay) (?:squarely |entirely |firmly |all |fully |100% )?on "
      r"(?P<p>us|them|the client|the customer|the vendor|the provider|our side|their side|our "
      r"shoulders|their shoulders|our heads|their heads|thier side)",
      E("accountability", PARTY, 3)),
    R(r"(?:kpis?|slas?|targets?|outcomes?|results?|delivery|uptime|risks?|the outcome|"
      r"accountability|responsibility|deliverables|milestones|dates?|deadlines?)(?: \w+){0,3}? "
      r"(?:owned|carried|held|borne|guaranteed|underwritten|backed) (?:\w+ )?by <PARTY>",
      E("accountability", PARTY, 3)),
    R(r"(?:sign|signs|signing|signed) up (?:to|for) (?:\w+ ){0,3}?(?:penalt(?:y|ies)|"
      r"delivery (?:dates?|penalt(?:y|ies)|targets?|commitments?)|commitments?|guarantees?|"
      r"fixed dates?|" + _OUTCOMES + ")",
      E("accountability", PARTY, 3), default_party="provider", party_lookback=True),
    R(_SUBJ + r"(?: (?:be|are|'re|is|'s|'d be|would be|will be))? the (?:ones?|party|team) "
      r"(?:who(?:'d|'ll| would| will)?|that|to) (?:pay|answer|be blamed|get blamed|carry|take the "
      r"hit|be held|be on the hook|guarantee|eat|own the risk)",
      E("accountability", PARTY, 3)),
    # guarantees, typos included: "a vendor who guarantees the features land by the date"
    R(r"<GUAR>(?:s|d|ing)? (?:that |on |for |around |about |of )?(?:\w+ ){0,5}?" + _OUTCOMES
      + r"|<GUAR>d (?:delivery|outcomes?|results?|uptime|dates?|go ?live|launch)",
      E("accountability", PARTY, 3), default_party="provider", party_lookback=True),
    R(r"<GUAR>(?:s|d|ing)?",
      E("accountability", PARTY, 2), default_party="provider", party_lookback=True),
    R(r"(?:own|owns|owning|run|runs|running|manage|manages|operate|operates|deliver|delivers|"
      r"take over|takes over|handle|handles|look after|looks after|support|supports|maintain|"
      r"maintains) (?:it|this|that|everything|the lot|(?:(?:the|their|our|its|your) )?"
      r"(?:\w+ ){0,3}?\w+) (?:<WHOLLY>|outright|wholesale|lock stock|in full|100%)",
      E("decision_owner", PARTY, 2), E("accountability", PARTY, 2), default_party="provider",
      party_lookback=True),
    R(r"<PARTY><AUX> (?:own|owns|owning) (?:it|this|all of it|the lot|everything|the whole thing|"
      r"the whole lot)(?= *(?:[.!;,)\n]|$| (?:outright|completely|fully|entirely|end to end|and)))",
      E("decision_owner", PARTY, 2), E("accountability", PARTY, 2)),
    R(r"(?:want|wants|wanted|need|needs|like|asked|asks|asking|expect|expects|hire|hires|hiring|"
      r"engage|engages|engaging|get|gets|contract|contracts|pay|pays|paying) <PARTY> to "
      r"(?:run|operate|own|manage|look after|take over|take care of|support|maintain|host|"
      r"handle|build and run|operate and support)"
      r"(?! (?:the |all |our |their )?(?:uptime|availability|slas?|outcomes?|results?|delivery|"
      r"reliability|quality|incidents|risk|the outcome|performance)\b)",
      E("decision_owner", PARTY, 1), E("accountability", PARTY, 1)),
    R(r"(?:an?|the) (?:outside |external |specialist |managed |third party |dedicated )?(?:team|"
      r"firm|company|agency|shop|crew|partner|provider|vendor|msp|supplier|integrator|"
      r"consultancy) (?:\w+ )?to (?:own|run|operate|manage|take over|look after|handle|maintain|"
      r"support|take care of|build and run|build and operate|build and maintain)"
      r"(?! (?:the |all |our |their )?(?:uptime|availability|slas?|outcomes?|results?|delivery|"
      r"reliability|quality|incidents|risk|the outcome|performance)\b)",
      E("decision_owner", "provider", 2), E("accountability", "provider", 2)),
    R(r"(?:an?|the) (?:outside |external |specialist |managed |third party |dedicated )?(?:team|"
      r"firm|company|agency|shop|crew|partner|provider|vendor|msp|supplier|integrator|"
      r"consultancy) (?:\w+ )?to (?:own|be responsible for|be accountable for|answer for|take "
      r"responsibility for|carry|guarantee) (?:the |all |our |their )?(?:uptime|availability|"
      r"slas?|outcomes?|results?|delivery|reliability|quality|incidents|risk|the outcome|"
      r"performance)",
      E("accountability", "provider", 2)),
    # "a team that answers for the results", "a partner who is accountable for uptime"
    R(r"(?:an?|one) (?:outside |external |specialist |managed |third party |dedicated )?(?:team|"
      r"firm|company|partner|provider|vendor|msp|supplier|crew|integrator|consultancy) (?:who|"
      r"that|which) (?:\w+ )?(?:answers?|is accountable|are accountable|is responsible|takes "
      r"responsibility|owns|carries the risk|stands behind) (?:for )?(?:the |all |its |their )?"
      r"(?:\w+ )?(?:outcomes?|results?|delivery|uptime|availability|reliability|quality|"
      r"performance|slas?|service levels?|deliverables?)",
      E("accountability", "provider", 2)),
    # "our engineers just help their ops team hit it": the helped party answers for it
    R(r"(?:help|helps|helping|support|supports|supporting|assist|assists|assisting) <PARTY>"
      r"(?: <ROLE>)? (?:to )?(?:hit|meet|achieve|reach|deliver on|deliver against|keep) "
      r"(?:it|them|the|their|our|its|this|that|\w+ (?:targets?|slas?|dates?|deadlines?|goals?))",
      E("accountability", PARTY, 2)),
    # "wants 'accountability for results' from us"
    R(r"(?:accountability|responsibility|ownership|guarantees?|commitments?)(?: (?:for|of|on|"
      r"around) (?:\w+ ){0,3}?\w+)?(?:'|[\"”])? from <PARTY>",
      E("accountability", PARTY, 3)),
    R(r"(?:fixed|firm|hard|guaranteed|committed) (?:date|deadline|delivery date|go ?live date)s?"
      r"(?: and (?:fixed |firm )?(?:price|scope))? (?:deliverables?|delivery|commitments?|build|"
      r"project|engagement)",
      E("accountability", "provider", 2)),
    # "..., they own the product decisions and the delivery risk"
    R(r"(?:and|,) (?:the |all the |all |any |full )?(?:(?:delivery|commercial|financial|"
      r"execution|operational|outcome|project|production) )?(?:risks?|accountability|"
      r"responsibility|liability)(?= *(?:[.;,!?)\n]|$|and\b|but\b))",
      E("accountability", PARTY, 3, OTHER), party_lookback=True, lookback_sentence=True),
)

# --- weaker structural hints (a second pass, in effect: they only count when nothing stronger
# is said about the factor) -------------------------------------------------------------------

_HINTS = (
    R(r"(?:want|wants|need|needs|just|asking for|asked for|after|looking for) (?:\w+ )?bodies"
      r"|(?:<N>|\d+) (?:\w+ ){0,2}?(?:ppl|folks|guys|hands|fte|ftes|heads|seats)"
      r"|headcount|staff aug(?:mentation)?|(?:an? )?sa (?:deal|engagement|opp|opportunity|"
      r"contract|model|play|gig|setup)|(?:pure|straight|classic|plain|vanilla) (?:sa|staff aug)|team augmentation|augmented (?:engineers|team|staff|"
      r"developers|devs|capacity)|resource augmentation|capacity (?:top ?up|boost)",
      E("decision_owner", "client", 1)),
    R(r"(?:run|runs|running|operate|operates|operating|manage|manages|managing|handle|handles|"
      r"handling|look after|looks after|looking after|take care of|takes care of|do|does) "
      r"(?:it|this|that|everything|the lot|(?:the|their|our|its|your) (?:whole |entire )?"
      r"(?:\w+ ){0,3}?\w+) for <PARTY>",
      E("decision_owner", OTHER, 1), E("accountability", OTHER, 1)),
    R(r"(?:stop|stops) (?:worrying|thinking) about (?:it|this|that|them)|never (?:have to )?think "
      r"about (?:it|this) again|(?:get|gets|getting) out of the business of"
      r"|managed service(?:s)? (?:provider|deal|contract|engagement|model|arrangement)"
      r"|msp (?:deal|contract|engagement|model|arrangement)",
      E("decision_owner", "provider", 1), E("accountability", "provider", 1)),
)

# --- round 7 (issue 13): plain statements fresh text used and the tables missed --------------

# a subject with a plain noun after it: "your firm", "their side", "our management"
_CONTRACT_PARTY = (
    # a contract's parties, capitalised ("The Contractor shall ...", "the Authority remains")
    r"(?P<pc{n}>the (?:[A-Zc]ontractor|[A-Zs]upplier|[A-Zs]ervice [A-Zp]rovider|[A-Za]uthority|"
    r"[A-Zb]uyer|[A-Zp]urchaser|[A-Zv]endor|[A-Zc]ustomer|[A-Zc]lient))"
)
_SUBJ_N_SRC = (r"(?:<PARTY>(?: (?:firm|company|side|organi[sz]ation|management|people|"
           r"steering (?:group|committee|board)|programme board|program board|"
           # "their cloud team", "our delivery squad": a team named by its work
           r"(?:\w+ )?(?:team|squad|group|department|chapter|guild|practice))|"
           r" <ROLE>|(?<!their)(?<!our)(?<!your)(?<!'s)(?<!thier)(?<!her)(?<!his)(?<!its))"
           r"|" + _CONTRACT_PARTY + r")<AUX>")
_SUBJ_COUNT = itertools.count()


def _subj_n() -> str:
    """``_SUBJ_N_SRC`` with its contract-party group named afresh (a rule may hold two)."""
    return _SUBJ_N_SRC.replace("{n}", str(next(_SUBJ_COUNT)))

_ROUND7 = (
    # "we answer for hitting the targets", "the vendor answers for any late file"
    R(_subj_n() + _COORD + r" (?:answer|answers|answered|answering) (?:to \w+ )?for\b"
      r"|" + _subj_n() + r" (?:is|are|'s|'re|be) (?:fully |solely )?(?:answerable|responsible) "
      r"(?:of|on) (?:the )?" + _OUTCOMES,
      E("accountability", PARTY, 3, OTHER)),
    # a list of duties: "..., chose the tools and answered for defect leakage"
    R(r"(?:(?<=,\s)|(?:and|then) )(?:also )?(?:will |would |shall |to )?(?:answer|answers|"
      r"answered|answering) (?:to \w+ )?for\b",
      E("accountability", PARTY, 2), party_lookback=True, lookback_sentence=True),
    # "their steering group stays accountable", "your side is responsible"
    R(_subj_n() + r" (?:is|are|'s|'re|be|stays|stay|remains|remain) (?:fully |solely |ultimately |"
      r"still )?(?:accountable|responsible|liable|answerable)\b",
      E("accountability", PARTY, 3, OTHER)),
    # a list of duties: "their AppSec lead chooses the scanners, ..., and owns the SLA"
    R(r"(?:(?<=,\s)|(?:and|then) )(?:also )?(?:will |would |shall |to )?(?:own|owns|owning|"
      r"carry|carries|carrying) (?:the |all |any |their |our |its )?(?:\w+ ){0,2}?"
      r"(?:" + _OUTCOMES + r"|risks?)",
      E("accountability", PARTY, 3), party_lookback=True, lookback_sentence=True),
    # "your firm will be held accountable", "we're the ones paying credits"
    R(_subj_n() + r" (?:be |being |get |gets )?held (?:fully |solely |contractually )?"
      r"(?:accountable|responsible|liable)"
      r"|" + _subj_n() + r"(?: the ones?| who)? (?:pay|pays|paying|owe|owes|owing) (?:the |any |all )?"
      r"(?:service )?(?:credits|penalties|liquidated damages)",
      E("accountability", PARTY, 3, OTHER)),
    # "delivery is on them", "if it slips it's on you", "it's your neck"
    R(r"(?:it|that|this|which|delivery|quality|risk|the risk|everything|anything|failure)"
      r"(?:'s| is| are| falls| lands| rests| will be| would be) (?:all |squarely |entirely )?"
      r"on (?P<p>you|them|us|"
      r"the vendor|the supplier|the client|the customer)(?=\s*(?:[,.;:!?)]|$|not\b|and\b))"
      r"|(?:it's|it is|that's|that is|it'll be) (?P<p1>your|our|their) neck",
      E("accountability", PARTY, 3)),
    # "the outcomes stay with them", "the results are theirs", "the SOC stays hers"
    R(r"(?:outcomes?|results?|risks?|delivery|responsibility|accountability|quality)(?: \w+){0,3}?"
      r" (?:stay|stays|remain|remains|rest|rests|sit|sits|lie|lies) (?:with|by) <PARTY>",
      E("accountability", PARTY, 3)),
    R(r"(?:stay|stays|remain|remains|are|is|be) (?P<p>theirs|ours|hers|yours)\b",
      E("accountability", PARTY, 2), negatable=False),
    # the decision rule above for subjects it does not know: "their cloud team makes the calls
    # on everything", "the Contractor shall determine the architecture"
    R(r"(?:<PARTY> (?:\w+ )?(?:team|squad|group|department|chapter|guild|practice)|"
      + _CONTRACT_PARTY.replace("{n}", "d") + r")<AUX>" + _COORD + r" " + _DVERB + " " + _DOBJ,
      E("decision_owner", PARTY, 3, OTHER)),
    # "their backlog, their call", "your call on frameworks", "not our decision"
    R(r"(?P<p>our|their|your|thier|his|her)(?: own)? (?:call|decision|choice)"
      r"(?= (?:on|about|how|what|which|whether)\b|\s*(?:[,.;:!?)]|$))",
      E("decision_owner", PARTY, 3, OTHER)),
    # permissions: "pick whatever tech you like", "design it however we want"
    R(r"(?:whatever|however|whichever|as) (?:\w+ ){0,2}?(?P<p>you|we|they|you guys)"
      r"(?: (?:think|feel))? "
      r"(?:like|want|see fit|prefer|choose|is best|think is best|think best|deem fit|decide)\b",
      E("decision_owner", PARTY, 3)),
    # "the Contractor shall have sole discretion over the technical solution"
    R(_subj_n() + r" (?:have|has|retain|retains|keep|keeps|hold|holds) (?:sole|full|absolute|"
      r"complete|total|final) (?:discretion|authority|control|say) (?:over|on|of)\b",
      E("decision_owner", PARTY, 3, OTHER)),
    # "their design lead keeps every UX and architecture decision", "we retain all decisions"
    R(_subj_n() + r" (?:keep|keeps|kept|keeping|retain|retains|retained|retaining|hold|holds|"
      r"holding) (?:every|all|all the|the|each) (?:\w+ (?:and |, ?)?){0,3}?(?:decisions?|calls|"
      r"choices|say)\b",
      E("decision_owner", PARTY, 3, OTHER)),
    # "we will direct your engineers", "their ops manager assigns every task"
    R(_subj_n() + r" (?:direct|directs|directed|directing|assign|assigns|assigned|assigning|"
      r"tell|tells|instruct|instructs|task|tasks) (?:the |all |every |each |your |our |their |"
      r"its )?(?:\w+ )?(?:engineers|developers|devs|people|testers|consultants|contractors|folks|"
      r"staff|resources|work|tasks?|tickets?)\b",
      E("decision_owner", PARTY, 3, OTHER)),
    # shorthand: "client directs, we carry the SLA", "client-led"
    R(_subj_n() + r" (?:directs|decides|leads|calls the shots)(?=\s*(?:[,.;:!?)+]|$|and\b))",
      E("decision_owner", PARTY, 3, OTHER)),
    R(r"(?P<p>client|customer) led\b", E("decision_owner", PARTY, 2)),
    # "all the technical decision is for your side"
    R(r"(?:decisions?|choices|calls)(?: \w+){0,2}? (?:is|are|will be|stay|stays|remain|remains) "
      r"(?:for|with|up to) <PARTY>",
      E("decision_owner", PARTY, 3)),
    # "our runbooks, our tooling", "with our own tools and processes"
    R(r"(?:with|using|on) (?P<p>our|their) own (?:tools|tooling|processes|methods|toolchain|"
      r"runbooks|stack)"
      r"|(?<![\w-])(?P<p1>our) (?:tools|tooling|runbooks|toolchain)(?=\s*(?:[,.;:!?)+]|$|and\b))",
      E("decision_owner", PARTY, 2)),
)

# --- leadership -------------------------------------------------------------------------------

_LEADER_ROLE = (
    r"(?:engineering |it |technical |tech |development |dev |delivery )?(?:director|"
    r"directors)|director of (?:engineering|technology|it|development|software|product)|"
    r"heads? of (?:engineering|technology|it|development|software|platform|mobile|product|"
    r"data|infrastructure)|vp(?:s)?(?: of)? (?:engineering|eng|technology|product|it)|cto|ctos|"
    r"engineering (?:managers?|leads?|org|organi[sz]ation|department|team|function)|ems|"
    r"(?:in ?house |internal |technical |engineering |tech )+leadership|leadership team|"
    r"tech leads?|architects?|product owners?"
)

_LEADERSHIP = (
    R(r"(?:strong|solid|great|excellent|experienced|seasoned|capable|mature|competent|hands on|"
      r"very good|good|senior|proven|sharp|brilliant|respected|veteran|savvy|accomplished|"
      r"well respected|really good|top notch|first rate) (?:in ?house |internal |technical |"
      r"engineering |tech )*(?:" + _LEADER_ROLE + r"|leadership)",
      E("leadership", "strong", 2, "weak"), client_only=True, party_lookback=True),
    R(r"(?:engineering |dev |development |it |tech )?(?:org|organi[sz]ation|department|team|teams|"
      r"function|shop)(?: \w+)?<COP> <ADV>(?:well run|well led|well managed|well organi[sz]ed|"
      r"mature|disciplined|tight|strong|solid|high performing)"
      r"|(?:well run|well led|well managed|well organi[sz]ed|high performing|tight,? "
      r"well organi[sz]ed) (?:engineering )?(?:org|organi[sz]ation|department|team|teams|shop|"
      r"function)",
      E("leadership", "strong", 2, "weak"), client_only=True, party_lookback=True),
    R(r"(?:is|are|'s|'re) (?:completely |entirely |totally |fairly |pretty )?(?:non technical|"
      r"not technical|nontechnical)"
      r"|(?:no|zero|without|lacks?|lacking) (?:any )?(?:it|tech|technical|engineering|dev) "
      r"(?:leadership|lead|director|management|manager|oversight)(?: (?:to speak of|at all|"
      r"whatsoever))?"
      r"|(?:only|sole|last|one|lone|single) (?:remaining )?(?:engineer|developer|dev|techie|"
      r"it person|technical person|programmer)(?: \w+){0,2}? (?:left|quit|resigned|departed|has "
      r"left|is leaving|walked)"
      r"|(?:it director|it manager|engineering director|director of engineering|head of "
      r"(?:it|engineering|technology)|engineering lead|lead engineer)(?: \w+){0,2}? (?:retired|"
      r"left|quit|resigned|departed)(?:,? and (?:was|has|is|were) (?:never|not) (?:been )?"
      r"replaced)?"
      r"|(?:only|sole|lone|single|one) (?:technical |tech |it |in house |engineering )?(?:person|"
      r"developer|dev|engineer|techie|staffer|employee|hire)(?: \w+){0,3}?(?: is|'s|was) (?:a |an )?"
      r"(?:junior|intern|graduate|trainee|part timer|student|apprentice|junior \w+)"
      r"|(?:cto|head of engineering|head of technology|vp (?:of )?engineering|engineering "
      r"(?:manager|director|lead)|tech lead|it (?:director|manager|lead))(?: (?:role|position|"
      r"seat|job|post))?<COP> (?:still |currently )?(?:vacant|empty|unfilled|open|unstaffed)"
      r"|(?:engineering |technical |tech |it )?(?:leadership|management)<COP> <ADV>(?:absent|"
      r"missing|non ?existent|lacking|weak|poor|chaotic)"
      r"|(?:nobody|no one|noone|no-one)(?: \w+){0,2}? (?:can|could|is able to|knows how to) "
      r"(?:read|write|review|understand|maintain) (?:the )?code",
      E("leadership", "weak", 2), negatable=False, client_only=True),
    # thin or patchy leadership exists but is stretched: the middle answer
    R(r"(?:engineering |technical |tech |it )?(?:leadership|management|governance)<COP> <ADV>"
      r"(?:thin|patchy|stretched|overstretched|spread thin|a bit thin|part time)",
      E("leadership", "some", 2), client_only=True, party_lookback=True),
    R(r"(?:new|brand new|junior|green)(?: \w+)?(?: and| but)? (?:covering|across|spread across|"
      r"juggling|split between|shared across|running|managing|responsible for) (?:two|three|four|"
      r"several|multiple|many|\d+) (?:teams|squads|products|projects|groups)",
      E("leadership", "some", 2), client_only=True, party_lookback=True),
    R(r"(?:covering|across|spread across|juggling|split between|shared across) (?:two|three|"
      r"four|several|multiple|many|\d+) (?:teams|squads|products|projects)",
      E("leadership", "some", 1), client_only=True, party_lookback=True),
)

OWNERSHIP_RULES: Final[tuple[Rule, ...]] = (
    *_DECISION, *_ACCOUNT, *_ROUND7, *_HINTS, *_LEADERSHIP
)

__all__ = ["OTHER", "OWNERSHIP_RULES"]
