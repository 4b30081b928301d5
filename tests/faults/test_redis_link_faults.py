"""Redis behind a misbehaving TCP proxy, with the whole bot on top (Slack and Teams).

Latency, connection resets (between turns and while a command is in flight), a black hole and a
stalled link. Every test ends with the three promises of the fault suite: every answer the user
saw acknowledged is applied exactly once (answers, history and the ``turns`` counter of the
stored session agree), a polite reply where something could not be done, and no unhandled
exception in the log (``assert_clean_log``).
"""

from __future__ import annotations

import asyncio

import pytest
import redis.asyncio

from bot.store.keys import KeyScheme
from bot.store.redis import RedisSessionStore
from dialogs import factors as F
from tests.faults.flows import Seen, SlackDM, teams_answer, teams_start, teams_step
from tests.faults.support import (
    MANAGED,
    assert_clean_log,
    assert_consistent,
    raw_session,
)
from tests.support.apps import MakeSlack, MakeTeams
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.redis

async def claims(admin: redis.asyncio.Redis, keys: KeyScheme) -> set[bytes]:
    """The idempotency claims stored under the test's prefix."""
    return {k async for k in admin.scan_iter(match=f"{keys.prefix}:event:*")}


async def _click_to_the_end(
    dm: SlackDM, seen: Seen, *, before_click: object = None
) -> list[tuple[str, str]]:
    """From the step that showed ``seen``, click the plan's answer to each question until the
    recommendation; the clicks. ``seen`` and every click must be acknowledged normally."""
    assert not seen.store_down, seen.texts
    clicked: list[tuple[str, str]] = []
    while not seen.models:
        factor = seen.question
        assert factor is not None, f"neither a question nor a recommendation: {seen.texts}"
        if callable(before_click):
            await before_click()
        seen = await dm.click(factor)
        assert not seen.store_down, f"click {len(clicked) + 1} failed: {seen.texts}"
        clicked.append((factor, MANAGED[factor]))
        assert len(clicked) <= len(F.FACTORS)
    assert seen.models == ["managed_services"]
    return clicked


async def _assess(dm: SlackDM, *, before_click: object = None) -> tuple[list[tuple[str, str]], int]:
    """Start in the DM and click the plan's answer to each question until the recommendation.

    Returns the clicks and the number of turns. Every step must be acknowledged normally.
    """
    clicked = await _click_to_the_end(dm, await dm.say("start"), before_click=before_click)
    return clicked, 1 + len(clicked)


# --- latency ------------------------------------------------------------------------------------


async def test_latency_turns_are_still_exact(
    proxy: TcpProxy, proxied_store: RedisSessionStore, make_slack: MakeSlack,
    caplog: pytest.LogCaptureFixture,
) -> None:
    proxy.set_latency(0.02, jitter=0.03)  # 40-100 ms per round trip
    dm = SlackDM(await make_slack(proxied_store))
    clicked, turns = await _assess(dm)
    session = await proxied_store.load(dm.session_id)
    assert_consistent(session, clicked, turns=turns)
    assert session is not None and session.rev == turns  # one save per turn, none lost
    assert_clean_log(caplog)


async def test_latency_on_teams_card_submits(
    proxy: TcpProxy, proxied_store: RedisSessionStore, make_teams: MakeTeams,
    caplog: pytest.LogCaptureFixture,
) -> None:
    proxy.set_latency(0.03, jitter=0.02)
    chat = await make_teams(proxied_store)
    seen = await teams_step(chat, chat.activity(text="start"))
    clicked: list[tuple[str, str]] = []
    while not seen.models:
        factor = seen.question
        assert factor is not None and not seen.store_down, seen.texts
        seen = await teams_step(chat, teams_answer(chat, factor))
        assert chat.last_status == 201
        clicked.append((factor, MANAGED[factor]))
    session = await proxied_store.load(chat.session_id)
    assert_consistent(session, clicked, turns=len(clicked) + 1)
    assert_clean_log(caplog)


async def test_redis_slower_than_the_socket_timeout_fails_politely_then_recovers(
    proxy: TcpProxy, proxied_store: RedisSessionStore, make_slack: MakeSlack,
    redis_admin: redis.asyncio.Redis, keys: KeyScheme, caplog: pytest.LogCaptureFixture,
) -> None:
    dm = SlackDM(await make_slack(proxied_store))
    first = await dm.start()
    second = await dm.answer(first)
    assert second != first
    before = await raw_session(redis_admin, keys, dm.session_id)

    proxy.set_latency(0.6)  # each way: every reply misses the 0.5 s socket timeout
    seen = await dm.click(second)
    assert seen.store_down, seen.texts
    assert await raw_session(redis_admin, keys, dm.session_id) == before, "nothing half-written"

    proxy.set_latency(0)
    await asyncio.sleep(1.3)  # let the late packets of the failed turn drain
    seen = await dm.say("help")
    assert seen.question == second, "continues from the last saved answer"
    seen = await dm.click(second)
    assert not seen.store_down
    assert_consistent(await proxied_store.load(dm.session_id), [
        (first, MANAGED[first]), (second, MANAGED[second])], turns=4)
    assert_clean_log(caplog)


# --- resets -------------------------------------------------------------------------------------


async def test_connections_reset_before_every_turn(
    proxy: TcpProxy, proxied_store: RedisSessionStore, make_slack: MakeSlack,
    caplog: pytest.LogCaptureFixture,
) -> None:
    dm = SlackDM(await make_slack(proxied_store))

    async def reset() -> None:
        await proxy.reset()

    clicked, turns = await _assess(dm, before_click=reset)
    assert proxy.resets >= len(clicked), "the pooled connections were really reset"
    assert_consistent(await proxied_store.load(dm.session_id), clicked, turns=turns)
    assert_clean_log(caplog)


async def test_reset_while_a_command_is_in_flight_is_retried_and_applied_once(
    proxy: TcpProxy, proxied_store: RedisSessionStore, make_slack: MakeSlack,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Each click meets a reset at another moment: claim, load or compare-and-set in flight.

    With 75 ms each way a turn takes about half a second, so the offsets land before Redis saw
    a command (it is sent again) or after Redis applied it and before the reply arrived (the
    store recognises its own write). Either way the turn succeeds and applies once.
    """
    dm = SlackDM(await make_slack(proxied_store))
    seen = await dm.say("start")
    proxy.set_latency(0.075)
    clicked: list[tuple[str, str]] = []
    hits = []
    for at in (0.05, 0.2, 0.35, 0.5, 0.65, 0.1, 0.3):
        if seen.models:
            break
        factor = seen.question
        assert factor is not None

        async def reset_later(at: float = at) -> int:
            await asyncio.sleep(at)
            return await proxy.reset()

        resetter = asyncio.create_task(reset_later())
        seen = await dm.click(factor)
        hits.append(await resetter)
        assert not seen.store_down, f"a single reset must be retried, not fail the turn: {seen.texts}"
        clicked.append((factor, MANAGED[factor]))
    assert seen.models == ["managed_services"]
    assert_consistent(await proxied_store.load(dm.session_id), clicked, turns=1 + len(clicked))
    assert sum(hits) >= 3, f"resets that hit open connections: {hits}"
    assert_clean_log(caplog)


# --- black hole and stall ---------------------------------------------------------------------


async def test_black_hole_fails_fast_writes_nothing_and_the_conversation_resumes(
    proxy: TcpProxy, proxied_store: RedisSessionStore, make_slack: MakeSlack,
    redis_admin: redis.asyncio.Redis, keys: KeyScheme, caplog: pytest.LogCaptureFixture,
) -> None:
    slack = await make_slack(proxied_store)
    dm = SlackDM(slack)
    first = await dm.start()
    second = await dm.answer(first)
    before = await raw_session(redis_admin, keys, dm.session_id)
    claims_before = await claims(redis_admin, keys)
    clicks_before = len(slack.api.calls)

    proxy.blackhole()
    seen = await dm.click(second)
    assert seen.store_down, seen.texts
    resp = await slack.client.get("/readyz")
    assert resp.status == 503, "readiness reports the unreachable store"
    assert await raw_session(redis_admin, keys, dm.session_id) == before, "nothing half-written"
    assert await claims(redis_admin, keys) == claims_before, "no claim of the failed turn either"
    assert len(slack.api.messages) > 0 and len(slack.api.calls) > clicks_before

    proxy.heal()
    assert (await slack.client.get("/readyz")).status == 200
    seen = await dm.say("help")
    assert seen.question == second, "the conversation continues from the last saved answer"
    clicked = [(first, MANAGED[first]), *await _click_to_the_end(dm, seen)]
    session = await proxied_store.load(dm.session_id)
    # start, first click, (failed click: not applied), help, then the rest of the clicks
    assert_consistent(session, clicked, turns=len(clicked) + 2)
    assert_clean_log(caplog)


async def test_black_hole_on_teams_answers_politely_and_the_redelivery_applies_once(
    proxy: TcpProxy, proxied_store: RedisSessionStore, make_teams: MakeTeams,
    redis_admin: redis.asyncio.Redis, keys: KeyScheme, caplog: pytest.LogCaptureFixture,
) -> None:
    chat = await make_teams(proxied_store)
    first = await teams_start(chat)
    before = await raw_session(redis_admin, keys, chat.session_id)

    proxy.blackhole()
    click = teams_answer(chat, first)
    seen = await teams_step(chat, click)
    assert chat.last_status == 201
    assert seen.store_down, seen.texts
    assert await raw_session(redis_admin, keys, chat.session_id) == before

    proxy.heal()
    seen = await teams_step(chat, click)  # Teams redelivers the same activity: now applied
    assert seen.question is not None and seen.question != first
    seen2 = await teams_step(chat, click)  # and a third delivery is a duplicate
    assert seen2.questions == [] and not seen2.store_down
    assert_consistent(await proxied_store.load(chat.session_id), [(first, MANAGED[first])],
                      turns=2)
    assert_clean_log(caplog)


async def test_stalled_link_fails_politely_and_late_packets_never_apply_twice(
    proxy: TcpProxy, proxied_store: RedisSessionStore, make_slack: MakeSlack,
    redis_admin: redis.asyncio.Redis, keys: KeyScheme, caplog: pytest.LogCaptureFixture,
) -> None:
    """A frozen link delivers the failed turn's commands late, after the user was told it failed.

    Whatever of them lands (here: the claim), the session keeps exactly the answers the user
    saw acknowledged, and the retried click is applied once.
    """
    dm = SlackDM(await make_slack(proxied_store))
    first = await dm.start()
    before = await raw_session(redis_admin, keys, dm.session_id)

    proxy.stall()
    seen = await dm.click(first)
    assert seen.store_down, seen.texts
    assert await raw_session(redis_admin, keys, dm.session_id) == before
    proxy.heal()
    await asyncio.sleep(0.3)  # late bytes reach Redis now
    assert await raw_session(redis_admin, keys, dm.session_id) == before

    seen = await dm.click(first)  # the user clicks again (a new action, a new event id)
    assert not seen.store_down and seen.question not in (None, first)
    assert_consistent(await proxied_store.load(dm.session_id), [(first, MANAGED[first])],
                      turns=2)
    assert_clean_log(caplog)


async def test_answers_of_other_processes_survive_a_black_holed_one(
    proxy: TcpProxy, proxied_store: RedisSessionStore, redis_store: RedisSessionStore,
    make_slack: MakeSlack, caplog: pytest.LogCaptureFixture,
) -> None:
    """Two processes serve one DM; one loses Redis mid-conversation, the other carries on."""
    cut_off = SlackDM(await make_slack(proxied_store))
    healthy = SlackDM(await make_slack(redis_store), user=cut_off.user)
    first = await cut_off.start()
    proxy.blackhole()
    healthy.question_message = cut_off.question_message
    seen = await healthy.click(first)
    assert not seen.store_down and seen.question is not None
    second = seen.question
    cut_off.question_message = healthy.question_message
    seen = await cut_off.click(second)
    assert seen.store_down
    proxy.heal()
    seen = await cut_off.say("help")
    assert seen.question == second
    assert_consistent(await redis_store.load(cut_off.session_id), [(first, MANAGED[first])],
                      turns=3)
    assert_clean_log(caplog)
