"""Making what users type safe to match and to show back: pure string functions."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from ..errors import ArgumentTooLong

__all__ = ["MAX_ARGUMENT", "clean_argument", "format_date", "shorten"]

MAX_ARGUMENT = 200
"""The longest argument a command takes, in characters after cleaning."""

# Control (Cc), format (Cf: bidi marks, zero-width), surrogate, private-use and unassigned code
# points carry nothing a name or topic needs, and can break a terminal or a chat's layout.
_DROPPED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_SPACES = re.compile(r"\s+")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def clean_argument(raw: str, limit: int = MAX_ARGUMENT) -> str:
    """One line of printable text, or `ArgumentTooLong`. Raises before any matching is done."""
    if len(raw) > limit * 8:  # no cleaning brings a text this long under the limit
        raise ArgumentTooLong(limit)
    text = unicodedata.normalize("NFC", raw)
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in _DROPPED
    )
    text = _SPACES.sub(" ", text).strip()
    if len(text) > limit:
        raise ArgumentTooLong(limit)
    return text


def shorten(text: str, limit: int = 60) -> str:
    """`text` cut at a word to at most `limit` characters, with an ellipsis if it was cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def format_date(day: date) -> str:
    """`5 December 2024`, the same in every locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
