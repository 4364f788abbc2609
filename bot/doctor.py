"""`briefbot doctor`: checks the configuration and says what is wrong and how to fix it."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

import aiohttp

from .config import Settings
from .library import LibraryStore
from .storage import Database

__all__ = ["Finding", "diagnose"]

_TELEGRAM_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
_DISCORD_TOKEN = re.compile(r"[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}")


@dataclass(frozen=True, slots=True)
class Finding:
    ok: bool
    what: str
    fix: str = ""

    def __str__(self) -> str:
        mark, label = ("ok  ", "note") if self.ok else ("FAIL", "fix")
        return f"[{mark}] {self.what}" + (f"\n       {label}: {self.fix}" if self.fix else "")


def _token(name: str, value: str, shape: re.Pattern[str], looks: str, fix: str) -> Finding:
    if shape.fullmatch(value.strip()):
        return Finding(True, f"{name} looks like a bot token")
    return Finding(False, f"{name} does not look like a bot token ({looks})", fix)


async def _reachable(url: str) -> str | None:
    """None when `url` answers anything over HTTP within a few seconds, else why not."""
    try:
        timeout = aiohttp.ClientTimeout(total=5)
        async with (
            aiohttp.ClientSession(timeout=timeout) as http,
            http.get(url, allow_redirects=False),
        ):
            return None
    except (aiohttp.ClientError, TimeoutError) as error:
        return str(error) or type(error).__name__


async def diagnose(settings: Settings) -> list[Finding]:
    found: list[Finding] = []
    telegram, discord = settings.telegram_bot_token, settings.discord_bot_token
    if telegram is None and discord is None:
        found.append(
            Finding(
                True,
                "No platform token set: `briefbot run` serves the console.",
                "set TELEGRAM_BOT_TOKEN and/or DISCORD_BOT_TOKEN to go live",
            )
        )
    if telegram is not None:
        found.append(
            _token(
                "TELEGRAM_BOT_TOKEN",
                telegram.get_secret_value(),
                _TELEGRAM_TOKEN,
                "digits, a colon, then 35 letters",
                "copy the token @BotFather gave, without quotes or spaces",
            )
        )
    if discord is not None:
        found.append(
            _token(
                "DISCORD_BOT_TOKEN",
                discord.get_secret_value(),
                _DISCORD_TOKEN,
                "three parts separated by dots",
                "reset and copy the token under Bot in the developer portal",
            )
        )
    if settings.telegram_webhook_url:
        url = settings.telegram_webhook_url
        if not url.startswith("https://"):
            found.append(
                Finding(
                    False,
                    f"TELEGRAM_WEBHOOK_URL {url} is not HTTPS",
                    "Telegram only calls https:// webhooks; put the bot behind a "
                    "reverse proxy that terminates TLS",
                )
            )
        else:
            problem = await _reachable(url)
            found.append(
                Finding(
                    problem is None,
                    f"TELEGRAM_WEBHOOK_URL {url} "
                    + ("answers" if problem is None else f"cannot be reached: {problem}"),
                    "" if problem is None else "check DNS, the proxy, and TELEGRAM_WEBHOOK_LISTEN",
                )
            )
    database = Database(settings.database_url)
    try:
        reachable = await database.ping()
    finally:
        await database.close()
    found.append(
        Finding(
            reachable,
            f"database {database.engine.url.render_as_string()} "
            + ("is reachable" if reachable else "cannot be reached"),
            ""
            if reachable
            else "check DATABASE_URL (user, password, host, port, database) and the server",
        )
    )
    store = LibraryStore(settings.briefings_dir)
    library = await asyncio.to_thread(store.load)
    if not settings.briefings_dir.exists():
        found.append(
            Finding(
                False,
                f"BRIEFINGS_DIR {settings.briefings_dir} does not exist",
                "create it, or point BRIEFINGS_DIR at the briefing files",
            )
        )
    else:
        found.append(
            Finding(
                not store.problems,
                f"{len(library)} briefing(s) valid, "
                f"{len(store.problems)} problem(s) in {settings.briefings_dir}",
                "" if not store.problems else "run `briefbot validate` for the list",
            )
        )
    return found
