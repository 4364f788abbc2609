"""The operator desk: /reload and /status, for the platform user ids in BRIEFBOT_ADMINS."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta

from .core import Context, Reply, ReplyKind
from .library import LibraryStore

__all__ = ["OperatorCommands", "parse_admins"]

_SHOWN_PROBLEMS = 5


def parse_admins(text: str) -> frozenset[str]:
    """`telegram:123, discord:456` -> {"telegram:123", "discord:456"}."""
    return frozenset(part.strip().lower() for part in text.split(",") if ":" in part)


class OperatorCommands:
    def __init__(
        self, store: LibraryStore, admins: frozenset[str], now: Callable[[], datetime]
    ) -> None:
        self.store = store
        self.admins = admins
        self.now = now
        self.started = now()

    async def handle(self, name: str, argument: str, context: Context | None) -> Reply:
        if context is not None and f"{context.platform}:{context.user_id}" not in self.admins:
            return Reply(
                paragraphs=("This command is for the bot's operators.",), kind=ReplyKind.PROBLEM
            )
        if name == "reload":
            await asyncio.to_thread(lambda: self.store.load().warmed())
            return self._status("Reloaded")
        return self._status("Status")

    def _status(self, title: str) -> Reply:
        library, problems = self.store.library, self.store.problems
        uptime = self.now() - self.started
        lines = [
            f"{len(library)} briefings, {len(library.people)} people, "
            f"{len(library.entities)} organisations and places.",
            f"{len(problems)} problem(s) in the briefing files."
            if problems
            else "Every briefing file is valid.",
            *(str(p) for p in problems[:_SHOWN_PROBLEMS]),
            f"Up for {timedelta(seconds=int(uptime.total_seconds()))}.",
        ]
        return Reply(title=title, paragraphs=tuple(lines))
