"""Domain vocabulary: synonyms, abbreviations and stopwords, applied to passages and queries alike.

``SYNONYMS`` maps canonical tokens to the surface phrases that stand for them (comma-separated,
lowercase; hyphens, slashes and apostrophes in the text are word breaks or dropped, so "on-call"
matches "on call" and "what's" matches "whats"). A key with several words yields several tokens
("sla slo": an SLO is a kind of SLA but stays findable on its own). Longer phrases win, so
"managed service provider" becomes one token instead of "managed" plus leftovers. Canonical
tokens with an underscore are kept as they are; everything else is stemmed like any word. The
empty key lists everyday phrases that merely look like ours; they are dropped.
"""

from __future__ import annotations

from typing import Final

MANAGED: Final = "managed_services"
OTHER_FIELD: Final = "other_field"
"""The token of a word of another field (health care, company law, recruitment, schooling,
personal finance) that uses our words in its own senses (``SYNONYMS["other_field"]``)."""
AUGMENTATION: Final = "staff_augmentation"
OTHER_TRADE: Final = "other_trade"
"""The token of a word of another trade's work and pay (round 13, ``SYNONYMS["other_trade"]``):
staffing agencies and the workers they place (guards, nurses, drivers, temps), their insurance,
fees and payroll; sport (a team losing a match, the coach); an employer's staff policy (a
four-day week, pay rises, leave); shopping for a product model ("the samsung or the lg tv")."""


def _ordinal(day: int) -> str:
    return f"{day}{'th' if 10 <= day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


_AUG_DATES: Final = ", ".join(f"aug {d}, aug {_ordinal(d)}" for d in range(1, 32))
""""aug" is staff augmentation in a sales chat, but "aug 5th" is a date: dropped."""

_RESPONSIBLE_VS_ACCOUNTABLE: Final = ", ".join(
    f"{a} {joint} {b}"
    for r, acc in (("responsible", "accountable"), ("responsibility", "accountability"))
    for a, b in ((r, acc), (acc, r))
    for joint in ("vs", "versus", "and", "or", "v")
)
""""Responsible versus accountable", in either order and with any joint, is the RACI question."""

SYNONYMS: Final[dict[str, str]] = {
    # Phrases that look like ours but are everyday English: dropped ("I managed to ...").
    "": """
        managed to, manage to, manages to, managing to, deal with,
        deals with, dealing with, big deal, flexible working, flexible hours, flexitime,
        flextime, hybrid work, hybrid working, hybrid worker, hybrid workers, hybrid meeting,
        hybrid meetings, hybrid event, hybrid events, hybrid car, hybrid cars, hybrid vehicle,
        hybrid vehicles, hybrid bike, hybrid bikes, hybrid schedule, hybrid office,
        hybrid cloud, their own, its own, our own, your own, his own, her own, my own,
        new hire, new hires, new here, newbie, noob, new starter here, new joiner here,
        new joiner, im new here, im new, quiz for the newbie, quiz for the new hire,
        quiz for a new hire, quiz for new hires, quiz for the new starter, quiz time, pop quiz,
        quiz me, quick quiz, quiz question, august, break down what,
        breaks down what, break down for me, break it down, break that down,
    """
    + _AUG_DATES,
    # Other senses of our words: network gear, cloud product features, machine learning and
    # office life ("managed switch", "managed identity", "data augmentation", "service mesh",
    # "staff party"). Their token is an everyday word (``EVERYDAY``), so a query that uses one
    # is answered only when it also names our concepts outright.
    "other_sense": """
        managed switch, managed switches, unmanaged switch, unmanaged switches,
        managed network switch, network switch, network switches, vlan, vlans, access point,
        access points, router, routers, firewall rule, firewall rules, managed identity,
        managed identities, system assigned identity, user assigned identity, managed disk,
        managed disks, managed node group, managed node groups, node group, node groups,
        managed policy, managed policies, inline policy, inline policies, iam policy,
        iam policies, managed instance, managed instances, managed database,
        managed databases, managed kubernetes, managed cluster, managed clusters,
        managed wordpress, managed laptop, managed laptops, managed device, managed devices,
        managed browser, managed dns, data augmentation, image augmentation, augmented reality,
        augment this photo, augment this image, augment the image, augment the photo,
        service discovery, service mesh, service meshes, service principal,
        service principals, service account, service accounts, print service, print spooler,
        windows service, windows services, update service, windows update, customer service,
        customer services, internet provider, internet providers, internet service provider,
        internet service providers, isp, broadband provider, cloud provider, cloud providers,
        staff discount, staff party, staff parties, staff handbook, staff room, staff canteen,
        staff parking, staff directory, staff photo, staff photos, fire exit, fire exits,
        emergency exit, emergency exits, exit interview, exit interviews, exit the building,
        managed service account, managed service accounts, group managed service account,
        active directory, blob storage, object storage, storage account, storage accounts,
        s3 bucket, s3 buckets, electricity provider, energy provider, gas provider,
        power provider, water provider, energy supplier, energy suppliers, electricity supplier,
        gas supplier, power supplier, water supplier, job offer, job offers, phone provider, mobile provider, mobile data,
        data plan, broadband, telecom provider, telco, email provider, payment provider,
        payments provider, insurance provider, health provider, healthcare provider,
        pension provider, benefits provider, dns provider, sms provider, identity provider,
        sso provider, tv provider, wifi provider, domain name, domain names, domain controller,
        domain controllers, domain registrar, custom domain, custom domains, domain join,
        self hosted, selfhosted, self managed runner, ci runner, ci runners, cleaning company,
        cleaning companies, cleaning service, cleaning services, cleaning contract,
        office cleaning, cleaning rota, cleaners, cleaning contractor, cleaning contractors,
        cleaning crew, cleaning staff, notice period, notice periods, summer job, summer jobs,
        part time job, part time jobs, side job, first job, job hunting, job search,
        find a job, get a job, homeowners association, residents association, call centre,
        call centres, call center, call centers, contact centre, contact centres,
        contact center, contact centers, new staff, new staff member, new staff members,
        new starter, new starters, employee onboarding,
        first day onboarding, receptionist, receptionists,
        staff onboarding, employee benefits, become a contractor, becoming a contractor,
        became a contractor, work as a contractor, working as a contractor, become a consultant,
        becoming a consultant, work as a consultant, working as a consultant,
        fire safety, fire alarm, fire alarms, fire drill, fire drills, fire extinguisher,
        fire extinguishers, fire warden, fire wardens, fire marshal, health and safety,
        in the building, the office building, office building, our building, this building,
        special delivery, post office, royal mail, first class post, moving house, move house,
        moved house, moving home, move home, moving flat, buying a house, selling a house,
        near me, top 10, top ten, top five, top 5,
        tenants association, self employed, umbrella company, sole trader, dedicated server,
        dedicated servers, dedicated cluster, dedicated clusters, virtual private server, vps,
        breast augmentation, lip augmentation, chin augmentation, cheek augmentation,
        bone augmentation, ligament augmentation, sinus augmentation, ridge augmentation,
        job interview, job interviews, engagement ring, engagement rings, engagement party,
        engagement parties, engagement photo, engagement photos, engagement shoot,
        engagement gift, engagement gifts, engagement present, engagement announcement,
        engagement rate, engagement rates, user engagement, audience engagement,
        social media engagement, social engagement, employee engagement, staff engagement,
        community engagement, speaking engagement, speaking engagements, engagement campaign,
        engagement campaigns, engaged couple,
        getting engaged, got engaged, get engaged, day off, days off, time off, annual leave,
        sick day, sick days
    """,
    # Words of other fields that use our words in their own senses (round 11): health care's
    # "accountable care", company law's "governance", recruitment's "staffing agency". Unlike
    # ``other_sense`` they do not veto a query that names one of the models outright ("a
    # hospital group wants managed services"): see ``index.Relevance.field``.
    OTHER_FIELD: """
        healthcare, health care, health system, health systems, medicare, medicaid, patient,
        patients, physician, physicians, clinical, clinician, clinicians, medical, hmo, hmos,
        care organisation, care organisations, care organization, care organizations, nhs,
        hospice, pharmacy, pharmacies, pharmacist, prescription, prescriptions, diagnosis,
        shareholder, shareholders, stockholder, stockholders, board of directors,
        boards of directors, audit committee, audit committees, non executive,
        non executive director, non executive directors, nonexecutive, fiduciary, fiduciaries,
        annual general meeting, agm, listed company, listed companies, stock exchange,
        dividend, dividends, company law, companies act, corporate governance,
        remuneration committee, sarbanes oxley, employment law, employment tribunal, labour law, labor law,
        minimum wage, maternity leave, paternity leave, sick leave, sick pay, redundancy,
        redundancies, severance, unfair dismissal, jobseeker, jobseekers, job seeker,
        job seekers, shift pattern, shift patterns, pupil, pupils, curriculum, lesson plan,
        lesson plans, classroom, classrooms, mutual fund, mutual funds, index fund,
        index funds, fund manager, fund managers, construction, construction site,
        construction sites, building site, building sites, church, churches, diocese, dioceses,
        parish, parishes, mosque, mosques, synagogue, synagogues, credit card, credit cards,
        debit card, debit cards, chargeback, chargebacks, mortgage, mortgages, bank account,
        bank accounts, nanny agency,
        blockchain, blockchains, dao, daos, crypto,
        cryptocurrency, cryptocurrencies, token holders, smart contract, smart contracts,
        implant, implants, cosmetic, cosmetic surgery, plastic surgery, vicar, vicars, priest,
        priests, pastor, pastors, congregation, congregations, worship
    """,
    # Another trade's work and pay (round 13): unlike ``other_field`` a query naming both sides
    # of an engagement is not lifted ("the security guards we place at a client's warehouse:
    # their liability insurance"); only a model named outright is (``index.Relevance.trade``).
    OTHER_TRADE: """
        labour hire, labor hire, agency worker, agency workers,
        agency staff, agency nurse, agency nurses, agency carer, agency carers, agency driver,
        agency drivers, agency fee, agency fees, agencys fee, agency payroll, locum, locums,
        recruitment agency, recruitment agencies, recruiting agency, recruiting agencies,
        employment agency, employment agencies, temp, temps, temping, temp agency,
        temp agencies, temp to perm, recruiter, recruiters, headhunter, headhunters,
        finders fee, finder fee, placement fee, placement fees, candidates per role,
        candidate per role, security guard, security guards, security staff, care worker,
        care workers, care home, care homes, warehouse worker, warehouse workers,
        warehouse staff, delivery driver, delivery drivers, lorry driver, lorry drivers,
        hgv driver, hgv drivers, truck driver, truck drivers, forklift driver,
        forklift drivers, porter, porters, labourer, labourers, laborer, laborers, pickers,
        packers, bar staff, kitchen staff, care staff, waiting staff,
        liability insurance, public liability, employers liability, indemnity insurance,
        indemnity cover, professional indemnity, national insurance, holiday pay, uniforms,
        loses a match, lose a match, lost a match, lost the match, loses the match,
        lose the match, won the match, win the match, loses the final, lost the final,
        lose the final, lost the game, loses the game, games in a row, matches in a row,
        cup tie, cup final, derby, referee, referees, striker, strikers, goalkeeper,
        relegated, relegation, league table, premier league, starting eleven,
        starting lineup, head coach, sack the coach, the coach, our coach, football team,
        marathon, marathons, half marathon, parkrun, fun run, jogging, running club,
        four day week, 4 day week, four day weeks, pay rise, pay rises, pay raise,
        pay raises, pay freeze, bonus scheme, parental leave, unlimited leave, paid leave,
        holiday allowance, pension scheme, samsung, lg tv, tv, tvs, television, televisions,
        iphone, iphones, fridge, fridges, dyson, washing machine, refurbished,
        bundle deal, in the sale, on sale, phone contract,
        building contractor, building contractors, house builder, house builders,
        house building, home builder, home builders, kitchen fitter, kitchen fitters,
        house extension, loft conversion, our builder, the builder, our plumber, the plumber,
        our electrician, the electrician, our roofer, the roofer, landscaper, landscapers,
        our decorator, the decorator, tradesman, tradesmen, tradespeople, handyman,
        plumbing contractor, plumbing contractors, plumbing firm, plumbing firms,
        plumbing company, plumbing companies, plumbing business, plumbing work, plumbing job,
        plumbing quote, plumbing repair, plumbing repairs, plumbing services, plumber, plumbers,
        electrical contractor, electrical contractors, electrical firm, electrical work,
        electrical works, electrician, electricians, rewire, rewiring, roofing, roofing contractor,
        roofing contractors, roofer, roofers, building firm, building firms, building company,
        building work, building works, builders merchant, builders merchants, builders quote,
        boiler, boilers, central heating, heating engineer, heating engineers, heating system,
        heating systems, heating contractor, heating contractors, heating repair, heat pump,
        heat pumps, kitchen fitting, kitchen fitted, kitchen installer, kitchen installers,
        kitchen installation, kitchen refit, new kitchen
    """,
    # The two models.
    AUGMENTATION: """
        staff augmentation, it staff augmentation, staff augment, staff augmenting, staff aug,
        staffaug, team augmentation, team extension, staff extension, extend the team,
        extend our team, extend their team, extend its team, extending the team,
        extending their team, extended team, body shop, body shopping, body shops,
        embedded engineer, embedded engineers, embedded developer, embedded developers,
        embedded dev, embedded devs, embedded team, augmented staff, augmented engineer,
        augmented engineers, augmented developer, augmented developers, augmented dev,
        augmented devs, augmented team, augmented teams, augmented people, augmented folks,
        extra staff, augmentation, contractor, contractors, contract engineers,
        contract developers, nearshore, nearshoring, outstaff, outstaffing, outstaffed,
        staff extension model, team extension model, dedicated team, dedicated teams,
        staffing agency, staffing agencies, staffing firm, staffing firms, staffing company,
        it staffing, contract staffing, aug, aug deal, aug deals, aug engagement,
        rent out devs, rent out engineers, rent out developers, rent out people, rent engineers,
        rent devs, renting engineers, renting devs, renting developers, renting out engineers,
        lend devs, lend engineers, lend developers, lending devs, lending engineers,
        loan engineers, supply engineers, supply the engineers, supplies the engineers,
        supplying the engineers, supply devs, supply the devs, supply developers,
        supply the developers, supply people, supply the people, give them people,
        give us people, give them engineers, give us engineers, give them devs, give us devs,
        just want people, just need people, just want engineers, just need engineers,
        just want devs, just need devs, hired guns, hired hands, warm bodies, bums on seats,
        rent people, renting people, rented people, rent out contractors, rent contractors,
        renting contractors, renting out contractors, rented contractors, rented engineers,
        rented devs, rented developers, rent a team, renting a team, body leasing,
        staff leasing, people leasing, leased engineers, leased devs, leased developers,
        loaning engineers, loan devs, loaning devs, people on loan, engineers on loan,
        devs on loan, developers on loan, lend out people, lend out engineers, lend out devs,
        lending out people, lending out engineers, lending out devs, people we lend out,
        engineers we lend out, devs we lend out, people we lend, engineers we lend, devs we lend,
        resourcing deal, resourcing deals, resourcing contract, resourcing contracts,
        resourcing engagement, resource augmentation, team extension deal,
        team extension deals, extension deal, capacity contract, capacity contracts
    """,
    "authority staff_augmentation controlled_augmentation": """
        controlled augmentation, controlled staff augmentation
    """,
    "authority accountable authority_without_accountability": """
        authority without accountability
    """,
    "unmanaged managed_services unmanaged_managed": """
        unmanaged managed service, unmanaged managed services
    """,
    # Bare verbs: ours in context ("augment their team"), everyday elsewhere ("augment this
    # image", "embed a video"), so a domain word rather than an anchor.
    "augment": """
        augment, augments, augmented, augmenting, embed, embeds, embedded, embedding
    """,
    "augment team": """
        sit in their team, sits in their team, sitting in their team, sit in the clients team,
        sits in the clients team, sit inside their team, sit with their team,
        join their team, joins their team, joining their team, join the clients team,
        joins the clients team, joining the clients team, inside their team,
        inside the clients team, work inside their team, part of their team,
        part of the clients team
    """,
    "augment engineer": """
        place engineers, placing engineers, placed engineers, place people, placing people,
        placed people, place developers, placing developers, placed developers
    """,
    MANAGED: """
        managed services, managed service, managed service provider,
        managed services provider, msp, msps, managed, outsource, outsources, outsourced,
        outsourcing, run it for us, run it for them, runs it for us, take over, takes over,
        taking over, take it over, takes it over, taking it over, fully managed,
        managed engagement, managed engagements, managed contract, managed contracts,
        managed team, managed teams, managed deal, managed deals, managed scope, turnkey,
        run the whole service, running the whole service, run for them, run for the client,
        run it end to end, run end to end, running it end to end, runs it end to end,
        outtask, outtasks, outtasked, outtasking, out task, out tasks, out tasking,
        outsourced delivery, outsourced service, outsourced services, managed delivery,
        managed capacity
    """,
    # Service levels, contracts and governance.
    "sla": """
        sla, slas, service level agreement, service level agreements, service level,
        service levels, service target, service targets, uptime target, uptime targets,
        reliability target, reliability targets, agreed target, agreed targets,
        response target, response targets
    """,
    "sla slo": "slo, slos, service level objective, service level objectives",
    "sla uptime": "uptime",
    "target": "target, targets",
    "sow": "sow, sows, statement of work, statements of work",
    "time_materials": """
        t&m, t and m, time and materials, time and material, time & materials, time materials,
        by the hour, per hour, hourly billing, billed hourly, hourly, paid hourly
    """,
    "fixed_price": "fixed price, fixed fee, fixed cost, fixed scope, fixed bid",
    "billing": """
        bill, billed, billing, invoice, invoiced, invoicing, pay, pays, paid, paying, payment,
        payments, fee, fees, charge, charges, charged, charging
    """,
    "escalation": """
        escalate, escalates, escalated, escalating, escalation, escalations, who to call,
        who gets called, who gets paged, who do we call, who do i call, who gets woken up,
        who does the client call, who does the customer call, who do they call, who to ring,
        who do we ring, who do they ring,
        who gets woken, who gets the call
    """,
    "escalation escalation_path": """
        escalation path, escalation paths, escalation matrix, escalation process,
        escalation processes, escalation chain, escalation plan, escalation procedure,
        escalation procedures, escalation route, escalation routes, escalation ladder,
        escalation policy
    """,
    "incident": """
        incident, incidents, outage, outages, downtime, breakage, goes down, went down,
        falls over, fell over, fall over, falling over, goes offline, went offline,
        p1, p2, p3, sev1, sev2, sev3, sev 1, sev 2, severity 1, severity one
    """,
    "oncall": """
        on call, oncall, pager, paged, pagerduty, 24 7, 24x7, round the clock,
        around the clock, day and night, out of hours, after hours, middle of the night,
        1am, 2am, 3am, 4am, 5am, 1 am, 2 am, 3 am, 4 am, 5 am, overnight, at night,
        24 7 support, 24x7 support, round the clock support, around the clock support,
        nights and weekends
    """,
    "runbook": "run book, run books, runbook, runbooks, playbook, playbooks",
    "governance": """
        governance, govern, governed, governing, oversight, steering committee, check in,
        check ins, checkin, checkins, status meeting, status meetings, review meeting,
        review meetings, service review, service reviews, operational review,
        operational reviews, monthly review, monthly reviews, weekly review, weekly reviews,
        quarterly review, quarterly reviews, account review, account reviews, status call,
        status calls, steering meeting, steering meetings
    """,
    "governance quarterly business review": """
        qbr, qbrs, quarterly business review, quarterly business reviews
    """,
    "cadence": """
        cadence, rhythm, how often, how frequently, frequency, regularly, regular meetings,
        meeting cadence
    """,
    "metric outcome": """
        check the results, check our results, check their results, check the result,
        checking the results, checking our results, check the outcome, check the outcomes,
        check our outcomes, check our work, check the work, checking our work
    """,
    "outcome": "outcome, outcomes, result, results",
    "metric": """
        kpi, kpis, metric, metrics, measure, measured, measuring, measurable, prove, verify,
        performance, performing
    """,
    # Ownership, decisions and risk.
    "accountable": """
        accountable, accountability, responsible, responsibility, responsibilities, liable,
        liability, on the hook, answerable, answer for, answers for, answering for, blame,
        blamed, guarantee, guarantees, guaranteed, guaranteeing, hold accountable,
        holds accountable, held accountable, hold responsible, holds responsible,
        held responsible, hold us to, holds us to, hold them to, holds them to, yelled at,
        eats the risk, eat the risk, eating the risk, on the line,
        get yelled at, gets yelled at, shouted at, take the blame, takes the blame,
        gets the blame, carry the can, carries the can, heads roll, throat to choke,
        neck on the line, take the heat, takes the heat, taking the heat, took the heat,
        take the fall, takes the fall, holding the bag, left holding the bag, answer for it,
        take the hit, takes the hit, taking the hit, took the hit,
        answers for it, head rolls, heads will roll, whose head, whose neck, fall guy,
        scapegoat, scapegoated, in the firing line, carry the blame, carries the blame
    """,
    "raci accountable": _RESPONSIBLE_VS_ACCOUNTABLE,
    "managed_services handover": """
        hand over a service, hand over the service, hand over a whole service,
        hand over the whole service, hand over an entire service, hand a service over,
        hand the service over, outsource a service, outsource the service,
        outsource a whole service, outsource the whole service, outsourcing a service,
        outsourcing the service, outsourcing a whole service, outsourcing the whole service
    """,
    "accountable risk": "carry the risk, carries the risk, carrying the risk, carried the risk",
    "dri accountable own": "dri, dris, directly responsible individual, directly responsible",
    "raci accountable own": "raci, raci chart, raci matrix, racis, raci terms",
    "decide": """
        decide, decides, decided, deciding, decision, decisions, decision making,
        call the shots, calls the shots, make the calls, makes the calls, make the call,
        make all the calls, makes all the calls, made all the calls, making all the calls,
        make all the decisions, makes all the decisions, making all the decisions,
        final say, final word
    """,
    "own": "own, owns, owned, owner, owners, ownership, owning, in charge",
    "approve": """
        approve, approves, approved, approving, approval, approvals, sign off, signs off,
        signed off, signing off, sign offs, signoff, signoffs, approval step, approval steps,
        approval gate, approval gates
    """,
    "approve rigid": """
        adding approval steps, adds approval steps, add approval steps, keeps adding approvals,
        keeps adding approval steps, keep adding approval steps, kept adding approval steps,
        keep adding approvals, adding approvals, adds approvals, add approvals, more approvals,
        more approval steps, extra approvals, extra approval steps, more sign offs,
        extra sign offs, layers of approval, layer of approval, red tape, bureaucracy,
        bureaucratic, more and more process, more process, heavier process
    """,
    "approve leader": """
        change board, change boards, change advisory board, change advisory boards,
        change control board, change control boards
    """,
    "direct": """
        direct, directs, directed, directing, direction, steer, steers, steering, steered,
        what to do, what to work on, what to build, what gets built, what to ship,
        hand out tasks, hands out tasks, handing out tasks,
        assign work, assigns work, assigning work, assign tasks, assigns tasks, dictate,
        dictates, dictated, dictating, micromanage, micromanages, micromanaged,
        micromanaging, call every shot, calls every shot, manage our people,
        manage our engineers, manage our team, manages our people, manages our engineers,
        manages our team, managing our people, managing our engineers, managing our team,
        tells them what to do, tell them what to do, tells our people what to do,
        gives them tickets, gives our engineers tickets, hands out the tickets,
        hand out the tickets, hands out tickets, hand out tickets, runs the standup,
        writes the tickets, write the tickets, writing the tickets, wrote the tickets,
        writes the backlog, write the backlog, fills the backlog, sets the backlog,
        run the standup, team we dont manage, team we do not manage, people we dont manage,
        engineers we dont manage, dont manage, do not manage, not managing, dont direct,
        do not direct
    """,
    "daily": "day to day, daily, each day, every day, everyday",
    "priority": """
        priority, priorities, prioritise, prioritize, prioritised, prioritized, prioritises,
        prioritizes, prioritising, prioritizing, prioritisation, prioritization
    """,
    "risk": """
        risk, risks, risky, consequence, consequences, go wrong, goes wrong, went wrong,
        going wrong
    """,
    "fail": """
        fail, fails, failed, failing, failure, failures, go sideways, goes sideways,
        went sideways, going sideways, go south, goes south, went south, derail, derails,
        derailed, backfire, backfires, backfired, fall apart, falls apart, fell apart,
        falling apart, break down, breaks down, broke down, breaking down, break, breaks,
        chaos, chaotic, messy, a mess, a shambles, go bad, goes bad, gone bad, went bad,
        going bad, turn sour, turns sour, turned sour, go sour, goes sour, went sour
    """,
    "scale": """
        scale, scales, scaled, scaling, at scale, grow, grows, growing, grew, growth, big,
        bigger, large, larger, more and more, keep adding, keeps adding, adding more, add more,
        pile on, ramp up, ramps up, ramping up, expand, expands, expanding, bigger team,
        throw people at, throwing people at, throw bodies at, add people, adding people,
        throw more, throws more, throwing more, threw more, more of our devs,
        across, more regions, more sites, more countries, every region, every site,
        more of our engineers, more of our developers, more of our people
    """,
    "scale staff_augmentation": "more contractors, add contractors, adding contractors",
    "scale engineer": """
        more engineers, more devs, more developers, add engineers, adding engineers,
        more bodies, more heads, more warm bodies, add bodies, adding bodies
    """,
    "limit": """
        limit, limits, limitation, limitations, struggle, struggles, struggling, struggled,
        catch, the catch, gotcha, gotchas, pitfall, pitfalls,
        cope, copes, coping, break point, breaking point, stops working, stop working,
        too small, too thin, stretched too thin, hold up, holds up, holding up, held up,
        hold together, holds together, output went down, output goes down, output dropped,
        output fell, output slowed, velocity dropped, velocity went down, productivity dropped,
        productivity went down, throughput dropped, throughput went down, delivered less,
        delivering less
    """,
    "share": "share, shared, sharing, joint, jointly, split, splitting",
    "authority": """
        authority, decision rights, say over, no say, a say, power, powers, control, controls,
        enforce, enforces, enforced, enforcing, impose, imposes, imposed, imposing,
        controlled, controlling, in control, won't let us, will not let us, not allowed,
        in charge of, stays in charge, stay in control, stays in control
    """,
    "keep authority": """
        keep control, keeps control, kept control, keeping control, retain control,
        retains control, retained control, retaining control
    """,
    # Mixing, switching and mismatches.
    "hybrid hybrid_model": """
        hybrid, hybrid model, hybrid models, hybrid approach, hybrid setup, hybrid set up,
        hybrid engagement, hybrid engagements
    """,
    "hybrid": """
        co sourcing, cosourcing, co sourced, cosourced, bit of both, little of both, some of both, mix, mixing, mixed, combine, combines, combined, combining, combination, blend,
        blended, side by side, have both, use both, run both, do both, half and half, partly managed,
        part managed, half managed
    """,
    "hybrid model": "both models, both at once, both together, the two models together",
    "hybrid hybrid_model mix": """
        mix both models, mix the two models, mix the models, mixing both models,
        mixing the two models, mixing the models, mixed both models, combine both models,
        combine the two models, combining both models, combining the two models,
        blend both models, blend the two models, blending both models, blending the two models,
        both models in one account, both models on one account, both models in one deal
    """,
    "managed_services staff_augmentation differ": """
        tell the two models apart, telling the two models apart, tell both models apart,
        the two things we sell, two things we sell, the two things we offer,
        two things we offer, our two offerings, the two offerings we have,
        the two models we sell, the two models we offer, our two models, the two models
    """,
    "mismatch": """
        mismatch, mismatched, misaligned, misalignment, mix up, mixed up, mixing up,
        mix them up, mixes them up, mixing them up, mixed them up, mixes the two up,
        wrong model, set up wrong, setup wrong, set up wrongly, wrong setup
    """,
    "switch": """
        switch, switches, switching, switched, transition, transitions, transitioning,
        change model, change the model, changing model,
        change models, move from, moving from, go back, going back, go from, going from,
        move to, moves to, moving to, moved to, move back, moves back, moving back, moved back,
        take back, takes back, taking back, bring back, brings back, bring it back, insource,
        insources, insourcing, insourced, in-source, back in house, back in-house,
        bring in house, bring it in house, bring in-house, bring it in-house,
        move it, move them, switch back, back to, turn into, convert, converting, stuck with,
        move into, moves into, moving into, moved into, move our, move their, move the team,
        moving our, moving their, become a managed, becomes a managed, turn it into,
        locked in, lock in, for good, forever, for ever, permanently, once and for all,
        take over running, taking over running, take over a service,
        take over from, takes over from, taking over from, took over from, incumbent,
        incumbents, outgoing provider, outgoing supplier, outgoing vendor, previous provider,
        previous supplier, previous vendor, outgoing team, outgoing teams, outgoing engineers,
        outgoing crew, flip it, flip them, flip this, flip that, flip over, flips over,
        flipping over, flipped over, flip to, flips to, flipping to, flipped to, flip into,
        flipping into, flipped into, flip back, flips back, flipping back, flipped back,
        flip it over, flip them over, flip the account, flip the engagement, flip the deal,
        flip the contract, flip the team, flip the platform, shift to, shifting to, shifted to,
        shift it to, migrate to, migrating to, migrate it to, move over to, moving over to,
        change over to, changing over to, swap to, swap over to
    """,
    "switch staff_augmentation": """
        from aug to, from staff aug to, from staff augmentation to, from augmentation to,
        from augmented to, from contractors to, from aug into, from staff aug into
    """,
    "switch managed_services": """
        from managed to, from managed services to, from a managed service to, from msp to,
        from managed into, from managed services into
    """,
    "exit": """
        exit, exits, exit plan, exit plans, exit strategy, exit planning, offboarding,
        offboard, roll off, rolls off, rolling off, roll them off, wind down, winding down,
        end of the contract, end of a contract, end of contract, contract ends,
        terminate the contract, termination, hand back, handed back, handing back,
        get out of, getting out of, got out of, walk away from, walking away from,
        end the contract, ending the contract, leave the contract, out of the contract,
        cancel the contract, cancelling the contract, unwind, unwinding
    """,
    "handover": """
        handover, handovers, hand over, hands over, handing over, handed over, hand off,
        hand it over, hand it all over, hand everything over, hand the whole thing over,
        hands the whole thing over, hand the lot over, hand it off,
        handoff, handoffs, knowledge transfer
    """,
    "symptom": """
        symptom, symptoms, warning sign, warning signs, red flag, red flags, signs, telltale,
        spot a, spot the, spotting a, spotting the,
        signal, signals, indicator, indicators
    """,
    "discovery": """
        discovery, discovery call, discovery calls, first call, first calls, intro call,
        intro calls, introductory call, sales call, sales calls, qualify, qualifies,
        qualifying, qualified, qualification
    """,
    "readiness": "readiness, preparedness",
    "checklist": "checklist, checklists, check list, check lists",
    "propose": """
        propose, proposes, proposed, proposing, proposal, proposals, recommend, recommends,
        recommended, recommending, recommendation, pitch, pitches, pitched, pitching,
        suggest, suggests, suggested, suggesting
    """,
    "deadline": """
        deadline, deadlines, delivery date, delivery dates, release date, release dates,
        due date, due dates, launch date, go live date, the dates, slip, slips, slipped,
        slipping, slippage, late project,
        late projects, behind schedule, running late
    """,
    "penalty": "penalty, penalties, penalty clause, penalty clauses",
    "penalty service_credit": "service credit, service credits",
    # People and parties.
    "leader": """
        leadership, leader, leaders, lead, leads, manager, managers, engineering manager,
        engineering managers, tech lead, tech leads, technical lead, team lead, team leads,
        lead developer, cto, ctos, head of engineering, vp of engineering, vp engineering,
        vp, vice president, it director, it directors, finance director, finance directors,
        technical director, engineering director, engineering directors, cio, cios,
        executive, executives, exec, execs, c suite, cfo, ceo, coo, c level, board, pm, pms,
        product manager, product managers, project manager, project managers, product owner,
        product owners, scrum master, scrum masters, delivery manager, delivery managers,
        eng lead, eng leads, eng manager, eng managers, engineering lead, engineering leads
    """,
    "leader limit": """
        mia, missing in action, checked out, nobody steering, no one steering, nobody leading,
        no one leading, leaderless, rudderless
    """,
    "leader direct": """
        no one to lead, nobody to lead, no one to direct, nobody to direct, no one to steer,
        nobody to steer, no one to manage, nobody to manage
    """,
    "engineer": """
        engineer, engineers, engineering, developer, developers, dev, devs, programmer,
        programmers, coder, coders, our people, our engineers, our devs, our folks, our guys,
        one of ours, some of ours, one of our people, one of our engineers,
        consultant, consultants, your engineers, your devs, your developers
    """,
    "team": "team, teams, squad, squads, crew",
    "client": """
        client, clients, customer, customers, prospect, prospects, company, companies,
        organisation, organisations, organization, organizations
    """,
    "provider": """
        provider, providers, vendor, vendors, supplier, suppliers, third party,
        third parties, outside firm, external firm, agency, agencies
    """,
    "practice": "bluegrid, bluegrid io, our company, our firm, our practice",
    "capacity": "capacity, headcount, bandwidth, more hands, more people",
    "work": "work, works, workload, workloads",
    "load": """
        load, overload, overloaded, overworked, stretched, swamped, plate, off their hands,
        black box, make it work, just make it work, hands off,
        off our hands, off its hands, off their plate, off our plate, off a clients hands,
        off the clients hands, off a customers hands, off the customers hands,
        off a clients plate, off the clients plate, off the customers plate, overhead, overheads,
        management overhead, less to manage, fewer things to manage, less work, lighten,
        free up, frees up, freeing up, not have to think about, dont have to think about,
        not have to worry about, dont have to worry about, not to worry about,
        stop worrying, stops worrying, stop worrying about, stops worrying about,
        no longer worry, no longer worry about, worry less, worry less about,
        take care of it, takes care of it, reduce the work, reduces the work, reduce work,
        reduces work, reduce the workload, reduces the workload
    """,
    # Cost and skill misconceptions.
    "cost": """
        lowest price, low price, low cost, lowest, pay more, paying more, pays more,
        cost more, costs more, more expensive, cost, costs, costly, cheap, cheaper, cheapest,
        expensive, pricier, pricey, costlier, overpriced, affordable, price, prices, pricing,
        priced, budget, budgets, money, spend, spending,
        rate, rates, day rate, day rates, rate card, savings, premium, hourly rate,
        hourly rates
    """,
    "skill": """
        skill, skills, skilled, skill level, senior, seniority, junior, juniors, expertise,
        expert, experts, experienced, calibre, caliber, lower quality, low quality,
        worse quality, second rate, inferior, b team
    """,
    # Fit criteria.
    "change": "volatile, volatility, churn, shifting, shift, shifts, shifted",
    "architecture": """
        architecture, architectures, architectural, architect, architects, system design,
        technical design
    """,
    "execution": """
        execution, execute, executes, executing, executed, carry out, carries out,
        carried out, carrying out, how the work is done, how the work gets done
    """,
    "keep": "keep, keeps, kept, keeping, retain, retains, retained, retaining, retention",
    "expect": """
        expect, expects, expected, expecting, expectation, expectations
    """,
    "independent": """
        independent, independently, separately, on its own, on their own, in isolation,
        isolated, see inside, sees inside, seeing inside, look inside, looks inside,
        looking inside, peek inside, peeking inside, peeks inside, peek at how, peeking at how,
        without seeing how, without looking at how
    """,
    "domain": """
        domain, domains, domain knowledge, domain expertise, business knowledge,
        business domain, core business, coupling, coupled, tightly coupled, domain coupling,
        business rules, business logic, core domain, domain experts, domain expert,
        domain specific, domain heavy, tribal knowledge, insider knowledge
    """,
    "speed": """
        speed, speeds, speed up, speeds up, sooner, faster, accelerate, accelerates,
        accelerating, velocity, earlier launch, launch earlier, ship sooner, ship faster
    """,
    "extra": "extra, additional",
    "build": "build, builds, building, built, development, develop, develops, developing",
    "suffer": "suffer, suffers, suffered, suffering, degrade, degrades, degraded, degrading",
    "require": """
        require, requires, required, requiring, requirement of, insist, insists, insisted,
        insisting, ask for, asks for, demand, demands, assume, assumes, assumed, assuming,
        assumption, assumptions, ground rule, ground rules, non negotiable,
        non negotiables, must have, must haves
    """,
    "sit": "sit, sits, live, lives, reside, resides, belong, belongs",
    "flexible": """
        flexible, flexibility, flexibly, agility, agile, nimble, adaptable, adaptability,
        freedom, free hand, free rein, latitude, leeway
    """,
    "contract contract_shape": """
        contract type, contract types, type of contract, types of contract, kind of contract,
        kinds of contract, contract shape, contract shapes, contract structure,
        contract structures, contract model, contract models, commercial model,
        commercial models, pricing model, pricing models, billing model, billing models,
        engagement terms, commercial terms
    """,
    "helpdesk": """
        helpdesk, helpdesks, help desk, help desks, service desk, service desks, support desk,
        support desks, it support, first line support, ticket queue, ticket queues, support contract,
        support contracts, support team, support teams, production support, application support,
        app support, second line support, third line support, l1 support, l2 support,
        l3 support
    """,
    "operations": """
        operations, operational, operationally, operate, operates, operating, operated, ops,
        run, runs, running, ran
    """,
    "key_question": """
        key question, fundamental question, core question, main question, real question,
        central question, big question, one question, single question, one single question,
        only question, the question that matters, question that matters, one thing to ask,
        single thing to ask, one test, single test, deciding question, decisive question,
        most important question, single most important question, acid test
    """,
    "authority switch": "control again, control back",
    "tooling": """
        tool, tools, tooling, toolchain, toolchains, stack, stacks, tech stack,
        technology stack, tech choices, technology choices
    """,
    "tech": """
        kubernetes, k8s, aws, azure, gcp, cloud, devops, sre, terraform, java, python, golang,
        react, frontend, mobile, ios, android, data engineering, machine learning,
        ml, ai, security, qa, testing
    """,
    "temporary": """
        temporary, temporarily, short term, interim, limited time, for a while, a few months,
        few months, couple of months, three months, six months, nine months
    """,
    "skill engineer": """
        specialist, specialists, niche expert, niche experts, better engineers, best engineers,
        top engineers, stronger engineers, quality engineers, better quality engineers,
        higher quality engineers, better people, best people, top people, top talent,
        better developers, best developers
    """,
    "carry": "carry, carries, carried, carrying, bear, bears, bearing, shoulder, shoulders",
    "commit": """
        commit to, commits to, committed to, commitment, commitments, promise, promises,
        promised, pledge, pledges
    """,
    "staffing": """
        how many people, how many engineers, how many developers, how many devs, team size,
        size of the team, staffing, hire, hires, hired, hiring, recruit, recruits, recruited, recruiting,
        recruitment, interview, interviews, interviewing, onboard, onboarding, fire, firing,
        replace engineers, who is on the team
    """,
    "ritual": """
        ritual, rituals, standup, standups, stand up, stand ups, daily standup, scrum,
        sprint, sprints, ceremony, ceremonies, retro, retros, retrospective, retrospectives,
        sprint planning
    """,
    "evolving": """
        evolving, evolve, evolves, greenfield, from scratch, taking shape, early stage,
        prototype, prototypes, mvp, still being designed, still changing, new product,
        new products, new platform
    """,
    "misconception": """
        misconception, misconceptions, myth, myths, common mistake, common mistakes,
        misunderstanding, misunderstandings, misunderstand, get wrong, gets wrong, belief,
        beliefs, wrong first question
    """,
    "test": """
        test, tests, rule of thumb, rules of thumb, heuristic, heuristics, quick test,
        litmus test
    """,
    "engagement": "engagement, engagements, deal, deals",
    "rigid": "rigid, rigidity, inflexible, straitjacket, straightjacket, locked down",
    "stable": """
        stable, stabilise, stabilised, stabilises, stabilize, stabilized, stabilizes, settle,
        settles, settled, mature, matures, matured, maturity
    """,
    "bounded": """
        bounded, clearly bounded, well bounded, well defined, clearly defined, well scoped,
        clearly scoped, clear scope, clear edge, clear edges, clear boundary, clear boundaries
    """,
    "unclear": """
        unclear, fuzzy, vague, undefined, ill defined, not defined, open ended, blurry,
        exploratory, experimental, no clear end state, end state unknown, unknown end state,
        nobody knows the end state, no one knows the end state
    """,
    "fit": """
        fit, fits, good fit, natural fit, natural match, good match, suit, suits, suited,
        suitable, suitability, right for, make sense,
        makes sense, precondition, preconditions, prerequisite, prerequisites, criteria,
        criterion, conditions, success factors, right call, right choice, right model,
        right option, best option, better option, best fit, better fit, good candidate,
        appropriate, works best, work best,
        candidate, candidates, go with, opt for, good idea, a good idea, the right call
    """,
    # Kinds of question.
    "differ": """
        differ, differs, different, difference, differences, distinction, distinguish,
        compare, compared, comparison, versus, vs, contrast, diff, diffs, same as, the same thing, same thing as,
        distinguishes, distinguish between, separates, sets apart, tell apart, tells apart,
        telling apart, tell them apart, telling them apart, tell the two apart,
        telling the two apart
    """,
    "choose model": """
        work out the model, working out the model, works out the model, figure out the model,
        figuring out the model, pick the model, picking the model, pick a model, choose a model,
        choosing the model, choose the model
    """,
    "choose": """
        choose, chooses, choosing, chose, choice, choices, pick, picks, picking, select,
        selects, selecting, selection
    """,
    "example": """
        example, examples, case, cases, case study, real world, in practice, scenario,
        scenarios, for instance, illustration, success story, success stories, anecdote,
        walk me through, real life, real world example, story, practical example,
        practical examples
    """,
    "matter": """
        matter, matters, importance, important, care, cares, care about, stakes, impact,
        business impact, why bother, worth the bother, worth the effort
    """,
    "tradeoff": """
        trade off, trade offs, tradeoff, tradeoffs, pros and cons, give up, gain, gains,
        downside, downsides, upside, upsides, advantage, advantages, disadvantage,
        disadvantages, pros, cons, lose, loses, losing
    """,
    "definition": """
        mean, means, meaning, define, defined, definition, definitions,
        plain words, plain english, simple terms, simple words, layman's terms,
        like i'm five, eli5, basics, in a nutshell, nutshell
    """,
    "summary": """
        summary, summarise, summarize, gist, tldr, tl dr, one line, one liner, one sentence,
        short version, main thing, key idea, core idea, big idea, one idea, bottom line,
        big picture, takeaway, keep in mind, remember, elevator pitch, elevator pitches,
        lift pitch, talking points, crib sheet, cheat sheet, cheat sheets
    """,
    "glossary": """
        glossary, acronym, acronyms, jargon, terminology, abbreviation, abbreviations,
        stand for, stands for, short for
    """,
}


def _phrases(text: str) -> list[str]:
    """Comma-separated phrases, whitespace normalised, apostrophes dropped (as in queries)."""
    return [" ".join(p.replace("'", "").split()) for p in text.split(",") if p.strip()]


def _wordset(*texts: str) -> frozenset[str]:
    return frozenset(word for text in texts for word in text.split())


PHRASES: Final[dict[tuple[str, ...], tuple[str, ...]]] = {
    tuple(phrase.split()): tuple(canonical.split())
    for canonical, text in SYNONYMS.items()
    for phrase in _phrases(text)
}
"""Surface phrase (as a word tuple) -> canonical tokens."""

PHRASE_STARTS: Final[dict[str, int]] = {}
"""First word of a phrase -> the longest phrase length starting with it."""
for _phrase in PHRASES:
    PHRASE_STARTS[_phrase[0]] = max(PHRASE_STARTS.get(_phrase[0], 0), len(_phrase))

OTHER_SENSE: Final = "other_sense"
"""The token of a look-alike phrase (``SYNONYMS["other_sense"]``) or of a sense head followed by
a word it never takes in our domain (``SENSE_HEADS``)."""

VENDORS: Final[frozenset[str]] = _wordset(
    """
    azure aws gcp amazon amazons google googles microsoft microsofts oracle oracles ibm ibms
    salesforce salesforces servicenow servicenows snowflake snowflakes heroku herokus
    cloudflare cloudflares datadog datadogs digitalocean alibaba atlassian atlassians
    okta oktas twilio twilios stripe stripes sap saps workday workdays github githubs
    mongodb mongodbs hetzner hetzners ovh linode linodes vercel vercels netlify netlifys
    fastly akamai akamais rackspace rackspaces vmware vmwares cisco ciscos shopify shopifys
    zendesk zendesks hubspot hubspots dropbox dropboxs adobe adobes
    """
)
"""Cloud and software vendors (with the possessive as :func:`knowledge.text.words` reads it:
"amazon's" is "amazons"). Each is a sense head (``SENSE_HEADS``): before a word of an
engagement ("their aws estate", "a salesforce team") it is a client's technology; before
anything else it names the vendor's own product ("amazon rds", "google's sla"), and one of our
terms said of it ("the SLA credit of Amazon RDS") is a product question (round 11). The
vendor's own product line ("google cloud", "amazon web services") is read as part of its name
(``VENDOR_LINES``)."""

VENDOR_LINES: Final[frozenset[str]] = frozenset({"cloud", "web"})
"""Words that continue a vendor's name ("google cloud sql", "amazon web services"): the sense
head looks at the word after them."""

SENSE_HEADS: Final[dict[str, frozenset[str]]] = {
    head: _wordset(
        """
        service services servic servcies it operations ops security support offering offerings
        engagement engagements deal deals contract contracts model models provider providers
        approach arrangement arrangements setup side option options project projects work
        delivery team teams scope gig gigs one ones way basis mode version route play pitch
        proposal proposals bid tender retainer fee fees outcome outcomes sla slas half
        vs versus partner partners vendor vendors msp msps shop firm company companies
        managed still really always never usually better worse cheaper fine okay ok good bad
        enough instead though anyway either too feels feel seems seem sounds sound fits wins
        works makes helps fails looks means soc socs noc nocs desk helpdesk senior seniors junior
        juniors later soon eventually afterwards next someday again first
        """
    )
    for head in ("managed", "unmanaged")
} | {
    "augmented": _wordset(
        """
        engineer engineers developer developers dev devs team teams staff people folks group
        groups squad squads crew member members resource resources capacity headcount hire
        hires contractor contractors consultant consultants specialist specialists expert
        experts tester testers analyst analysts architect architects lead leads talent worker
        workers product model models engagement engagements deal deals setup arrangement
        approach option basis way version side part half role roles seat seats position
        positions service services work delivery
        """
    )
} | {
    brand: _wordset(
        """
        platform platforms estate environment environments infrastructure cloud migration
        migrations tenant tenants subscription subscriptions landing ops operations team teams
        workloads workload stack setup costs cost bill spend skills engineers engineer
        devops support partner partners experience expertise certified region regions account
        accounts outage outages
        """
    )
    for brand in VENDORS
}
"""Words that name our model only before the nouns it takes in our domain: "managed services",
"a managed deal", "managed vs staff aug". Before any other word (not a stopword, not one of
these) they are a product feature: "managed postgres", "managed VPC endpoint", "unmanaged
switch", so the pair becomes ``OTHER_SENSE``; "augmented" likewise names our model only before
people, teams and arrangements ("augmented engineers", not "augmented pay"). Every passage and test question was checked
against this list (``tests/knowledge/test_text.py``). The cloud brands work the same way:
"their azure estate" is ours, "azure blob storage" a product question."""

ANCHORS: Final[frozenset[str]] = _wordset(
    """
    managed_services staff_augmentation sla slo sow time_materials fixed_price governance
    runbook escalation_path service_credit contract_shape hybrid_model glossary
    controlled_augmentation unmanaged_managed
    """
)
"""Canonical tokens that on their own mark a query as being about our domain (unstemmed).
Only terms rarely met in everyday talk: "responsible", "mix" or "escalate" are domain words."""

CORE: Final[frozenset[str]] = _wordset(
    "managed_services staff_augmentation unmanaged_managed controlled_augmentation hybrid_model"
)
"""Anchors that name the models or their mixes outright. An everyday word ("cleaning company",
"coffee machine", "elevator") beside an SLA or an escalation path is about that thing's service,
not about ours: such a query is answered only when it also names one of these."""

WEAK_CORE: Final[frozenset[str]] = _wordset(
    "contractor contractors outsource outsources outsourced outsourcing agency agencies"
)
"""Everyday words that our tokeniser reads as one of the models ("contractor" as staff
augmentation, "outsourced" as managed services) but that everyday talk uses for any trade: "our
cleaning contractor", "an outsourced bookkeeping firm". A query whose only ``CORE`` concept
comes from one of these does not name a model outright (see ``index.Relevance.weak``)."""

DOMAIN: Final[frozenset[str]] = ANCHORS | _wordset(
    """
    client provider engineer leader decide own cost billing skill switch cadence capacity
    metric risk tradeoff practice handover readiness symptom contract delivery architecture
    backlog priority prioritisation scope interface outcome engagement model roadmap sprint
    incident monitoring operations staffing tooling oncall target service dependency glossary
    discovery authority fit bounded accountable hybrid mismatch escalation incident
    augment direct priority fail scale limit deadline penalty summary readiness checklist
    flexible propose staffing ritual evolving misconception helpdesk commit key_question
    exit speed domain
    """
)
"""Words of our domain that are common in everyday English too: two of them (or one anchor)
make a query look on topic (unstemmed)."""

TOPIC_CUES: Final[dict[str, str]] = {
    "definitions": "definition glossary differ summary",
    "ownership": "own accountable decide authority approve direct",
    "fit_criteria": "fit choose bounded unclear",
    "mixing_models": "hybrid mismatch switch",
    "scaling_limits": "scale limit",
    "cost_misconception": "cost skill misconception",
    "examples": "example",
    "leadership_impact": "leader matter tradeoff load",
    "escalation_governance": "sla slo escalation governance cadence incident oncall metric",
    "readiness": "readiness discovery checklist",
}
"""Canonical tokens (unstemmed) whose presence in a query points at a topic: passages tagged
with it get a small ranking nudge (``index.TOPIC_WEIGHT``); the gate ignores it."""

TENSION: Final[tuple[str, str, str]] = (
    "accountable own sla deadline handover carry commit penalty",
    "decide authority approve direct choose",
    "but while yet though although whereas still instead",
)
"""A query with a token from the first group (answering for results), one from the second
(deciding), and one of the contrast words of the third ("they want us accountable but approve
every change") describes accountability and authority pulling apart: it also points at the
``mixing_models`` topic."""

FIT_QUESTION: Final = (
    r"\bwhen (?:should|would|could|do|does|is|are|to|can|might|will)\b"
    r"|\bin (?:which|what) (?:cases|situations|circumstances)\b"
    r"|\bshould (?:we|i|they|the client|a client|the customer|a customer) "
    r"(?:use|choose|pick|go with|opt for|propose|recommend|pitch|offer|suggest)\b"
    r"|\bhow (?:do|can|would|should|to) (?:i |we |you )?(?:tell|know|decide|judge|figure out)\b"
    r"|\bsay no\b|\bturn (?:it |them )?down\b|\bwalk away\b"
)
"""A query matching this (case-insensitive) asks when a model is the right one: it points at
the ``fit_criteria`` topic."""

DEFINITION_QUESTION: Final = (
    r"^\W*(?:(?:so|ok|okay|hey|hi|quick question)\W+)?"
    r"(?:(?:what|waht|wat|whta)(?:'s|s| is| are| exactly is| exactly are)|define|explain|describe)"
    r"(?:\s+(?:an?|the))?(?:\W+[\w&'-]+){1,4}\W*$"
    r"|\b(?:would|could|can) you (?:describe|explain|define|break down|unpack)\b"
    r"|\b(?:break down|unpack|explain|tell me|walk me through) what\b.{0,60}\b(?:is|are|means?)\W*$"
    r"|\bwhat does\b.*\b(?:mean|stand for)\b|\bmeaning of\b"
    r"|\bwhat(?:'s| is| do you| do we| do they) (?:that|this|it) called\b"
    r"|\bis there a (?:name|term|word) for\b"
    r"|\b(?:basically|essentially|kind of|sort of|more or less|pretty much) (?:like|the same as)\b"
    r"|\b(?:is|isnt|isn't) (?:it|that|this) (?:basically |essentially |just )?like\b"
    r"|\bthink of (?:it|them|this|that) (?:like|as)\b|\banalogy\b"
    r"|^\W*(?:is|are|isnt|isn't) (?:it|this|that|they) (?:still )?(?:an? )?(?:[\w-]+ ){1,3}(?:if|when)\b"
)
"""A query matching this (case-insensitive) asks what something is: a short "what is X?"
(at most four words after the article), "can you explain ...", "what does X mean": it gains a
"definition" token, which passages tagged with the ``definitions`` topic carry. So does an analogy
("is managed services basically like hiring a restaurant instead of a chef?", "think of it as
..."): it asks what a model is by comparison; and "is it (still) X if ...?" asks what counts
as which model."""

STOPWORDS: Final[frozenset[str]] = _wordset(
    # Function words.
    """
    a about above after again all also am an and any anything are as at be because been being
    between both but by can cant could did didnt do does doesnt doing dont each either else
    even ever every for from get gets getting give go going got had has have having he her
    here hers him his how i id if ill im in into is isnt it its ive just know let lets like
    may me might more most much must my need needs no nor not now of off ok okay on once one
    only or other our ours out over please really say she shes hes should so some something such tell
    than thank thanks that thats the their theirs them then there these they thing things
    this those through to too uh um up us very want wants was we well were what whats when
    where which while who whom whose why will with would yeah yes yet you your youre yours
    """
    # Everyday words that carry no topic: in a small corpus about one subject, BM25 would
    # otherwise rank on whichever passage happens to use "done" or "great" once.
    """
    actually again already always anyway basically essentially literally instead use uses used using hold holds held idea ideas
    send sends sending sent theyre theyr weve theyve youve wed theyd youd itll thatll needed
    normal said say says saying told tells asked whole entire figure beginner newcomer bad
    best better bit come comes coming did done
    easy enough exactly fine good great guess hello hey hi honestly kind kinds lot lots made
    make makes making many maybe nice offer offers often piece pretty quick quickly quite
    rather right simply small sort stuff sure take takes taken taking think thought today
    tomorrow took usually way ways yesterday
    """
)

EVERYDAY: Final[frozenset[str]] = _wordset(
    """
    lunch lunches dinner breakfast coffee tea kitchen canteen cafeteria restaurant menu pizza
    snack snacks birthday holiday holidays vacation vacations pto laptop
    laptops printer printers keyboard mouse headset wifi vpn password passwords parking car
    cars bike gym weather rain sunny joke jokes movie movies music song songs poem recipe
    football soccer salary payroll payday payslip timesheet timesheets raffle quiz hackathon
    dog dogs cat cats plant plants flight flights hotel taxi doctor dentist handbook badge
    christmas bowling book books novel novels podcast podcasts film films netflix git
    other_sense photo photos gpu gpus laundry groceries grocery
    babysitter babysitters babysitting nanny nannies chore chores ironing garden gardening
    lawn elevator elevators landlord landlords plumber plumbers
    github gitlab jira confluence outlook excel powerpoint zoom phone phones telephone
    room rooms train trains bus buses tram trams railway railways subway metro commute
    commuting traffic quit quits quitting resign resigns resigned resignation bookkeeping
    bookkeeper bookkeepers accountant accountants tax taxes roof roofer roofing
    passport passports visa visas parcel parcels courier couriers postman wedding weddings
    photographer photographers electrician electricians florist
    florists hoa tube ir35
    home homes household nas charity charities teacher teachers career careers timeshare
    timeshares surgery surgeon surgeons ankle knee ligament injury injuries physio nurse nurses
    dental ranking rankings leaderboard
    carer carers caregiver caregivers waiter waiters waitress bartender bathroom bathrooms
    renovation renovations refurbishment builder builders decorator decorators neighbour
    neighbours neighbor neighbors loft driveway conservatory
    """
)
"""Words of office life and small talk that no passage discusses: a query using one and naming
none of our core concepts (``ANCHORS``) is about that, not about us ("who is accountable for
the team lunch budget"). Matched, stemmed, on the query's tokens, so a word inside one of our
phrases ("run book") does not count."""

NEUTRAL: Final[frozenset[str]] = frozenset({"tech"})
"""Canonical tokens that help ranking but say nothing about whether a query is ours: technology
names ("kubernetes", "mobile", "python") are as common in everyday IT questions as in ours. The
gate counts them as unknown words; ranking scores them in full."""
