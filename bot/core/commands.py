"""The commands: each a pure function of (library, argument) to a `Reply`.

`COMMANDS` is the one list every adapter reads (Telegram's command menu, Discord's slash
commands, `/help`), so a command is added in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import UsageError
from ..library import (
    MATCH_SCORE,
    Briefing,
    Library,
    NameMatch,
    PersonRecord,
    QuoteRef,
    find_briefings,
)
from .reply import Choice, Reply, ReplyKind
from .text import shorten
from .views import (
    MAX_LISTED,
    SourceNumbers,
    briefing_choice,
    briefing_reply,
    entity_reply,
    person_choice,
    person_reply,
    quote_lines,
    subtitle,
)

__all__ = [
    "CHAT_COMMANDS",
    "COMMANDS",
    "OPERATOR_COMMANDS",
    "CommandSpec",
    "PersonDecision",
    "Suggestion",
    "decide_person",
    "find_command",
    "suggest",
]

Handler = Callable[[Library, str], Reply]
CHAT_COMMANDS = frozenset({"subscribe", "unsubscribe", "schedule"})  # need a chat and storage
OPERATOR_COMMANDS = frozenset({"reload", "status"})  # for the bot's operators only

_DECISIVE_GAP = 5.0  # how far ahead the best match must be to be taken without asking
_MAX_QUOTES = 20


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    usage: str  # the argument, as shown in help: "<name>", "[topic]", ""
    description: str  # one line, at most 100 characters (Discord's limit)
    handler: Handler | None  # None: answered by the scheduling service or the operator desk
    public: bool = True  # listed in /help and the platforms' command menus


@dataclass(frozen=True, slots=True)
class PersonDecision:
    """What a name lookup comes to: one person, a choice between several, or suggestions."""

    person: PersonRecord | None
    others: tuple[PersonRecord, ...]  # alternatives, or the choice when `person` is None
    ambiguous: bool


def decide_person(library: Library, query: str) -> PersonDecision:
    """Pick the person `query` names, if it names one clearly enough."""
    slug = query.strip().lower()
    if slug in library.people:
        return PersonDecision(library.people[slug], (), False)
    matches = library.people_index.lookup(query)
    strong = [m for m in matches if m.score >= MATCH_SCORE]

    def records(found: list[NameMatch]) -> tuple[PersonRecord, ...]:
        return tuple(library.people[m.key] for m in found)

    if not strong:
        if not matches:  # a name cut short (`Jol`, `Abu Moh`): offer the names it begins
            matches = library.people_index.lookup(query, prefix_from=3)
        return PersonDecision(None, records(matches), False)
    exact = [m for m in strong if m.exact]
    if len(exact) > 1:
        return PersonDecision(None, records(exact), True)
    top = exact[0] if exact else strong[0]
    rest = [m for m in strong if m.key != top.key]
    if exact or not rest or top.score - rest[0].score >= _DECISIVE_GAP:
        return PersonDecision(library.people[top.key], records(rest), False)
    close = [top, *(m for m in rest if top.score - m.score < _DECISIVE_GAP)]
    return PersonDecision(None, records(close), True)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Something a half-typed query may mean: for inline results and autocomplete."""

    kind: str  # "person" or "briefing"
    key: str  # the person's or the briefing's id
    title: str
    description: str
    command: str  # the command line that opens it


def suggest(library: Library, text: str, limit: int = 10) -> list[Suggestion]:
    """People and briefings matching `text`, people first; the latest briefings when empty."""
    if not text:
        briefings = list(library.briefings[:limit])
        people: list[PersonRecord] = []
    else:
        found = library.people_index.lookup(text, min_score=MATCH_SCORE, limit=limit, prefix_from=2)
        people = [library.people[m.key] for m in found]
        briefings = [m.briefing for m in find_briefings(library, text, limit=limit)]
    out = [
        Suggestion(
            "person",
            p.id,
            p.name,
            shorten(p.role or "Person in the briefings", 100),
            f"/who {p.id}",
        )
        for p in people
    ]
    out += [
        Suggestion(
            "briefing", b.id, b.title, shorten(f"{subtitle(b)}: {b.summary}", 100), f"/brief {b.id}"
        )
        for b in briefings
    ]
    return out[:limit]


def _quoted(text: str) -> str:
    return f"“{shorten(text, 60)}”"


def _require(argument: str, what: str, example: str) -> None:
    if not argument:
        raise UsageError(f"Please tell me {what}, for example: {example}", example)


def _example_person(library: Library) -> str:
    newest = library.newest
    if newest is not None and newest.people:
        return newest.people[0].name
    return "al-Jolani"


def _no_briefings() -> Reply:
    return Reply(
        title="No briefings yet",
        paragraphs=(
            "There are no briefings to serve yet. Editors add them as files under briefings/.",
        ),
        kind=ReplyKind.NOT_FOUND,
    )


def _person_not_found(library: Library, query: str, decision: PersonDecision, cmd: str) -> Reply:
    if decision.ambiguous:
        return Reply(
            title=f"Several people match {_quoted(query)}",
            paragraphs=("Which one do you mean?",),
            choices_title="Choose one",
            choices=tuple(person_choice(p, cmd) for p in decision.others[:MAX_LISTED]),
            kind=ReplyKind.CHOOSE,
        )
    text = f"I found no one called {_quoted(query)} in the briefings."
    if not decision.others:
        text += f" Try another spelling, or /search {shorten(query, 40)}."
    return Reply(
        title="No one found",
        paragraphs=(text,),
        choices_title="Did you mean" if decision.others else None,
        choices=tuple(person_choice(p, cmd) for p in decision.others[:MAX_LISTED]),
        kind=ReplyKind.NOT_FOUND,
    )


def _topic_not_found(library: Library, topic: str) -> Reply:
    return Reply(
        title="No briefing found",
        paragraphs=(
            f"No briefing matches {_quoted(topic)}. Try other words, or /brief for the latest.",
        ),
        related_title="Latest briefings" if library.briefings else None,
        related=tuple(briefing_choice(b) for b in library.briefings[:MAX_LISTED]),
        kind=ReplyKind.NOT_FOUND,
    )


def _briefing_for(library: Library, topic: str) -> tuple[Briefing, list[Briefing]] | Reply:
    """The briefing a topic names (the newest when empty) and the other matches, or a reply."""
    if not library.briefings:
        return _no_briefings()
    if not topic:
        return library.briefings[0], []
    found = find_briefings(library, topic, limit=MAX_LISTED + 1)
    if not found:
        return _topic_not_found(library, topic)
    return found[0].briefing, [m.briefing for m in found[1:]]


def start(library: Library, argument: str) -> Reply:
    """`/start` greets; `/start who-<id>` and `/start brief-<id>` open that answer (deep links)."""
    kind, _, target = argument.partition("-")
    if kind == "who" and target:
        return who(library, target)
    if kind == "brief" and target:
        return brief(library, target)
    count = len(library)
    return Reply(
        title="Hello! I answer with briefings.",
        paragraphs=(
            f"Editors write each story as a briefing; I have {count} "
            f"briefing{'s' if count != 1 else ''}. Ask me who someone is, or for the latest "
            "briefing on a topic.",
            *_help_lines(),
        ),
        related_title="Try",
        related=_examples(library),
    )


def _help_lines() -> tuple[str, ...]:
    return tuple(
        f"/{spec.name}{' ' + spec.usage if spec.usage else ''}: {spec.description}"
        for spec in COMMANDS
        if spec.public
    )


def _examples(library: Library) -> tuple[Choice, ...]:
    examples = [Choice("The latest briefing", "/brief")]
    if library.briefings:
        person = _example_person(library)
        examples.append(Choice(f"Who is {person}?", f"/who {person}"))
    return tuple(examples)


def help_(library: Library, argument: str) -> Reply:
    return Reply(
        title="What I can do",
        paragraphs=(
            *_help_lines(),
            "Names can be typed as you heard them: spellings, part of a "
            "name, or Arabic script all work.",
        ),
        related_title="Try",
        related=_examples(library),
    )


def brief(library: Library, argument: str) -> Reply:
    found = _briefing_for(library, argument)
    if isinstance(found, Reply):
        return found
    best, others = found
    if not argument:
        return briefing_reply(
            library, best, others=library.briefings[1:], others_title="Earlier briefings"
        )
    return briefing_reply(library, best, others=others)


def who(library: Library, argument: str) -> Reply:
    _require(argument, "whom to look up", f"/who {_example_person(library)}")
    decision = decide_person(library, argument)
    if decision.person is not None:
        return person_reply(library, decision.person, others=decision.others)
    if not decision.ambiguous:  # not a person: maybe an organisation or a place
        entities = library.entity_index.lookup(argument, min_score=MATCH_SCORE, limit=1)
        if entities:
            return entity_reply(library, library.entities[entities[0].key])
    return _person_not_found(library, argument, decision, "/who")


def quotes(library: Library, argument: str) -> Reply:
    _require(argument, "whose quotes or which topic", f"/quotes {_example_person(library)}")
    decision = decide_person(library, argument)
    if decision.person is not None:
        person = decision.person
        refs = library.quotes_by_person.get(person.id, ())
        sources = SourceNumbers()
        lines = quote_lines(
            library, refs[:_MAX_QUOTES], sources, with_briefing=len(person.briefing_ids) > 1
        )
        note = (
            f"{len(refs)} quote{'s' if len(refs) != 1 else ''} in the briefings."
            if refs
            else f"The briefings quote no words of {person.name}."
        )
        return Reply(
            title=f"Quotes: {person.name}",
            subtitle=person.role,
            paragraphs=(note,),
            quotes=lines,
            sources=tuple(sources.lines),
            related=(person_choice(person),),
            related_title="More",
        )
    if decision.ambiguous:
        return _person_not_found(library, argument, decision, "/quotes")
    found = _briefing_for(library, argument)
    if isinstance(found, Reply):
        return found
    best, others = found
    sources = SourceNumbers()
    lines = quote_lines(
        library, (QuoteRef(best, q) for q in best.quotes), sources, with_briefing=False
    )
    return Reply(
        title=f"Quotes: {best.title}",
        subtitle=subtitle(best),
        paragraphs=() if lines else ("This briefing has no quotes.",),
        quotes=lines,
        sources=tuple(sources.lines),
        choices_title="Other matches" if others else None,
        choices=tuple(briefing_choice(o) for o in others),
        date=best.date,
    )


def facts(library: Library, argument: str) -> Reply:
    found = _briefing_for(library, argument)
    if isinstance(found, Reply):
        return found
    best, others = found
    full = briefing_reply(library, best, others=others)
    return Reply(
        title=f"Key facts: {best.title}",
        subtitle=full.subtitle,
        paragraphs=() if full.facts else ("This briefing lists no key facts.",),
        facts=full.facts,
        sources=tuple(
            s for i, s in enumerate(full.sources, 1) if any(f.source == i for f in full.facts)
        ),
        choices_title=full.choices_title,
        choices=full.choices,
        related_title="The whole briefing",
        related=(briefing_choice(best),),
        date=best.date,
    )


def sources(library: Library, argument: str) -> Reply:
    found = _briefing_for(library, argument)
    if isinstance(found, Reply):
        return found
    best, others = found
    numbers = SourceNumbers()
    numbers.all_of(best)
    return Reply(
        title=f"Sources: {best.title}",
        subtitle=subtitle(best),
        sources=tuple(numbers.lines),
        choices_title="Other matches" if others else None,
        choices=tuple(briefing_choice(o) for o in others),
        related_title="The whole briefing",
        related=(briefing_choice(best),),
        date=best.date,
    )


def search(library: Library, argument: str) -> Reply:
    _require(argument, "what to search for", "/search Hama refugees")
    people = [
        library.people[m.key]
        for m in library.people_index.lookup(argument, min_score=MATCH_SCORE, limit=4)
    ]
    found = find_briefings(library, argument, limit=MAX_LISTED)
    if not people and not found:
        return _topic_not_found(library, argument)
    counts = []
    if found:
        counts.append(f"{len(found)} briefing{'s' if len(found) != 1 else ''}")
    if people:
        counts.append(f"{len(people)} {'person' if len(people) == 1 else 'people'}")
    return Reply(
        title=f"Results for {_quoted(argument)}",
        paragraphs=(" and ".join(counts) + " found.",),
        choices_title="Briefings" if found else None,
        choices=tuple(briefing_choice(m.briefing) for m in found),
        related_title="People" if people else None,
        related=tuple(person_choice(p) for p in people),
    )


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "brief", "[topic]", "The latest briefing, or the one about a topic, place or person", brief
    ),
    CommandSpec(
        "who", "<name>", "Who someone is, their quotes and the briefings that mention them", who
    ),
    CommandSpec(
        "quotes", "<person or topic>", "What someone said, or the quotes of a briefing", quotes
    ),
    CommandSpec("facts", "[topic]", "The key facts of a briefing, each with its source", facts),
    CommandSpec("sources", "[topic]", "The sources a briefing is based on", sources),
    CommandSpec("search", "<words>", "Briefings and people matching some words", search),
    CommandSpec(
        "subscribe",
        "<schedule> [topic]",
        "Post a digest here on a schedule, e.g. daily 08:00 Europe/Berlin syria",
        None,
    ),
    CommandSpec("unsubscribe", "[number]", "Stop a scheduled digest", None),
    CommandSpec("schedule", "", "This chat's scheduled digests and their next runs", None),
    CommandSpec("help", "", "What I can do", help_),
    CommandSpec("reload", "", "Reload every briefing file (operators)", None, public=False),
    CommandSpec("status", "", "Briefings, problems, uptime (operators)", None, public=False),
    CommandSpec("start", "", "Start here", start),
)
_BY_NAME = {spec.name: spec for spec in COMMANDS}


def find_command(name: str) -> CommandSpec | None:
    return _BY_NAME.get(name)
