"""The briefing file contract (`shared/notes/briefing-format.md`) as pydantic models.

Field names here are a contract other tools rely on: add fields, rename none. The checks that
need the whole file (references resolve, ids unique) live in `checks`, so that each problem can
name the exact field it is about.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "Briefing",
    "Entity",
    "KeyFact",
    "Person",
    "Quote",
    "Slug",
    "Source",
    "Text",
]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*")


def _slug(value: str) -> str:
    if len(value) > 120 or not _SLUG.fullmatch(value):
        raise ValueError(
            "should be a lowercase slug of letters, digits and single hyphens, "
            "such as 'hama-offensive-2024-12'"
        )
    return value


def _url(value: str) -> str:
    if not _URL.fullmatch(value):
        raise ValueError("should be a web address starting with http:// or https://")
    return value


Slug = Annotated[
    str,
    AfterValidator(_slug),
    Field(description="A lowercase slug: letters, digits and single hyphens.", max_length=120),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Url = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_url)]


def _aware(value: datetime) -> datetime:
    """A timestamp written without a zone is read as UTC, so comparisons never mix kinds."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)


class KeyFact(_Model):
    text: Text
    source: Slug = Field(description="Id of an entry in this file's sources.")


class Quote(_Model):
    text: Text
    speaker: Slug | None = Field(default=None, description="Id of an entry in people.")
    speaker_description: Text | None = Field(
        default=None, description="Who spoke when no one is named, e.g. 'a refugee'."
    )
    context: Text | None = None
    source: Slug


class Person(_Model):
    id: Slug
    name: Name
    aliases: tuple[Name, ...] = Field(
        default=(), description="Every other form users may type: names, spellings, scripts."
    )
    role: Text | None = Field(default=None, description="As of this briefing's date.")


class Entity(_Model):
    """An organisation or a place."""

    id: Slug
    name: Name
    aliases: tuple[Name, ...] = ()


class Source(_Model):
    id: Slug
    title: Text
    publisher: Text | None = None
    url: Url | None = None
    published: date | None = None


class Briefing(_Model):
    """One story: the whole content of one briefing file."""

    id: Slug = Field(description="Unique across all files.")
    title: Text
    date: date
    updated: Annotated[datetime, AfterValidator(_aware)] | None = None
    tags: tuple[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)], ...] = ()
    summary: Text
    key_facts: tuple[KeyFact, ...] = ()
    quotes: tuple[Quote, ...] = ()
    people: tuple[Person, ...] = ()
    organizations: tuple[Entity, ...] = ()
    places: tuple[Entity, ...] = ()
    sources: tuple[Source, ...] = ()

    @property
    def changed_at(self) -> datetime:
        """When the story last changed: `updated`, or the start of its date in UTC."""
        return self.updated or datetime(self.date.year, self.date.month, self.date.day, tzinfo=UTC)
