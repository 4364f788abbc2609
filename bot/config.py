"""Settings, read from the environment (and a `.env` file in the working directory).

Every setting is listed, with a comment, in `.env.example`. Secrets will be `SecretStr`s so that
printing the settings never shows them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pydantic import Field, field_validator
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

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError("should be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level
