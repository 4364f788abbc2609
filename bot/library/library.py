"""The library: an immutable, indexed snapshot of every briefing being served.

A new snapshot is built on each reload and swapped in whole, so a command never sees a half
loaded set. People, organisations and places are joined across briefings by id: their aliases
are united and the newest briefing's role is the current one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from .name_index import NameIndex
from .names import latin
from .schema import Briefing, Entity, Person, Quote

if TYPE_CHECKING:
    from .search import TextIndex

__all__ = ["EntityRecord", "Library", "PersonRecord", "QuoteRef"]

EntityKind = Literal["organization", "place"]


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One person as the whole library knows them."""

    id: str
    name: str
    aliases: tuple[str, ...]
    role: str | None
    briefing_ids: tuple[str, ...]  # newest first


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """An organisation or a place as the whole library knows it."""

    kind: EntityKind
    id: str
    name: str
    aliases: tuple[str, ...]
    briefing_ids: tuple[str, ...]  # newest first

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True, slots=True)
class QuoteRef:
    """A quote with the briefing it comes from."""

    briefing: Briefing
    quote: Quote


def _united(names: Iterable[str], main: str) -> tuple[str, ...]:
    seen = {main}
    out: list[str] = []
    for name in names:
        if name not in seen:
            seen.add(name)
            out.append(name)
    return tuple(out)


def _newest_first(b: Briefing) -> tuple[int, float, str]:
    return (-b.date.toordinal(), -b.changed_at.timestamp(), b.id)


class Library:
    """Every briefing being served, with the lookups the commands need."""

    def __init__(self, briefings: Iterable[Briefing]) -> None:
        self.briefings: tuple[Briefing, ...] = tuple(sorted(briefings, key=_newest_first))
        self.by_id: dict[str, Briefing] = {b.id: b for b in self.briefings}
        self.position: dict[str, int] = {b.id: n for n, b in enumerate(self.briefings)}
        self.people: dict[str, PersonRecord] = {}
        self.entities: dict[str, EntityRecord] = {}
        self.quotes_by_person: dict[str, tuple[QuoteRef, ...]] = {}
        self.tags: dict[str, tuple[str, ...]] = {}  # Latin form of a tag -> briefing ids
        self._join()
        self.people_index = NameIndex(
            (p.id, name) for p in self.people.values() for name in (p.name, *p.aliases)
        )
        self.entity_index = NameIndex(
            (e.key, name) for e in self.entities.values() for name in (e.name, *e.aliases)
        )

    def _join(self) -> None:
        people: dict[str, list[tuple[Briefing, Person]]] = defaultdict(list)
        entities: dict[tuple[EntityKind, str], list[tuple[Briefing, Entity]]] = defaultdict(list)
        quotes: dict[str, list[QuoteRef]] = defaultdict(list)
        tags: dict[str, list[str]] = defaultdict(list)
        for b in self.briefings:  # newest first, so every list below is too
            for tag in b.tags:
                tags[latin(tag)].append(b.id)
            for person in b.people:
                people[person.id].append((b, person))
            for org in b.organizations:
                entities[("organization", org.id)].append((b, org))
            for place in b.places:
                entities[("place", place.id)].append((b, place))
            for quote in b.quotes:
                if quote.speaker is not None:
                    quotes[quote.speaker].append(QuoteRef(b, quote))
        for pid, entries in people.items():
            name = entries[0][1].name
            self.people[pid] = PersonRecord(
                id=pid,
                name=name,
                aliases=_united((a for _, p in entries for a in p.aliases), name),
                role=next((p.role for _, p in entries if p.role), None),
                briefing_ids=tuple(dict.fromkeys(b.id for b, _ in entries)),
            )
        for (kind, eid), found in entities.items():
            record = EntityRecord(
                kind=kind,
                id=eid,
                name=found[0][1].name,
                aliases=_united((a for _, e in found for a in e.aliases), found[0][1].name),
                briefing_ids=tuple(dict.fromkeys(b.id for b, _ in found)),
            )
            self.entities[record.key] = record
        self.quotes_by_person = {pid: tuple(refs) for pid, refs in quotes.items()}
        self.tags = {tag: tuple(dict.fromkeys(ids)) for tag, ids in tags.items() if tag}

    @property
    def newest(self) -> Briefing | None:
        return self.briefings[0] if self.briefings else None

    @cached_property
    def text_index(self) -> TextIndex:
        """Built on first use: only searches by words need it, and start-up stays fast."""
        from .search import TextIndex

        return TextIndex(self.briefings)

    def warmed(self) -> Library:
        """This library with its lazy indexes built, for a caller that has time to spare now."""
        _ = self.text_index
        return self

    def __len__(self) -> int:
        return len(self.briefings)
