"""Checks that need a whole briefing file: references resolve, ids are unique, quotes attributed.

Each finding is a field path and a message; `loader` turns them into `Problem`s with lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from .problems import Loc
from .schema import Briefing, Entity, KeyFact, Person, Quote, Source

__all__ = ["check_briefing", "misspelt_fields"]

_SECTIONS: dict[str, type[BaseModel]] = {
    "key_facts": KeyFact,
    "quotes": Quote,
    "people": Person,
    "organizations": Entity,
    "places": Entity,
    "sources": Source,
}
_MISSPELT = 85.0  # an unknown field this close to a known one is a typo, not a new field


def _near_misses(mapping: dict[Any, Any], model: type[BaseModel], at: Loc) -> list[tuple[Loc, str]]:
    known = list(model.model_fields)
    found: list[tuple[Loc, str]] = []
    for key in mapping:
        if not isinstance(key, str) or key in model.model_fields or len(key) < 4:
            continue
        best = process.extractOne(key.lower(), known, scorer=fuzz.ratio)
        if best is not None and best[1] >= _MISSPELT:
            message = f"is not a field of the briefing format; did you mean '{best[0]}'?"
            found.append(((*at, key), message))
    return found


def misspelt_fields(data: dict[Any, Any]) -> list[tuple[Loc, str]]:
    """Unknown fields that are near misses of known ones (`key_fact`, `quote`, `aliasses`).

    The format lets editors add fields of their own, so an unknown field is fine; but one a
    letter away from a known field would otherwise vanish without a word.
    """
    found = _near_misses(data, Briefing, ())
    for section, model in _SECTIONS.items():
        items = data.get(section)
        if isinstance(items, list):
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    found += _near_misses(item, model, (section, i))
    return found


def _duplicates(section: str, ids: Iterable[str]) -> Iterator[tuple[Loc, str]]:
    seen: set[str] = set()
    for i, item_id in enumerate(ids):
        if item_id in seen:
            yield (section, i, "id"), f"the id '{item_id}' is used twice in {section}"
        seen.add(item_id)


def check_briefing(briefing: Briefing) -> list[tuple[Loc, str]]:
    """Problems inside one file, in the order of its fields."""
    found: list[tuple[Loc, str]] = []
    if not briefing.sources:
        found.append((("sources",), "a briefing needs at least one source"))
    for section in ("people", "organizations", "places", "sources"):
        found.extend(_duplicates(section, (item.id for item in getattr(briefing, section))))
    people = {p.id for p in briefing.people}
    sources = {s.id for s in briefing.sources}
    source_list = ", ".join(sorted(sources))
    for i, fact in enumerate(briefing.key_facts):
        if fact.source not in sources:
            found.append(
                (
                    ("key_facts", i, "source"),
                    f"no source '{fact.source}' in this file (sources: {source_list})",
                )
            )
    for i, quote in enumerate(briefing.quotes):
        if quote.speaker is not None and quote.speaker not in people:
            found.append(
                (("quotes", i, "speaker"), f"no person '{quote.speaker}' in this file's people")
            )
        if quote.speaker is None and quote.speaker_description is None:
            found.append((("quotes", i), "a quote needs a speaker or a speaker_description"))
        if quote.source not in sources:
            found.append(
                (
                    ("quotes", i, "source"),
                    f"no source '{quote.source}' in this file (sources: {source_list})",
                )
            )
    return found
