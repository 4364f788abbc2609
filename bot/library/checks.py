"""Checks that need a whole briefing file: references resolve, ids are unique, quotes attributed.

Each finding is a field path and a message; `loader` turns them into `Problem`s with lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .problems import Loc
from .schema import Briefing

__all__ = ["check_briefing"]


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
