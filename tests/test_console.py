"""The console adapter: plain-text rendering and the prompt loop."""

from __future__ import annotations

import io

from bot.adapters.console import render_text, run_console
from bot.core import Choice, Core, FactLine, QuoteLine, Reply, SourceLine


def test_render_numbers_choices_across_both_lists() -> None:
    reply = Reply(
        title="T",
        subtitle="S",
        paragraphs=("P1", "P2"),
        facts=(FactLine("F", 1),),
        quotes=(QuoteLine("Q", "Someone", "on TV", 1, "Other story"),),
        sources=(SourceLine("Src", "Pub", "https://x.org", None),),
        choices_title="Choose",
        choices=(Choice("A", "/who a"),),
        related_title="More",
        related=(Choice("B", "/brief b"),),
    )
    text = render_text(reply)
    assert text.splitlines()[:2] == ["T", "S"]
    assert "  • F [1]" in text
    assert "  “Q”\n    — Someone, on TV (in: Other story) [1]" in text
    assert "  [1] Src, Pub <https://x.org>" in text
    assert "Choose:\n  1. A  → /who a" in text
    assert "More:\n  2. B  → /brief b" in text


async def test_interactive_numbers_pick_choices(core: Core) -> None:
    stdin = io.StringIO("/who Assad\n1\n/quit\n/help\n")
    stdout = io.StringIO()
    await run_console(core, stdin, stdout, interactive=True)
    out = stdout.getvalue()
    assert out.count("\n> ") == 3
    assert "Hafez al-Assad\nBashar al-Assad's father" in out  # "1" ran the first choice
    assert "What I can do" not in out  # nothing after /quit


async def test_piped_lines_each_get_one_reply(core: Core) -> None:
    stdout = io.StringIO()
    await run_console(core, io.StringIO("/who Falahi\n1\n"), stdout, interactive=False)
    replies = stdout.getvalue().split("═" * 40)
    assert len(replies) == 2
    assert replies[0].startswith("Hatem Al Falahi")
    assert "No briefing matches “1”" in replies[1]  # a number is not a pick in a pipe
