"""Helpful / Not helpful on every surface, through the real server and the stand-ins, and the
curators' report built from what the turn boundary recorded (in memory here; Redis in
``test_feedback_report.py``)."""

from __future__ import annotations

import time

from bot.appkeys import RUNNER
from bot.feedback.report import build_report
from knowledge import load_default
from tests.feedback.support import feedback_of
from tests.slack.support import SlackDriver, has_button
from tests.support.apps import MakeSlack, MakeTeams
from tests.teams.support import actions, card_text


async def test_slack_passage_answer_rated_with_a_button(make_slack: MakeSlack) -> None:
    slack: SlackDriver = await make_slack()
    await slack.dm("U1", "what is an SLA?")
    answer = slack.last()
    assert has_button(answer.blocks, "cmd:helpful")
    assert has_button(answer.blocks, "cmd:not_helpful")
    await slack.click("U1", answer, "cmd:not_helpful")
    thanks = slack.posted()[-1]
    assert "did not help" in " ".join(b.get("text", {}).get("text", "") for b in thanks.blocks)
    entries = await feedback_of(slack.app)
    assert [(e.kind, e.helpful, e.platform) for e in entries] == [("passages", False, "slack")]
    assert "slas-and-escalation-paths" in entries[0].passages
    assert entries[0].question is None, "no user text unless the operator turns it on"
    metrics = await (await slack.client.get("/metrics")).text()
    assert 'advisor_feedback_total{kind="passages",rating="not_helpful"} 1.0' in metrics


async def test_slack_recommendation_rated_and_reported(make_slack: MakeSlack) -> None:
    slack = await make_slack()
    await slack.dm("U2", "assess we run their 24/7 monitoring with a 99.9% SLA, we pick the "
                         "tooling, scope is fixed, nobody on their side directs the work")
    for answer in ("1", "1", "1", "1", "1", "1", "1", "1"):
        rec = slack.last()
        if has_button(rec.blocks, "cmd:helpful"):
            break
        await slack.dm("U2", answer)
    rec = slack.last()
    assert has_button(rec.blocks, "cmd:helpful")
    await slack.click("U2", rec, "cmd:not_helpful")
    entries = await feedback_of(slack.app)
    (entry,) = entries
    assert entry.kind == "recommendation" and entry.model and entry.answers
    report = build_report(entries, load_default(), since_days=30, questions_kept=False)
    assert report.recommendations_not_helpful[0].model == entry.model
    assert report.recommendations_not_helpful[0].answers == entry.answers


async def test_teams_card_actions_rate_the_answer(make_teams: MakeTeams) -> None:
    chat = await make_teams()
    replies = await chat.say("what is staff augmentation?")
    data = [a["data"] for r in replies for a in actions(r)]
    assert {"command": "helpful"} in data and {"command": "not_helpful"} in data
    thanks = await chat.command("helpful")
    assert "this helped" in "\n".join(card_text(r) for r in thanks)
    again = await chat.command("helpful")
    assert "already" in "\n".join(card_text(r) for r in again)
    entries = await feedback_of(chat.client.app)
    assert [(e.kind, e.helpful, e.platform) for e in entries] == [("passages", True, "teams")]


async def test_kept_questions_and_forget(make_slack: MakeSlack) -> None:
    slack = await make_slack(advisor_feedback_keep_questions=True)
    await slack.dm("U3", "what is the weather on mars tomorrow?")
    await slack.dm("U3", "what is an SLA?")
    await slack.dm("U3", "not helpful")
    runner = slack.app[RUNNER]
    entries = await runner.feedback.since(time.time() - 60)
    kinds = sorted((e.kind, e.question) for e in entries)
    assert kinds == [("passages", "what is an SLA?"),
                     ("unanswered", "what is the weather on mars tomorrow?")]
    report = build_report(entries, load_default(), since_days=1, questions_kept=True)
    assert report.unanswered_questions[0].question == "what is the weather on mars tomorrow?"
    assert report.not_helpful_questions[0].question == "what is an SLA?"
    await slack.dm("U3", "forget")
    assert await runner.feedback.since(0) == []
