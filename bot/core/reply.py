"""The platform-neutral reply: what the core answers, before any platform renders it.

All text here is plain text. Each adapter escapes, formats and splits it within its platform's
limits; nothing here knows about HTML, embeds or terminals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

__all__ = ["Choice", "FactLine", "QuoteLine", "Reply", "ReplyKind", "SourceLine"]


class ReplyKind(Enum):
    ANSWER = "answer"  # the thing asked for
    CHOOSE = "choose"  # several things match: `choices` lists them
    NOT_FOUND = "not_found"  # nothing matches; `choices` may hold suggestions
    PROBLEM = "problem"  # the request could not be understood or served
    SILENT = "silent"  # send nothing (a flood past its "slow down")


@dataclass(frozen=True, slots=True)
class Choice:
    """A follow-up the user can pick: a label, and the command line it runs."""

    label: str
    command: str


@dataclass(frozen=True, slots=True)
class FactLine:
    text: str
    source: int | None = None  # 1-based position in `Reply.sources`


@dataclass(frozen=True, slots=True)
class QuoteLine:
    text: str
    speaker: str  # a person's name, or who spoke when no one is named
    context: str | None = None
    source: int | None = None  # 1-based position in `Reply.sources`
    briefing: str | None = None  # the briefing's title, when quotes come from several


@dataclass(frozen=True, slots=True)
class SourceLine:
    title: str
    publisher: str | None = None
    url: str | None = None
    published: date | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """One answer. Renderers show the parts in this order, skipping empty ones."""

    title: str | None = None
    subtitle: str | None = None
    paragraphs: tuple[str, ...] = ()
    facts: tuple[FactLine, ...] = ()
    quotes: tuple[QuoteLine, ...] = ()
    sources: tuple[SourceLine, ...] = ()
    choices_title: str | None = None
    choices: tuple[Choice, ...] = ()
    related_title: str | None = None
    related: tuple[Choice, ...] = ()
    kind: ReplyKind = ReplyKind.ANSWER
    date: date | None = None  # the date of the briefing shown, for a footer
