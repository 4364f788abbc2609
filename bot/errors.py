"""The project's exceptions, in one tree.

    BriefbotError            anything this package raises on purpose
    ├── UserError            a problem with what the user asked; its message is shown to them
    │   ├── UsageError       a command without the argument it needs
    │   ├── ArgumentTooLong  an argument past `limit` characters
    │   └── UnknownCommand   a command name the bot does not have
    ├── ConfigError          a setting that cannot work; the message says how to fix it
    └── SendError            a scheduled post not delivered
        ├── RetryableSendError   429, 5xx, timeouts: try again (after `retry_after`)
        └── PermanentSendError   removed from the chat, forbidden: pause the subscription

Anything else escaping a command is a bug: the command core logs it with its traceback and
answers with a short apology (see `bot.core.dispatch`).
"""

from __future__ import annotations

__all__ = [
    "ArgumentTooLong",
    "BriefbotError",
    "ConfigError",
    "UnknownCommand",
    "UsageError",
    "UserError",
]


class BriefbotError(Exception):
    """Base of every exception raised on purpose."""


class UserError(BriefbotError):
    """What the user asked cannot be answered; `str(error)` is a polite, complete sentence."""


class UsageError(UserError):
    def __init__(self, message: str, example: str | None = None) -> None:
        super().__init__(message)
        self.example = example


class ArgumentTooLong(UserError):
    def __init__(self, limit: int) -> None:
        super().__init__(
            "That is longer than any name or topic I know; "
            f"please keep it under {limit} characters."
        )
        self.limit = limit


class UnknownCommand(UserError):
    def __init__(self, name: str) -> None:
        super().__init__(f"I don't know the command /{name}. Send /help to see what I can do.")
        self.name = name


class ConfigError(BriefbotError):
    """A setting that cannot work."""


class SendError(BriefbotError):
    """A scheduled post could not be delivered."""


class RetryableSendError(SendError):
    """Worth trying again later: a 429 (wait `retry_after` seconds), a 5xx, a timeout."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentSendError(SendError):
    """Trying again will not help: the bot was removed from the chat, or may not post there."""
