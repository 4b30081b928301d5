"""Authentication with an app id: botbuilder's own JWT validation, offline.

botbuilder's live-token tests need Microsoft's endpoints. Here the channel's signing keys come
from a local OpenID metadata stand-in (``ChannelValidation.open_id_metadata_endpoint`` is
botbuilder's override for that URL), and the tests sign Bot Framework channel tokens with their
own RSA key. The production validation path is unchanged: ``ConfigurationBotFrameworkAuthentication``
for the public cloud, issuer ``https://api.botframework.com``, audience = the app id,
``serviceurl`` claim = the activity's service URL, ``msteams`` endorsement on the key.

Outbound replies need an Entra ID token; the credentials factory is swapped for one that hands
out a fixed token, so the test can see it arrive at the stand-in connector.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import jwt
import pytest
import requests
from botframework.connector.auth import (
    AppCredentials,
    AuthenticationConstants,
    ChannelValidation,
    PasswordServiceClientCredentialFactory,
    jwt_token_extractor,
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
    """OpenID metadata + JWKS on a thread: botbuilder fetches them with blocking ``requests``."""

    def __init__(self, jwks: dict[str, Any]) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/.well-known/openid-configuration":
                    payload: dict[str, Any] = {
                        "issuer": AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER,
                        "jwks_uri": f"{server.base}/keys",
                        "id_token_signing_alg_values_supported": ["RS256"],
                    }
                elif self.path == "/keys":
                    payload = jwks
                else:
                    self.send_error(404)
                    return
                body = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                server.hits += 1

            def log_message(self, *_args: Any) -> None:
                pass

        self.hits = 0
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def metadata_url(self) -> str:
        return f"{self.base}/.well-known/openid-configuration"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


SIGNING_KEY = _private_key()
OTHER_KEY = _private_key()


@pytest.fixture
def key_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[_KeyServer]:
    jwk = json.loads(RSAAlgorithm.to_jwk(SIGNING_KEY.public_key()))
    jwk.update(kid=KID, use="sig", alg="RS256", endorsements=["msteams"])
    server = _KeyServer({"keys": [jwk]})
    monkeypatch.setattr(ChannelValidation, "open_id_metadata_endpoint", server.metadata_url)

    real_get = requests.get

    def local_only(url: str, *args: Any, **kwargs: Any) -> Any:
        assert urlsplit(url).hostname == "127.0.0.1", f"token validation went online: {url}"
        return real_get(url, *args, **kwargs)

    monkeypatch.setattr(jwt_token_extractor.requests, "get", local_only)
    yield server
    server.close()


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
    secured: Chat, connector: ConnectorStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ChannelValidation, "open_id_metadata_endpoint",
                        "http://127.0.0.1:1/.well-known/openid-configuration")
    secured.headers = {"Authorization": f"Bearer {token(connector.url)}"}
    assert await secured.say("start") == []
    assert secured.last_status == 503
    assert connector.calls == []
