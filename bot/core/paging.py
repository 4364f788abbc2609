"""Fitting text into a platform's message limit: split at the most natural boundary that works.

Shared by every adapter: Telegram (4096 characters a message), Discord (2000 a message, 4096 an
embed description, 1024 a field). Lengths are measured by a function the caller gives, so an
adapter can count the text as it will be sent (escaped HTML, for example).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

__all__ = ["pack", "split_text"]

Measure = Callable[[str], int]

# From the most to the least natural place to cut.
_BOUNDARIES = (
    re.compile(r"\n\s*\n"),  # paragraphs
    re.compile(r"\n"),  # lines
    re.compile(r"(?<=[.!?…])\s+"),  # sentences
    re.compile(r"(?<=[,;:])\s+"),  # clauses
    re.compile(r"\s+"),  # words
)
MARKER = "…"


def _pieces(text: str, boundary: re.Pattern[str]) -> list[str]:
    out, start = [], 0
    for match in boundary.finditer(text):
        out.append(text[start : match.start()])
        start = match.end()
    out.append(text[start:])
    return [p for p in out if p]


def split_text(text: str, limit: int, measure: Measure = len) -> list[str]:
    """`text` in pieces that each measure at most `limit`, cut at the most natural boundary.

    Only a single word longer than the limit is cut inside, and the cut is marked with `…`.
    """
    if measure(text) <= limit:
        return [text]
    for boundary in _BOUNDARIES:
        parts = _pieces(text, boundary)
        if len(parts) > 1:
            joiner = (
                "\n\n"
                if boundary is _BOUNDARIES[0]
                else ("\n" if boundary is _BOUNDARIES[1] else " ")
            )
            out: list[str] = []
            for piece in pack(parts, limit, measure, joiner):
                out.extend(split_text(piece, limit, measure))
            return out
    return _cut_word(text, limit, measure)


def _cut_word(word: str, limit: int, measure: Measure) -> list[str]:
    out: list[str] = []
    rest = word
    while measure(rest) > limit:
        size = limit - measure(MARKER)
        while size > 1 and measure(rest[:size] + MARKER) > limit:
            size -= 1
        out.append(rest[:size] + MARKER)
        rest = rest[size:]
    return [*out, rest] if rest else out


def pack(
    blocks: Iterable[str], limit: int, measure: Measure = len, joiner: str = "\n\n"
) -> list[str]:
    """Consecutive blocks joined into as few messages as fit under `limit`, order kept.

    A block that alone is over the limit is passed through whole, for `split_text` to cut.
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}{joiner}{block}" if current else block
        if current and measure(candidate) > limit:
            messages.append(current)
            current = block
        else:
            current = candidate
    if current:
        messages.append(current)
    return messages
