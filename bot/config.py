"""Settings, read from the environment (and a `.env` file in the working directory).

Every setting is listed, with a comment, in `.env.example`. Secrets will be `SecretStr`s so that
printing the settings never shows them.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "shipped_briefings"]


def shipped_briefings() -> Path:
    """`./briefings` when it exists, else the briefings shipped beside the package."""
    here = Path("briefings")
    if here.is_dir():
        return here
    beside = Path(__file__).resolve().parent.parent / "briefings"
    return beside if beside.is_dir() else here


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    briefings_dir: Path = Field(default_factory=shipped_briefings, alias="BRIEFINGS_DIR")
    watch: bool = Field(default=True, alias="BRIEFBOT_WATCH")
    log_level: str = Field(default="WARNING", alias="BRIEFBOT_LOG_LEVEL")
    database_url: str = Field(default="sqlite+aiosqlite:///briefbot.db", alias="DATABASE_URL")
    catchup: timedelta = Field(default=timedelta(hours=1), alias="BRIEFBOT_CATCHUP")
    timezone: str = Field(default="UTC", alias="BRIEFBOT_TIMEZONE")
    log_format: Literal["text", "json"] = Field(default="text", alias="BRIEFBOT_LOG_FORMAT")
    http_listen: str | None = Field(default=None, alias="BRIEFBOT_HTTP_LISTEN")
    admins: str = Field(default="", alias="BRIEFBOT_ADMINS")
    user_rate: str = Field(default="20/60", alias="BRIEFBOT_USER_RATE")
    chat_rate: str = Field(default="60/60", alias="BRIEFBOT_CHAT_RATE")

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org/bot", alias="TELEGRAM_API_BASE_URL"
    )
    telegram_webhook_url: str | None = Field(default=None, alias="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_listen: str = Field(default="0.0.0.0:8443", alias="TELEGRAM_WEBHOOK_LISTEN")
    telegram_webhook_secret: SecretStr | None = Field(default=None, alias="TELEGRAM_WEBHOOK_SECRET")
    telegram_rate_limiter: bool = Field(default=True, alias="TELEGRAM_RATE_LIMITER")

    discord_bot_token: SecretStr | None = Field(default=None, alias="DISCORD_BOT_TOKEN")
    discord_api_base_url: str | None = Field(default=None, alias="DISCORD_API_BASE_URL")
    discord_gateway_url: str | None = Field(default=None, alias="DISCORD_GATEWAY_URL")
    discord_guild_id: int | None = Field(default=None, alias="DISCORD_GUILD_ID")
    discord_shard_count: int | None = Field(default=None, alias="DISCORD_SHARD_COUNT", ge=1)

    @field_validator(
        "telegram_bot_token",
        "telegram_webhook_secret",
        "telegram_webhook_url",
        "discord_bot_token",
        "discord_api_base_url",
        "discord_gateway_url",
        "discord_guild_id",
        "discord_shard_count",
        "http_listen",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """`TELEGRAM_BOT_TOKEN=` in a copied .env.example means "not set"."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("database_url", mode="before")
    @classmethod
    def _default_database(cls, value: object) -> object:
        """A blank DATABASE_URL means the default SQLite file."""
        if isinstance(value, str) and not value.strip():
            return "sqlite+aiosqlite:///briefbot.db"
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("should be an IANA time zone such as Europe/Berlin or UTC") from None
        return value

    @field_validator("user_rate", "chat_rate")
    @classmethod
    def _rate(cls, value: str) -> str:
        from .core.limits import Rate

        Rate.parse(value)  # raises with a message saying how to write one
        return value

    @field_validator("telegram_webhook_listen", "http_listen")
    @classmethod
    def _host_port(cls, value: str | None) -> str | None:
        if value is None:
            return None
        port = value.rpartition(":")[2]
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("should be HOST:PORT, such as 0.0.0.0:8443")
        return value

    def secrets(self) -> list[str]:
        """Every secret value set, for the log filter."""
        found = (self.telegram_bot_token, self.telegram_webhook_secret, self.discord_bot_token)
        return [s.get_secret_value() for s in found if s is not None]

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError("should be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level
