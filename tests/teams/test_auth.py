"""Authentication with an app id (bot/teams/auth.py), offline.

The channel's signing keys come from a local OpenID metadata + JWKS stand-in (an aiohttp server
named by ``ADVISOR_TEAMS_OPENID_METADATA_URL``), and the tests sign Bot Framework channel tokens
with their own RSA key: issuer ``https://api.botframework.com``, audience = the app id,
``serviceurl`` claim = the activity's service URL, ``msteams`` endorsement on the key. The stand-in
connector's host is put on ``ADVISOR_TEAMS_SERVICE_HOSTS``, as a deployment would list its own.

Outbound replies need an Entra ID token; the credentials factory is swapped for one that hands
out a fixed token, so the test can see it arrive at the stand-in connector.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import jwt
import pytest
from aiohttp import web
from botframework.connector.auth import (
    AppCredentials,
    AuthenticationConstants,
    PasswordServiceClientCredentialFactory,
)
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.standins.connector import ConnectorStandIn
from tests.support.apps import TEAMS_FAST
from tests.teams.conftest import Client, MakeApp
from tests.teams.support import AppClient, Chat, questions, store_of

APP_ID = "0b1e28ba-2fa1-11d2-883f-0016d3cca427"
KID = "advisor-test-key"
OUTBOUND_TOKEN = "outbound-test-token"


class _KeyServer:
    """OpenID metadata + JWKS, served by aiohttp on the test's loop; ``stall`` makes both hang
    until the test ends (a key endpoint that accepts connections and never answers)."""

    def __init__(self, jwks: dict[str, Any]) -> None:
        self.jwks = jwks
        self.hits = 0
        self.stall = False
        self.released = asyncio.Event()
        self.asked = asyncio.Event()
        self.base = ""

    def app(self) -> web.Application:
        async def metadata(_request: web.Request) -> web.Response:
            return await self._answer({
                "issuer": AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER,
                "jwks_uri": f"{self.base}/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            })

        async def keys(_request: web.Request) -> web.Response:
            return await self._answer(self.jwks)

        app = web.Application()
        app.router.add_get("/.well-known/openid-configuration", metadata)
        app.router.add_get("/keys", keys)
        return app

    async def _answer(self, payload: dict[str, Any]) -> web.Response:
        self.hits += 1
        self.asked.set()
        if self.stall:
            await self.released.wait()
        return web.json_response(payload)

    @property
    def metadata_url(self) -> str:
        return f"{self.base}/.well-known/openid-configuration"


def _private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


SIGNING_KEY = _private_key()
OTHER_KEY = _private_key()


@pytest.fixture
async def key_server(aiohttp_server: Any) -> AsyncIterator[_KeyServer]:
    jwk = json.loads(RSAAlgorithm.to_jwk(SIGNING_KEY.public_key()))
    jwk.update(kid=KID, use="sig", alg="RS256", endorsements=["msteams"])
    server = _KeyServer({"keys": [jwk]})
    running = await aiohttp_server(server.app())
    server.base = str(running.make_url("")).rstrip("/")
    yield server
    server.released.set()


class _FixedCredentials(AppCredentials):  # type: ignore[misc]
    def get_access_token(self, force_refresh: bool = False) -> str:
        return OUTBOUND_TOKEN


class _OfflineCredentialFactory(PasswordServiceClientCredentialFactory):  # type: ignore[misc]
    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> AppCredentials:
        assert app_id == APP_ID
        return _FixedCredentials(app_id=app_id, oauth_scope=oauth_scope)


def token(
    service_url: str,
    *,
    key: rsa.RSAPrivateKey = SIGNING_KEY,
    kid: str = KID,
    **claims: Any,
) -> str:
    now = int(time.time())
    payload = {
        "iss": AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER,
        "aud": APP_ID,
        "serviceurl": service_url,
        "nbf": now - 60,
        "iat": now - 60,
        "exp": now + 3600,
        **claims,
    }
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


@pytest.fixture
async def secured(
    aiohttp_client: Client, make_app: MakeApp, connector: ConnectorStandIn, key_server: _KeyServer
) -> Chat:
    from dataclasses import replace

    options = replace(
        TEAMS_FAST, credentials_factory=_OfflineCredentialFactory(APP_ID, "app-password")
    )
    app = make_app(
        options=options,
        microsoft_app_id=APP_ID,
        microsoft_app_password="app-password",
        advisor_teams_openid_metadata_url=key_server.metadata_url,
        advisor_teams_service_hosts="127.0.0.1",
    )
    client: AppClient = await aiohttp_client(app)
    return Chat(client=client, connector=connector)


async def test_unauthenticated_calls_get_401_and_touch_nothing(
    secured: Chat, connector: ConnectorStandIn
) -> None:
    url = connector.url
    bad = {
        "no header": None,
        "empty": "",
        "not bearer": "Basic dXNlcjpwYXNz",
        "garbage": "Bearer not-a-jwt",
        "three parts": "Bearer a b",
        "other key": f"Bearer {token(url, key=OTHER_KEY)}",
        "unknown kid": f"Bearer {token(url, kid='someone-elses-key')}",
        "wrong audience": f"Bearer {token(url, aud='another-bot')}",
        "wrong issuer": f"Bearer {token(url, iss='https://evil.example.com')}",
        "wrong service url": f"Bearer {token('https://smba.evil.example.com/')}",
        "expired": f"Bearer {token(url, exp=int(time.time()) - 3600, nbf=0, iat=0)}",
        "unsigned": "Bearer " + jwt.encode(
            {"iss": AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER, "aud": APP_ID,
             "serviceurl": url}, key="", algorithm="none"),
    }
    for name, header in bad.items():
        secured.headers = {"Authorization": header} if header is not None else {}
        replies = await secured.say("start")
        assert secured.last_status == 401, name
        assert replies == []
    assert connector.calls == []
    assert await secured.forgotten()
    store = store_of(secured.client)
    assert await store.load(secured.session_id) is None


async def test_a_token_signed_with_the_channel_key_is_accepted(
    secured: Chat, connector: ConnectorStandIn, key_server: _KeyServer
) -> None:
    secured.headers = {"Authorization": f"Bearer {token(connector.url)}"}
    replies = await secured.say("start")
    assert secured.last_status == 201
    assert questions(replies)
    assert key_server.hits >= 2  # metadata, then keys: validated against the stand-in
    assert all(c.headers.get("Authorization") == f"Bearer {OUTBOUND_TOKEN}"
               for c in connector.calls)
    first = questions(replies)[-1]
    replies = await secured.click(first, "bogus")  # still authenticated; politely refused
    assert secured.last_status == 201 and len(replies) == 1


async def test_the_token_must_name_the_activitys_service_url(
    secured: Chat, connector: ConnectorStandIn
) -> None:
    secured.headers = {"Authorization": f"Bearer {token(connector.url)}"}
    activity = secured.activity(text="start", serviceUrl="http://127.0.0.1:1/")
    assert await secured.post(activity) == []
    assert secured.last_status == 401
    assert connector.calls == []


async def test_production_without_an_app_id_does_not_mount_teams(
    aiohttp_client: Client, make_app: MakeApp
) -> None:
    client = await aiohttp_client(make_app(advisor_env="production"))
    resp = await client.post("/api/messages", json={"type": "message"})
    assert resp.status == 404


async def test_incomplete_credentials_fail_at_start_up(make_app: MakeApp) -> None:
    from bot.settings import SettingsError

    with pytest.raises(SettingsError, match="MICROSOFT_APP_PASSWORD"):
        make_app(microsoft_app_id=APP_ID)
    with pytest.raises(SettingsError, match="MICROSOFT_APP_TENANT_ID"):
        make_app(microsoft_app_id=APP_ID, microsoft_app_password="pw",
                 microsoft_app_type="SingleTenant")


async def test_unreachable_signing_keys_are_a_503_not_a_401(
    aiohttp_client: Client, make_app: MakeApp, connector: ConnectorStandIn
) -> None:
    app = make_app(microsoft_app_id=APP_ID, microsoft_app_password="app-password",
                   advisor_teams_service_hosts="127.0.0.1",
                   advisor_teams_openid_metadata_url="http://127.0.0.1:1/.well-known/x")
    chat = Chat(client=await aiohttp_client(app), connector=connector)
    chat.headers = {"Authorization": f"Bearer {token(connector.url)}"}
    assert await chat.say("start") == []
    assert chat.last_status == 503
    assert connector.calls == []


# --- outbound tokens: created once, cached, refreshed, fetched off the event loop -----------------


class _CountingFactory(PasswordServiceClientCredentialFactory):  # type: ignore[misc]
    """Hands out credentials whose tokens are JWTs with the lifetimes given, in turn."""

    def __init__(self, lifetimes: list[int]) -> None:
        super().__init__(APP_ID, "app-password")
        self.lifetimes = lifetimes
        self.created: list[str] = []
        self.issued: list[str] = []
        self.threads: list[int] = []

    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> AppCredentials:
        assert app_id == APP_ID
        self.created.append(oauth_scope)
        factory = self

        class Issuing(AppCredentials):  # type: ignore[misc]
            def get_access_token(self, force_refresh: bool = False) -> str:
                factory.threads.append(threading.get_ident())
                lifetime = factory.lifetimes[min(len(factory.issued), len(factory.lifetimes) - 1)]
                issued = jwt.encode({"n": len(factory.issued), "aud": oauth_scope,
                                     "exp": int(time.time()) + lifetime}, "k" * 32,
                                    algorithm="HS256")
                factory.issued.append(issued)
                return issued

        return Issuing(app_id=app_id, oauth_scope=oauth_scope)


SecuredWith = Callable[[PasswordServiceClientCredentialFactory], Awaitable[Chat]]


@pytest.fixture
def secured_with(
    aiohttp_client: Client, make_app: MakeApp, connector: ConnectorStandIn,
    key_server: _KeyServer,
) -> SecuredWith:
    """``await secured_with(factory)``: a chat, with a valid channel token, on an app in
    authenticated mode whose outbound credentials come from ``factory``."""
    from dataclasses import replace

    async def make(factory: PasswordServiceClientCredentialFactory) -> Chat:
        app = make_app(options=replace(TEAMS_FAST, credentials_factory=factory),
                       microsoft_app_id=APP_ID, microsoft_app_password="app-password",
                       advisor_teams_openid_metadata_url=key_server.metadata_url,
                       advisor_teams_service_hosts="127.0.0.1")
        chat = Chat(client=await aiohttp_client(app), connector=connector)
        chat.headers = {"Authorization": f"Bearer {token(connector.url)}"}
        return chat

    return make


def _bearers(calls: list[Any]) -> list[str]:
    return [c.headers.get("Authorization", "") for c in calls]


async def test_outbound_credentials_and_token_are_reused_across_turns(
    secured_with: SecuredWith, connector: ConnectorStandIn
) -> None:
    factory = _CountingFactory([3600])
    chat = await secured_with(factory)
    first = questions(await chat.say("start"))[-1]
    await chat.click(first, "bogus")
    other = Chat(client=chat.client, connector=connector, conversation_id="a:1another",
                 headers=chat.headers)
    await other.say("help")
    assert chat.last_status == other.last_status == 201
    assert len(connector.delivered) >= 3  # one card per turn
    assert factory.created == [AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE]
    assert len(factory.issued) == 1
    assert set(_bearers(connector.calls)) == {f"Bearer {factory.issued[0]}"}
    assert threading.get_ident() not in factory.threads  # MSAL's blocking call: off the loop


async def test_an_outbound_token_near_expiry_is_refreshed(
    secured_with: SecuredWith, connector: ConnectorStandIn
) -> None:
    factory = _CountingFactory([60, 3600])  # the first expires inside the refresh margin
    chat = await secured_with(factory)
    for text in ("start", "help", "help"):
        assert await chat.say(text)
    assert len(factory.issued) == 2
    one, two = (f"Bearer {t}" for t in factory.issued)
    # The first reply used the fresh (short-lived) token; the next one found it inside the
    # refresh margin and fetched another, which every later reply reused.
    bearers = _bearers(connector.calls)
    assert len(bearers) >= 3  # one card per turn
    assert bearers == [one] + [two] * (len(bearers) - 1)
    assert len(factory.created) == 1


async def test_concurrent_first_turns_fetch_one_token(
    secured_with: SecuredWith, connector: ConnectorStandIn
) -> None:
    import asyncio

    factory = _CountingFactory([3600])
    chat = await secured_with(factory)
    chats = [Chat(client=chat.client, connector=connector, conversation_id=f"a:1c{n}",
                  headers=chat.headers) for n in range(5)]
    await asyncio.gather(*(c.say("start") for c in chats))
    assert {c.last_status for c in chats} == {201}
    assert len(factory.issued) == 1
    assert set(_bearers(connector.calls)) == {f"Bearer {factory.issued[0]}"}


async def test_credentials_that_cannot_be_made_are_a_500_and_send_nothing(
    secured_with: SecuredWith, connector: ConnectorStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken(_CountingFactory):
        async def create_credentials(self, *args: Any, **kwargs: Any) -> AppCredentials:
            raise RuntimeError("no credentials today")

    chat = await secured_with(Broken([3600]))
    assert await chat.say("start") == []
    assert chat.last_status == 500
    assert connector.calls == []
    assert any(r.getMessage() == "teams activity failed" for r in caplog.records)


async def test_a_token_that_cannot_be_fetched_stops_the_turn_with_the_warning(
    secured_with: SecuredWith, connector: ConnectorStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    class Refused(_CountingFactory):
        async def create_credentials(self, *args: Any, **kwargs: Any) -> AppCredentials:
            class NoToken(AppCredentials):  # type: ignore[misc]
                def get_access_token(self, force_refresh: bool = False) -> str:
                    raise PermissionError("Failed to get access token with error: nope")

            return NoToken(app_id=APP_ID)

    chat = await secured_with(Refused([3600]))
    assert await chat.say("start") == []
    assert chat.last_status == 201
    assert connector.calls == []
    (failure,) = [r for r in caplog.records if r.getMessage() == "teams reply not delivered"]
    assert getattr(failure, "reason", None) == "PermissionError"
    assert "nope" not in caplog.text


# --- fail closed: Emulator tokens, foreign service hosts, key fetches (issue 12 part 2) ----------

EMULATOR_ISSUER = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"


def outbound_shaped(**claims: Any) -> str:
    """A token of the shape of the bot's own outbound token: an Emulator/Azure AD issuer, the
    channel's scope as audience, the app id as ``appid``, no ``serviceurl``."""
    now = int(time.time())
    payload = {"iss": EMULATOR_ISSUER, "aud": "https://api.botframework.com", "appid": APP_ID,
               "ver": "1.0", "nbf": now - 60, "iat": now - 60, "exp": now + 3600, **claims}
    return jwt.encode(payload, SIGNING_KEY, algorithm="RS256", headers={"kid": KID})


async def _secured_app(
    aiohttp_client: Client, make_app: MakeApp, connector: ConnectorStandIn, key_server: _KeyServer,
    **values: Any,
) -> Chat:
    from dataclasses import replace

    values.setdefault("advisor_teams_service_hosts", "127.0.0.1")
    app = make_app(
        options=replace(TEAMS_FAST,
                        credentials_factory=_OfflineCredentialFactory(APP_ID, "app-password")),
        microsoft_app_id=APP_ID, microsoft_app_password="app-password",
        advisor_teams_openid_metadata_url=key_server.metadata_url, **values)
    return Chat(client=await aiohttp_client(app), connector=connector)


async def test_an_emulator_token_is_refused_in_production_and_no_key_is_fetched(
    aiohttp_client: Client, make_app: MakeApp, connector: ConnectorStandIn,
    key_server: _KeyServer,
) -> None:
    chat = await _secured_app(aiohttp_client, make_app, connector, key_server,
                              advisor_env="production", advisor_teams_service_hosts="127.0.0.1")
    chat.headers = {"Authorization": f"Bearer {outbound_shaped()}"}
    elsewhere = connector.url.replace("127.0.0.1", "localhost")  # same stand-in, another host
    assert await chat.post(chat.activity(text="start", serviceUrl=elsewhere)) == []
    assert chat.last_status == 401
    assert await chat.say("start") == []
    assert chat.last_status == 401
    assert connector.calls == []
    assert key_server.hits == 0
    assert await store_of(chat.client).load(chat.session_id) is None


async def test_emulator_tokens_are_refused_by_default_outside_production_too(
    aiohttp_client: Client, make_app: MakeApp, connector: ConnectorStandIn,
    key_server: _KeyServer,
) -> None:
    chat = await _secured_app(aiohttp_client, make_app, connector, key_server)
    chat.headers = {"Authorization": f"Bearer {outbound_shaped()}"}
    assert await chat.say("start") == []
    assert chat.last_status == 401
    assert connector.calls == [] and key_server.hits == 0


async def test_allowing_emulator_tokens_is_refused_at_start_up_in_production(
    make_app: MakeApp,
) -> None:
    from bot.settings import SettingsError

    with pytest.raises(SettingsError, match="ADVISOR_TEAMS_ALLOW_EMULATOR_TOKENS"):
        make_app(advisor_env="production", microsoft_app_id=APP_ID,
                 microsoft_app_password="pw", advisor_teams_allow_emulator_tokens=True)


async def test_allowed_emulator_tokens_need_the_app_id_and_an_emulator_key(
    aiohttp_client: Client, make_app: MakeApp, connector: ConnectorStandIn,
    key_server: _KeyServer,
) -> None:
    chat = await _secured_app(
        aiohttp_client, make_app, connector, key_server,
        advisor_teams_allow_emulator_tokens=True,
        advisor_teams_emulator_openid_metadata_url=key_server.metadata_url)
    chat.headers = {"Authorization": f"Bearer {outbound_shaped(appid='another-app')}"}
    assert await chat.say("start") == []
    assert chat.last_status == 401
    chat.headers = {"Authorization": f"Bearer {outbound_shaped()}"}
    assert questions(await chat.say("start"))
    assert chat.last_status == 201


async def test_a_service_host_off_the_allowlist_gets_no_reply_and_no_token(
    aiohttp_client: Client, make_app: MakeApp, connector: ConnectorStandIn,
    key_server: _KeyServer,
) -> None:
    """A genuine channel token naming a host that is not Microsoft's: refused (403) before
    the turn runs, so nothing is stored and no Bearer token leaves."""
    chat = await _secured_app(aiohttp_client, make_app, connector, key_server)
    elsewhere = connector.url.replace("127.0.0.1", "localhost")
    chat.headers = {"Authorization": f"Bearer {token(elsewhere)}"}
    assert await chat.post(chat.activity(text="start", serviceUrl=elsewhere)) == []
    assert chat.last_status == 403
    assert connector.calls == []
    assert await store_of(chat.client).load(chat.session_id) is None


def test_the_default_service_hosts_are_microsofts(make_settings: Callable[..., Any]) -> None:
    from bot.teams.hosts import ServiceHosts

    settings = make_settings()
    hosts = ServiceHosts(settings.teams_service_hosts, https_only=True)
    for url in ("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/emea/",
                "https://smba.trafficmanager.net/teams/", "https://SMBA.trafficmanager.net/apac/",
                "https://smba.infra.gcc.teams.microsoft.com/teams",
                "https://smba.infra.gov.teams.microsoft.us/teams",
                "https://smba.infra.dod.teams.microsoft.us/teams",
                "https://webchat.botframework.com/", "https://directline.botframework.com/"):
        assert hosts.allows(url), url
    for url in ("http://smba.trafficmanager.net/amer/", "https://evil.example.com/",
                "https://botframework.com.evil.example.com/", "https://botframework.com/",
                "https://smba.trafficmanager.net.evil.example.com/",
                "https://user:pw@smba.trafficmanager.net/", "not a url", ""):
        assert not hosts.allows(url), url


async def test_forged_tokens_never_fetch_keys(
    aiohttp_client: Client, make_app: MakeApp, connector: ConnectorStandIn,
    key_server: _KeyServer,
) -> None:
    chat = await _secured_app(aiohttp_client, make_app, connector, key_server)
    url = connector.url
    cheap = [token(url, aud="another-bot"), token(url, iss="https://evil.example.com"),
             token("https://smba.evil.example.com/"),
             token(url, exp=int(time.time()) - 3600, nbf=0, iat=0), outbound_shaped()]
    for forged in cheap:
        chat.headers = {"Authorization": f"Bearer {forged}"}
        assert await chat.say("start") == []
        assert chat.last_status == 401
    assert key_server.hits == 0
    chat.headers = {"Authorization": f"Bearer {token(url)}"}
    assert await chat.say("start")
    fetched = key_server.hits
    assert fetched == 2  # metadata, then the JWKS
    chat.headers = {"Authorization": f"Bearer {token(url, kid='not-in-the-set')}"}
    for _ in range(3):
        assert await chat.say("help") == []
        assert chat.last_status == 401
    assert key_server.hits == fetched  # an unknown kid while the set is fresh: no fetch


async def test_a_stalled_key_endpoint_does_not_block_the_server(
    aiohttp_client: Client, make_app: MakeApp, connector: ConnectorStandIn,
    key_server: _KeyServer,
) -> None:
    chat = await _secured_app(aiohttp_client, make_app, connector, key_server,
                              advisor_teams_key_fetch_timeout_seconds=0.5)
    key_server.stall = True
    chat.headers = {"Authorization": f"Bearer {token(connector.url)}"}
    pending = asyncio.create_task(chat.say("start"))
    await key_server.asked.wait()  # the fetch has started and hangs
    health = await chat.client.get("/healthz")
    assert health.status == 200
    assert not pending.done()  # /healthz answered while the key fetch was still hanging
    assert await pending == []
    assert chat.last_status == 503
    # Backing off: the next requests are refused at once without another fetch.
    for _ in range(3):
        assert await chat.say("start") == []
        assert chat.last_status == 503
    assert key_server.hits == 1
    assert connector.calls == []
