"""The command core: a line of text in, a `Reply` out, whatever the line holds.

This is the one error funnel. A `UserError` becomes its polite message; anything else is a bug,
logged with its traceback, and the user gets a short apology; nothing escapes to the adapter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from ..errors import UnknownCommand, UsageError, UserError
from ..library import Library
from .commands import Suggestion, find_command, search, suggest
from .context import Context
from .parsing import parse
from .reply import Choice, Reply, ReplyKind
from .text import clean_argument, shorten

__all__ = ["Core"]

log = logging.getLogger(__name__)

_HINT = "Send a command such as /brief or /who, or /help to see them all."
_APOLOGY = Reply(
    title="Sorry, something went wrong",
    paragraphs=(
        "I could not answer that one; the problem has been logged. Please try again, "
        "or send /help.",
    ),
    kind=ReplyKind.PROBLEM,
)


class ChatCommands(Protocol):
    """Commands about the chat itself (subscriptions), served with storage."""

    async def handle(self, name: str, argument: str, context: Context | None) -> Reply: ...


class Core:
    """Answers command lines from whatever library `library()` returns at the time."""

    def __init__(
        self, library: Callable[[], Library], chat_commands: ChatCommands | None = None
    ) -> None:
        self._library = library
        self._chat_commands = chat_commands

    async def handle(self, text: str, context: Context | None = None) -> Reply:
        """The answer to one line: a command (`/who x`) or plain words (searched)."""
        name = "(text)"
        try:
            line = parse(text)
            if line.name is None:
                words = clean_argument(line.args)
                if not words:
                    raise UsageError(_HINT)
                return search(self._library(), words)
            if not line.name:
                raise UsageError(_HINT)
            name = line.name if line.valid_name else "(invalid)"
            spec = find_command(line.name) if line.valid_name else None
            if spec is None:
                shown = clean_argument(line.name[:64], limit=64)
                raise UnknownCommand(shorten(shown, 32) if shown else "")
            argument = clean_argument(line.args)
            if spec.handler is not None:
                return spec.handler(self._library(), argument)
            if self._chat_commands is None:
                raise UserError("Scheduled digests are not set up on this bot.")
            return await self._chat_commands.handle(spec.name, argument, context)
        except UserError as error:
            return _problem(error)
        except Exception:
            log.exception("command %s failed", name)
            return _APOLOGY

    async def suggest(self, text: str, limit: int = 10) -> list[Suggestion]:
        """What a half-typed query may mean (inline queries, autocomplete); never raises."""
        try:
            return suggest(self._library(), clean_argument(text), limit)
        except UserError:
            return []
        except Exception:
            log.exception("suggestions failed")
            return []


def _problem(error: UserError) -> Reply:
    try_next: tuple[Choice, ...] = ()
    if isinstance(error, UsageError) and error.example:
        try_next = (Choice(error.example, error.example),)
    elif isinstance(error, UnknownCommand):
        try_next = (Choice("What I can do", "/help"),)
    return Reply(
        paragraphs=(str(error),),
        related_title="Try" if try_next else None,
        related=try_next,
        kind=ReplyKind.PROBLEM,
    )
