"""The platform-neutral core: command lines in, `Reply` values out. Knows no platform."""

from .commands import COMMANDS, CommandSpec, Suggestion, decide_person
from .context import Context
from .dispatch import ChatCommands, Core
from .parsing import CommandLine, parse
from .reply import Choice, FactLine, QuoteLine, Reply, ReplyKind, SourceLine

__all__ = [
    "COMMANDS",
    "ChatCommands",
    "Choice",
    "CommandLine",
    "CommandSpec",
    "Context",
    "Core",
    "FactLine",
    "QuoteLine",
    "Reply",
    "ReplyKind",
    "SourceLine",
    "Suggestion",
    "decide_person",
    "parse",
]
