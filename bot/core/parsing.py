"""Reading a command line: `/who@SomeBot al-Jolani` -> name `who`, bot `SomeBot`, argument.

Pure and total: every string parses to something, and deciding what to do with it is the
dispatcher's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CommandLine", "parse"]

_COMMAND = re.compile(r"/(?P<name>[^\s@]*)(?:@(?P<bot>\S*))?(?:\s+(?P<args>.*))?", re.DOTALL)
_NAME = re.compile(r"[a-z0-9_]{1,32}")


@dataclass(frozen=True, slots=True)
class CommandLine:
    """A parsed line. `name` is None for text that is not a command."""

    name: str | None
    args: str
    bot: str | None = None  # the bot a group command is addressed to (`/who@ThatBot`)

    @property
    def valid_name(self) -> bool:
        return self.name is not None and _NAME.fullmatch(self.name) is not None


def parse(text: str) -> CommandLine:
    stripped = text.lstrip()
    if not stripped.startswith("/"):
        return CommandLine(None, stripped)
    match = _COMMAND.fullmatch(stripped)
    if match is None:  # unreachable for str input, kept so the function stays total
        return CommandLine(None, stripped)
    return CommandLine(
        name=match["name"].lower(), args=match["args"] or "", bot=match["bot"] or None
    )
