"""The console adapter: the bot in a terminal or a pipe, no token needed.

Interactive on a terminal (a prompt; typing a choice's number runs it), and line by line when
standard input is a pipe, one reply after another, so it can be scripted.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import Iterable
from typing import TextIO

from ..core import Choice, Core, Reply, SourceLine
from ..core.text import format_date

__all__ = ["render_text", "run_console"]

_RULE = "─" * 40


def _source_line(n: int, source: SourceLine) -> str:
    parts = [source.title]
    if source.publisher:
        parts.append(source.publisher)
    if source.published is not None:
        parts.append(format_date(source.published))
    text = f"  [{n}] " + ", ".join(parts)
    return text + (f" <{source.url}>" if source.url else "")


def _choice_lines(title: str | None, choices: Iterable[Choice], start: int) -> list[str]:
    lines = [f"{title}:"] if title else []
    lines += [f"  {n}. {c.label}  → {c.command}" for n, c in enumerate(choices, start)]
    return lines


def render_text(reply: Reply) -> str:
    """A reply as plain text. Choices are numbered across both lists, in the order shown."""
    blocks: list[list[str]] = []
    head = [line for line in (reply.title, reply.subtitle) if line]
    if reply.title:
        head.append(_RULE)
    if head:
        blocks.append(head)
    blocks += [[p] for p in reply.paragraphs]
    if reply.facts:
        blocks.append(
            ["Key facts:"]
            + [f"  • {f.text}" + (f" [{f.source}]" if f.source else "") for f in reply.facts]
        )
    if reply.quotes:
        lines = ["Quotes:"]
        for q in reply.quotes:
            lines.append(f"  “{q.text}”")
            said = f"    — {q.speaker}" + (f", {q.context}" if q.context else "")
            said += f" (in: {q.briefing})" if q.briefing else ""
            lines.append(said + (f" [{q.source}]" if q.source else ""))
        blocks.append(lines)
    if reply.sources:
        blocks.append(["Sources:"] + [_source_line(n, s) for n, s in enumerate(reply.sources, 1)])
    if reply.choices:
        blocks.append(_choice_lines(reply.choices_title, reply.choices, 1))
    if reply.related:
        blocks.append(_choice_lines(reply.related_title, reply.related, len(reply.choices) + 1))
    return "\n\n".join("\n".join(block) for block in blocks)


def _numbered(reply: Reply | None) -> list[Choice]:
    return [*reply.choices, *reply.related] if reply is not None else []


def _read_lines(stdin: TextIO) -> asyncio.Queue[str | None]:
    """Lines of `stdin` as they come, then None. Read by a daemon thread, so that a blocked
    read never keeps the process from exiting on Ctrl-C or SIGTERM."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def pump() -> None:
        try:
            for line in iter(stdin.readline, ""):
                loop.call_soon_threadsafe(queue.put_nowait, line)
        finally:
            with contextlib.suppress(RuntimeError):  # the loop closed first
                loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=pump, name="console-input", daemon=True).start()
    return queue


async def run_console(
    core: Core,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    *,
    interactive: bool | None = None,
) -> None:
    """Answer lines from `stdin` until it ends (or `/quit` on a terminal)."""
    if interactive is None:
        interactive = stdin.isatty()
    if interactive:
        stdout.write(
            "Briefing bot console. Type /help, a command, or a choice's number; "
            "/quit or Ctrl-D to leave.\n"
        )
    lines = _read_lines(stdin)
    last: Reply | None = None
    first = True
    while True:
        if interactive:
            stdout.write("\n> ")
            stdout.flush()
        line = await lines.get()
        if line is None:
            break
        text = line.strip()
        if interactive and text in ("/quit", "/exit"):
            break
        if not text and not interactive:
            continue
        choices = _numbered(last)
        if interactive and text.isdigit() and 1 <= int(text) <= len(choices):
            text = choices[int(text) - 1].command
        last = await core.handle(text)
        if not first and not interactive:
            stdout.write("\n" + "═" * 40 + "\n\n")
        stdout.write(render_text(last) + "\n")
        stdout.flush()
        first = False
