"""Turning library objects into `Reply` values: pure functions, shared by every command."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..library import Briefing, EntityRecord, Library, PersonRecord, QuoteRef
from .reply import Choice, FactLine, QuoteLine, Reply, SourceLine
from .text import format_date, shorten

__all__ = [
    "MAX_LISTED",
    "SourceNumbers",
    "briefing_choice",
    "briefing_reply",
    "entity_reply",
    "person_choice",
    "person_reply",
    "quote_lines",
    "subtitle",
]

MAX_LISTED = 8  # choices and related links shown at once
MAX_QUOTES = 12
MAX_ALIASES = 16


class SourceNumbers:
    """Numbers sources in the order they are first cited, across one or more briefings."""

    def __init__(self) -> None:
        self.lines: list[SourceLine] = []
        self._numbers: dict[tuple[str, str], int] = {}

    def number(self, briefing: Briefing, source_id: str) -> int | None:
        key = (briefing.id, source_id)
        if key not in self._numbers:
            source = next((s for s in briefing.sources if s.id == source_id), None)
            if source is None:
                return None
            self.lines.append(
                SourceLine(source.title, source.publisher, source.url, source.published)
            )
            self._numbers[key] = len(self.lines)
        return self._numbers[key]

    def all_of(self, briefing: Briefing) -> None:
        for source in briefing.sources:
            self.number(briefing, source.id)


def subtitle(b: Briefing) -> str:
    return " · ".join(filter(None, (format_date(b.date), ", ".join(b.tags))))


def briefing_choice(b: Briefing) -> Choice:
    return Choice(f"{shorten(b.title, 70)} ({format_date(b.date)})", f"/brief {b.id}")


def person_choice(p: PersonRecord, prefix: str = "/who") -> Choice:
    label = f"{p.name}, {shorten(p.role, 60)}" if p.role else p.name
    return Choice(label, f"{prefix} {p.id}")


def _speaker(library: Library, ref: QuoteRef) -> str:
    quote = ref.quote
    if quote.speaker is not None:
        person = library.people.get(quote.speaker)
        if person is not None:
            return person.name
    return quote.speaker_description or "unnamed speaker"


def quote_lines(
    library: Library, refs: Iterable[QuoteRef], sources: SourceNumbers, *, with_briefing: bool
) -> tuple[QuoteLine, ...]:
    return tuple(
        QuoteLine(
            text=ref.quote.text,
            speaker=_speaker(library, ref),
            context=ref.quote.context,
            source=sources.number(ref.briefing, ref.quote.source),
            briefing=ref.briefing.title if with_briefing else None,
        )
        for ref in refs
    )


def briefing_reply(
    library: Library,
    b: Briefing,
    *,
    others: Sequence[Briefing] = (),
    others_title: str = "Other matches",
) -> Reply:
    """The whole briefing: summary, facts, quotes, sources; people and `others` to follow up."""
    sources = SourceNumbers()
    facts = tuple(FactLine(f.text, sources.number(b, f.source)) for f in b.key_facts)
    quotes = quote_lines(library, (QuoteRef(b, q) for q in b.quotes), sources, with_briefing=False)
    sources.all_of(b)
    people = [library.people[p.id] for p in b.people if p.id in library.people]
    return Reply(
        title=b.title,
        subtitle=subtitle(b),
        paragraphs=(b.summary,),
        facts=facts,
        quotes=quotes,
        sources=tuple(sources.lines),
        choices_title=others_title if others else None,
        choices=tuple(briefing_choice(o) for o in others[:MAX_LISTED]),
        related_title="People in this briefing" if people else None,
        related=tuple(person_choice(p) for p in people[:MAX_LISTED]),
        date=b.date,
    )


def person_reply(
    library: Library, person: PersonRecord, *, others: Sequence[PersonRecord] = ()
) -> Reply:
    """Who someone is: role, other names, quotes, and the briefings that mention them."""
    paragraphs: list[str] = []
    if person.aliases:
        shown = ", ".join(person.aliases[:MAX_ALIASES])
        more = len(person.aliases) - MAX_ALIASES
        paragraphs.append(f"Also known as: {shown}" + (f" and {more} more." if more > 0 else "."))
    mentions = [library.by_id[i] for i in person.briefing_ids if i in library.by_id]
    count = len(mentions)
    paragraphs.append(f"Mentioned in {count} briefing{'s' if count != 1 else ''}.")
    sources = SourceNumbers()
    refs = library.quotes_by_person.get(person.id, ())
    quotes = quote_lines(library, refs[:MAX_QUOTES], sources, with_briefing=len(mentions) > 1)
    if len(refs) > MAX_QUOTES:
        paragraphs.append(f"Showing {MAX_QUOTES} of {len(refs)} quotes: /quotes {person.id}")
    return Reply(
        title=person.name,
        subtitle=person.role,
        paragraphs=tuple(paragraphs),
        quotes=quotes,
        sources=tuple(sources.lines),
        choices_title="Also matching" if others else None,
        choices=tuple(person_choice(o) for o in others[:MAX_LISTED]),
        related_title="Briefings that mention them" if mentions else None,
        related=tuple(briefing_choice(b) for b in mentions[:MAX_LISTED]),
    )


def entity_reply(library: Library, entity: EntityRecord) -> Reply:
    """An organisation or a place, and the briefings that mention it."""
    mentions = [library.by_id[i] for i in entity.briefing_ids if i in library.by_id]
    paragraphs = [
        f"{entity.name} is {'an organisation' if entity.kind == 'organization' else 'a place'}"
        f" in {len(mentions)} briefing{'s' if len(mentions) != 1 else ''}."
    ]
    if entity.aliases:
        paragraphs.append(f"Also written: {', '.join(entity.aliases[:MAX_ALIASES])}.")
    return Reply(
        title=entity.name,
        paragraphs=tuple(paragraphs),
        related_title="Briefings that mention it",
        related=tuple(briefing_choice(b) for b in mentions[:MAX_LISTED]),
    )
