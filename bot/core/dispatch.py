"""The command core: a line of text in, a `Reply` out, whatever the line holds.

This is the one error funnel. A `UserError` becomes its polite message; anything else is a bug,
logged with its traceback, and the user gets a short apology; nothing escapes to the adapter.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from ..errors import UnknownCommand, UsageError, UserError
from ..library import Library
from .commands import (
    OPERATOR_COMMANDS,
    CommandSpec,
    Suggestion,
    find_command,
    search,
    suggest,
)
from .context import Context
from .limits import CommandLimits, Verdict
from .parsing import CommandLine, parse
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


Observer = Callable[[str, str, float, str], None]
"""Told of every command: platform, command name, seconds taken, outcome (the reply kind, or
"limited" when the abuse limits answered)."""

_SLOW_DOWN = Reply(
    paragraphs=(
        "You are sending commands faster than I can answer them; please slow down. "
        "I will answer again in a moment.",
    ),
    kind=ReplyKind.PROBLEM,
)
_SILENCE = Reply(kind=ReplyKind.SILENT)


class Core:
    """Answers command lines from whatever library `library()` returns at the time."""

    def __init__(
        self,
        library: Callable[[], Library],
        chat_commands: ChatCommands | None = None,
        *,
        operator: ChatCommands | None = None,
        limits: CommandLimits | None = None,
        observe: Observer | None = None,
    ) -> None:
        self._library = library
        self._chat_commands = chat_commands
        self._operator = operator
        self._limits = limits
        self._observe = observe

    async def handle(self, text: str, context: Context | None = None) -> Reply:
        """The answer to one line: a command (`/who x`) or plain words (searched)."""
        started = time.perf_counter()
        line = parse(text)
        spec = find_command(line.name) if line.valid_name and line.name else None
        name = spec.name if spec else ("(text)" if line.name is None else "(unknown)")
        reply = await self._limited(context) or await self._answer(line, spec, context)
        if self._observe is not None:
            platform = context.platform if context else "console"
            outcome = "limited" if reply in (_SLOW_DOWN, _SILENCE) else reply.kind.value
            self._observe(platform, name, time.perf_counter() - started, outcome)
        return reply

    async def _limited(self, context: Context | None) -> Reply | None:
        """The abuse limits' answer for one more command from this user and chat, if any."""
        if self._limits is None or context is None:
            return None
        verdict = self._limits.check(context.platform, context.chat_id, context.user_id)
        return {Verdict.WARN: _SLOW_DOWN, Verdict.SILENT: _SILENCE}.get(verdict)

    async def _answer(
        self, line: CommandLine, spec: CommandSpec | None, context: Context | None
    ) -> Reply:
        try:
            if line.name is None:
                words = clean_argument(line.args)
                if not words:
                    raise UsageError(_HINT)
                return search(self._library(), words)
            if not line.name:
                raise UsageError(_HINT)
            if spec is None:
                shown = clean_argument(line.name[:64], limit=64)
                raise UnknownCommand(shorten(shown, 32) if shown else "")
            argument = clean_argument(line.args)
            if spec.handler is not None:
                return spec.handler(self._library(), argument)
            if spec.name in OPERATOR_COMMANDS:
                if self._operator is None:
                    raise UnknownCommand(spec.name)
                return await self._operator.handle(spec.name, argument, context)
            if self._chat_commands is None:
                raise UserError("Scheduled digests are not set up on this bot.")
            return await self._chat_commands.handle(spec.name, argument, context)
        except UserError as error:
            return _problem(error)
        except Exception:
            log.exception("command %s failed", spec.name if spec else "(text)")
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
