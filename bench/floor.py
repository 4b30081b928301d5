"""The floor: the least work a correct bot turn needs, as a plain aiohttp server.

``bench/load.py`` runs this next to ``advisor serve`` in the same benchmark run, on the same
Redis and the same stand-in APIs, and reports the bot's numbers as a ratio to these.

Per Slack request (``POST /slack/events``) it does what any correct Slack bot must do and
nothing else:

1. read the body and verify the Slack signature (slack_sdk ``SignatureVerifier``: HMAC-SHA256
   over ``v0:{timestamp}:{body}``, five-minute window); 401 when it fails;
2. parse the payload (JSON event, or the form-encoded ``payload=`` of an interaction, decoded
   with the bot's own C-backed form decoder, ``bot.slack.form``) far enough to know the
   conversation and where the reply goes;
3. acknowledge with 200 **before** the work (like the bot, whose bolt listeners ``ack()`` and
   hand the turn to a tracked background task), then in a background task:
4. one Redis ``GET`` of the conversation's key and one ``SET ... EX`` of a session-sized JSON
   (a real ``dialogs.session.Session`` after a few answers, about 0.5 KB);
5. one POST to the stand-in Web API: ``chat.update`` of the clicked message (a click on a
   question, as the bot does) or ``chat.postMessage`` (a DM), carrying a pre-rendered Block Kit
   question of the bot's usual size (no rendering here).

``--ack-after`` does the work first and acknowledges after it (then acknowledgement time is the
whole turn).

It runs on the bot's default event loop, uvloop (``--event-loop asyncio`` for asyncio's), so
that neither side gains from the loop alone.

Per Teams request (``POST /api/messages``, local unauthenticated mode): parse the activity JSON,
``GET`` + ``SET``, one POST of a pre-rendered Adaptive Card reply to
``{serviceUrl}v3/conversations/{id}/activities/{activity id}``, then 201. That is the bot's
order too: botbuilder answers Teams after the replies are sent.

What the floor leaves out on purpose (so the ratio shows what they cost): bolt's dispatch and
middleware, the idempotency claim (``SET NX EX``), pydantic validation of the session, the
engine step, the compare-and-set script, rendering, slack_sdk's client and botbuilder's pipeline.

    PYTHONPATH=. .venv/bin/python bench/floor.py --port 3980 --redis-url redis://127.0.0.1:6379/14 \\
        --prefix bench:floor --signing-secret S --token xoxb-... --slack-api-url http://127.0.0.1:PORT/api/
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
from collections.abc import AsyncIterator, Coroutine
from typing import Any
from urllib.parse import parse_qsl, quote

import aiohttp
import uvloop
from aiohttp import web
from redis.asyncio import Redis
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger("bench.floor")

TTL = 7 * 24 * 3600
QUESTION_BLOCKS = "advisor:answers:"

CONFIG = web.AppKey("config", dict)
REDIS = web.AppKey("redis", Redis)
HTTP = web.AppKey("http", aiohttp.ClientSession)
TASKS = web.AppKey("tasks", set)


def session_json() -> str:
    """A realistic stored session: a real conversation three answers in, as the bot stores it."""
    from dialogs import factors as F
    from dialogs.engine import step
    from dialogs.turn import AnswerAction, Turn
    from knowledge import load_default

    kb = load_default()

    def turn(**kw: Any) -> Turn:
        return Turn(platform="slack", tenant="T0", conversation="D0", user="U0", surface="dm", **kw)

    session, _ = step(None, turn(text="start"), kb)
    for _ in range(3):  # the middle answer each time: nothing settles early
        assert session is not None and session.current is not None
        factor = F.get(session.current)
        action = AnswerAction(factor=factor.id, answer=factor.answer_ids[1])
        session, _ = step(session, turn(action=action), kb)
    assert session is not None
    return session.model_copy(update={"rev": 4}).to_json()


def reply_payloads() -> tuple[dict[str, Any], dict[str, Any]]:
    """A question as the bot renders it: Slack blocks and a Teams activity (rendered once here)."""
    from bot.slack.render import RenderOptions, to_messages
    from bot.teams.render import render_all
    from dialogs.engine import step
    from dialogs.turn import Turn
    from knowledge import load_default

    turn = Turn(platform="slack", tenant="T0", conversation="D0", user="U0", surface="dm",
                text="start")
    _, replies = step(None, turn, load_default())
    slack = to_messages(replies[-1:], RenderOptions(surface="dm"))[0]
    teams = render_all(replies[-1:])[0]
    return {"text": slack.text, "blocks": slack.blocks}, teams


async def _ctx(app: web.Application) -> AsyncIterator[None]:
    cfg = app[CONFIG]
    app[REDIS] = Redis.from_url(cfg["redis_url"], socket_timeout=2, socket_connect_timeout=2)
    app[HTTP] = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
    app[TASKS] = set()
    yield
    tasks = app[TASKS]
    if tasks:
        await asyncio.wait(tasks, timeout=10)
    await app[HTTP].close()
    await app[REDIS].aclose()


def _spawn(app: web.Application, coro: Coroutine[Any, Any, None]) -> None:
    task = asyncio.get_running_loop().create_task(coro)
    app[TASKS].add(task)
    task.add_done_callback(app[TASKS].discard)


def _parse_slack(raw: bytes, content_type: str) -> tuple[str, str, str | None] | None:
    """(session key, channel, ts of the clicked question or None) of a Slack request."""
    if content_type == "application/json":
        body = json.loads(raw)
        event = body.get("event") or {}
        channel = event.get("channel")
        if not channel:
            return None
        thread = event.get("thread_ts")
        key = f"slack:{body.get('team_id', '-')}:{channel}" + (f":{thread}" if thread else "")
        return key, channel, None
    form = dict(parse_qsl(raw.decode(), keep_blank_values=True))
    payload = json.loads(form["payload"]) if "payload" in form else None
    if not isinstance(payload, dict):
        return None
    container = payload.get("container") or {}
    channel = container.get("channel_id")
    if not channel:
        return None
    action = (payload.get("actions") or [{}])[0]
    in_question = str(action.get("block_id", "")).startswith(QUESTION_BLOCKS)
    team = (payload.get("team") or {}).get("id", "-")
    return f"slack:{team}:{channel}", channel, container.get("message_ts") if in_question else None


async def slack_events(request: web.Request) -> web.Response:
    app = request.app
    cfg = app[CONFIG]
    raw = await request.read()
    if not cfg["verifier"].is_valid(
        body=raw,
        timestamp=request.headers.get("X-Slack-Request-Timestamp", "0"),
        signature=request.headers.get("X-Slack-Signature", ""),
    ):
        return web.Response(status=401, text="invalid request")
    parsed = _parse_slack(raw, request.content_type)
    if parsed is None:
        return web.Response(status=200)
    key, channel, update_ts = parsed
    work = _slack_work(app, key, channel, update_ts)
    if cfg["ack_after"]:
        await work
    else:
        _spawn(app, work)
    return web.Response(status=200)


async def _slack_work(app: web.Application, key: str, channel: str, update_ts: str | None) -> None:
    cfg = app[CONFIG]
    name = f"{cfg['prefix']}:{{{key}}}"
    redis = app[REDIS]
    try:
        await redis.get(name)
        await redis.set(name, cfg["session"], ex=TTL)
        if update_ts is not None:
            method, body = "chat.update", {"channel": channel, "ts": update_ts, **cfg["slack_reply"]}
        else:
            method, body = "chat.postMessage", {"channel": channel, **cfg["slack_reply"]}
        async with app[HTTP].post(cfg["api_url"] + method, data=json.dumps(body),
                                  headers=cfg["api_headers"]) as resp:
            await resp.read()
    except Exception:
        log.exception("floor Slack turn failed")


async def teams_messages(request: web.Request) -> web.Response:
    app = request.app
    cfg = app[CONFIG]
    if request.content_type != "application/json":
        return web.Response(status=415)
    activity = json.loads(await request.read())
    conversation = (activity.get("conversation") or {}).get("id")
    service_url = activity.get("serviceUrl")
    activity_id = activity.get("id")
    if not conversation or not service_url or not activity_id:
        return web.Response(status=400)
    tenant = (activity.get("conversation") or {}).get("tenantId", "unknown")
    name = f"{cfg['prefix']}:{{teams:{tenant}:{conversation}}}"
    redis = app[REDIS]
    await redis.get(name)
    await redis.set(name, cfg["session"], ex=TTL)
    base = service_url if service_url.endswith("/") else service_url + "/"
    url = f"{base}v3/conversations/{quote(conversation, safe='')}/activities/{quote(activity_id, safe='')}"
    reply = {**cfg["teams_reply"], "type": "message", "replyToId": activity_id,
             "conversation": activity["conversation"], "from": activity.get("recipient"),
             "recipient": activity.get("from")}
    async with app[HTTP].post(url, data=json.dumps(reply),
                              headers={"Content-Type": "application/json"}) as resp:
        await resp.read()
    return web.Response(status=201)


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def build_app(*, redis_url: str, prefix: str, signing_secret: str, token: str, api_url: str,
              ack_after: bool = False) -> web.Application:
    slack_reply, teams_reply = reply_payloads()
    app = web.Application(client_max_size=1024 * 1024)
    app[CONFIG] = {
        "redis_url": redis_url,
        "prefix": prefix,
        "verifier": SignatureVerifier(signing_secret=signing_secret),
        "api_url": api_url if api_url.endswith("/") else api_url + "/",
        "api_headers": {"Authorization": f"Bearer {token}",
                        "Content-Type": "application/json; charset=utf-8"},
        "session": session_json(),
        "slack_reply": slack_reply,
        "teams_reply": teams_reply,
        "ack_after": ack_after,
    }
    app.cleanup_ctx.append(_ctx)
    app.router.add_post("/slack/events", slack_events)
    app.router.add_post("/api/messages", teams_messages)
    app.router.add_get("/healthz", healthz)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3980)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--prefix", default="bench:floor")
    parser.add_argument("--signing-secret", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--slack-api-url", required=True)
    parser.add_argument("--event-loop", choices=("uvloop", "asyncio"), default="uvloop",
                        help="the event loop (default: uvloop, as `advisor serve`)")
    parser.add_argument("--ack-after", action="store_true",
                        help="do the work before acknowledging (default: ack first, like the bot)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    app = build_app(redis_url=args.redis_url, prefix=args.prefix,
                    signing_secret=args.signing_secret, token=args.token,
                    api_url=args.slack_api_url, ack_after=args.ack_after)
    loop = uvloop.new_event_loop() if args.event_loop == "uvloop" else asyncio.new_event_loop()
    web.run_app(app, host=args.host, port=args.port, access_log=None, print=None, loop=loop)


if __name__ == "__main__":
    main()
