"""One typed settings object, read once at start (environment, then an optional ``.env``).

No other module reads ``os.environ``: the object is passed down from the entry point. Every
tunable has its one default here (stores, the turn boundary, feedback and the drain take theirs
from this object and have none of their own; ``tests/architecture`` checks it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import AnyUrl, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.store.keys import check_prefix
from bot.store.urls import (
    RedisTarget,
    RedisUrlError,
    SentinelTarget,
    parse_host_ports,
    parse_redis_url,
)

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_TEAMS_SERVICE_HOSTS = (
    "smba.trafficmanager.net,smba.infra.gcc.teams.microsoft.com,"
    "smba.infra.gov.teams.microsoft.us,smba.infra.dod.teams.microsoft.us,*.botframework.com"
)
"""Teams' public (all regional paths: /amer/, /emea/, /apac/, /teams/...), GCC, GCC High and
DoD connector hosts, and Bot Framework's own (docs/teams.md gives the sources)."""
DEFAULT_TEAMS_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
DEFAULT_EMULATOR_OPENID_METADATA_URL = (
    "https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration"
)


class SettingsError(Exception):
    """Settings are invalid; ``problems`` has one clear line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    advisor_env: Literal["development", "production"] = "development"
    advisor_host: str = "127.0.0.1"
    advisor_port: int = Field(default=3978, ge=1, le=65535)
    advisor_log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    advisor_log_format: Literal["json", "text"] = "json"
    advisor_session_ttl_seconds: int = Field(default=7 * 24 * 3600, ge=60)
    advisor_event_ttl_seconds: int = Field(default=3600, ge=60)
    advisor_max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    advisor_max_in_flight: int = Field(default=256, ge=0)
    """Platform requests and acknowledged turns in flight per process before new ones are
    refused (bot/admission.py); 0: no cap. 256 = about 1.5x (turns/s of one core) x (seconds
    a turn waits on the platform), measured in docs/performance.md, "The in-flight cap"."""
    advisor_redis_prefix: str = "advisor:v1"
    """Starts every Redis key of the deployment (checked by ``bot.store.keys.check_prefix``)."""
    advisor_drain_timeout_seconds: float = Field(default=20.0, gt=0, le=600)
    """At shutdown, how long in-flight requests, then acknowledged turns, may finish before
    they are cancelled (aiohttp's ``shutdown_timeout`` and ``BackgroundTasks.drain``). Twice
    this plus preStop must fit the platform's grace period (tests/deploy/test_grace_period.py)."""
    advisor_event_loop: Literal["uvloop", "asyncio"] = "uvloop"
    advisor_feedback_ttl_days: int = Field(default=90, ge=1, le=3650)
    advisor_feedback_keep_questions: bool = False
    advisor_feedback_question_ttl_days: int = Field(default=30, ge=1, le=3650)

    redis_url: str | None = None
    advisor_redis_mode: Literal["standalone", "cluster", "sentinel"] = "standalone"
    advisor_redis_ca_file: str | None = None
    advisor_redis_sentinels: str | None = None
    advisor_redis_sentinel_service: str | None = None
    advisor_redis_sentinel_username: str | None = None
    advisor_redis_sentinel_password: SecretStr | None = None
    advisor_redis_wait_replicas: int = Field(default=0, ge=0, le=16)
    advisor_redis_wait_timeout_ms: int = Field(default=100, ge=1, le=10_000)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: AnyUrl = AnyUrl(DEFAULT_SLACK_API_URL)
    slack_app_id: str | None = None

    microsoft_app_id: str | None = None
    microsoft_app_password: SecretStr | None = None
    microsoft_app_tenant_id: str | None = None
    microsoft_app_type: Literal["MultiTenant", "SingleTenant", "UserAssignedMSI"] = "MultiTenant"
    advisor_teams_service_hosts: str = Field(default=DEFAULT_TEAMS_SERVICE_HOSTS, min_length=1)
    """Comma-separated hosts replies may go to (``*.`` matches any subdomain); docs/teams.md."""
    advisor_teams_allow_emulator_tokens: bool = False
    advisor_teams_openid_metadata_url: AnyUrl = AnyUrl(DEFAULT_TEAMS_OPENID_METADATA_URL)
    advisor_teams_emulator_openid_metadata_url: AnyUrl = AnyUrl(DEFAULT_EMULATOR_OPENID_METADATA_URL)
    advisor_teams_key_fetch_timeout_seconds: float = Field(default=5.0, gt=0, le=60)

    @field_validator("advisor_log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator(
        "redis_url",
        "advisor_redis_ca_file",
        "advisor_redis_sentinels",
        "advisor_redis_sentinel_service",
        "advisor_redis_sentinel_username",
        "advisor_redis_sentinel_password",
        "microsoft_app_id",
        "microsoft_app_tenant_id",
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "slack_app_id",
        "microsoft_app_password",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("advisor_redis_prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        return check_prefix(value)

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_redis_url(value)
            except RedisUrlError as exc:
                raise ValueError(exc.detail) from None
        return value

    @field_validator("advisor_redis_ca_file")
    @classmethod
    def _ca_file(cls, value: str | None) -> str | None:
        if value is not None and not Path(value).is_file():
            raise ValueError("no such file (a PEM bundle of the CA that signed Redis's certificate)")
        return value

    @field_validator("advisor_redis_sentinels")
    @classmethod
    def _sentinels(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_host_ports(value, name="ADVISOR_REDIS_SENTINELS")
            except RedisUrlError as exc:
                raise ValueError(exc.detail) from None
        return value

    @model_validator(mode="after")
    def _redis_mode(self) -> Settings:
        target = self.redis_target
        if self.advisor_redis_mode == "sentinel":
            missing = [
                name for name, value in (
                    ("ADVISOR_REDIS_SENTINELS", self.advisor_redis_sentinels),
                    ("ADVISOR_REDIS_SENTINEL_SERVICE", self.advisor_redis_sentinel_service),
                ) if not value
            ]
            if missing:
                raise ValueError(f"ADVISOR_REDIS_MODE=sentinel needs {' and '.join(missing)}")
            if target is not None and target.scheme == "unix":
                raise ValueError("REDIS_URL: with ADVISOR_REDIS_MODE=sentinel use redis:// or "
                                 "rediss:// (the host and port are ignored)")
        if self.production and self.advisor_teams_allow_emulator_tokens:
            raise ValueError("ADVISOR_TEAMS_ALLOW_EMULATOR_TOKENS is refused with "
                             "ADVISOR_ENV=production (Emulator tokens name no audience)")
        if self.advisor_redis_mode == "cluster":
            if target is None:
                raise ValueError("ADVISOR_REDIS_MODE=cluster needs REDIS_URL (any cluster node)")
            if target.scheme == "unix" or target.db != 0:
                raise ValueError(
                    "REDIS_URL: with ADVISOR_REDIS_MODE=cluster use redis:// or rediss:// and "
                    "database 0 (a cluster has no other)"
                )
        return self

    @property
    def sentinel_target(self) -> SentinelTarget | None:
        """The sentinels to ask for the primary (sentinel mode only)."""
        if self.advisor_redis_mode != "sentinel" or not self.advisor_redis_sentinels:
            return None
        password = self.advisor_redis_sentinel_password
        return SentinelTarget(
            nodes=tuple(parse_host_ports(self.advisor_redis_sentinels,
                                         name="ADVISOR_REDIS_SENTINELS")),
            service=self.advisor_redis_sentinel_service or "",
            username=self.advisor_redis_sentinel_username,
            password=password.get_secret_value() if password else None,
        )

    @property
    def redis_target(self) -> RedisTarget | None:
        """``REDIS_URL`` parsed (checked when the settings were read); None without one."""
        return parse_redis_url(self.redis_url) if self.redis_url else None

    @property
    def production(self) -> bool:
        return self.advisor_env == "production"

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None and self.slack_signing_secret is not None

    @property
    def slack_api_base(self) -> str:
        url = str(self.slack_api_url)
        return url if url.endswith("/") else url + "/"

    def platform_problems(self) -> list[str]:
        """Half-configured platforms, one line each naming the keys. ``advisor serve`` refuses
        to start on any of them in production and warns about each in development. (With an
        app id, what the app type needs is checked by the Teams adapter, in every env.)"""
        problems = []
        token, secret = self.slack_bot_token is not None, self.slack_signing_secret is not None
        if token != secret:
            have, lack = (("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET") if token
                          else ("SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"))
            problems.append(f"{have} is set without {lack} (Slack needs both)")
        if self.microsoft_app_id is None:
            strays = [name for name, value in (
                ("MICROSOFT_APP_PASSWORD", self.microsoft_app_password),
                ("MICROSOFT_APP_TENANT_ID", self.microsoft_app_tenant_id),
            ) if value is not None]
            if strays:
                problems.append(f"{' and '.join(strays)} set without MICROSOFT_APP_ID")
        return problems

    @property
    def teams_service_hosts(self) -> tuple[str, ...]:
        return tuple(h.strip().lower() for h in self.advisor_teams_service_hosts.split(",")
                     if h.strip())

    @property
    def teams_mode(self) -> Literal["authenticated", "local", "off"]:
        """``authenticated`` with an app id; ``local`` (no auth) outside production; else off."""
        if self.microsoft_app_id:
            return "authenticated"
        return "off" if self.production else "local"


def load_settings(**overrides: Any) -> Settings:
    """Read the settings once; ``SettingsError`` lists every problem, one line each."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = ".".join(str(p) for p in err["loc"]).upper()
            message = str(err["msg"]).removeprefix("Value error, ")
            # A check across settings names its keys in the message itself.
            problems.append(f"{name}: {message}" if name else message)
        raise SettingsError(problems) from None
