"""A draft briefing from an article: quotes with speakers, people with aliases and roles,
organisations and places, key facts and a short extractive summary, joined to what the library
already knows (its ids, names and aliases).

The draft follows the file contract and is validated before it is written; editors review it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import yaml
from anyascii import anyascii

from ..library import MATCH_SCORE, Library
from ..library.checks import check_briefing
from ..library.library import EntityRecord
from ..library.schema import Briefing
from .article import Article
from .entities import Entity, Kind, Recognise, find_entities
from .people import Person, find_people
from .quotes import Quote, extract_quotes

__all__ = ["HEADER", "build_draft", "draft_yaml"]

HEADER = (
    "# DRAFT made by `briefbot draft` from an article: review every field against the\n"
    "# source before committing it (quotes, speakers, aliases, roles, facts).\n"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
_FACTUAL = re.compile(
    r"\d|\b(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|per ?cent|percent|million|billion|thousands?|hundreds?)\b"
)
_MAX_FACTS = 12
_MIN_FACTS = 3
_QUOTE_MARKS = re.compile(r"[“”\"]")


def _slug(text: str, limit: int = 60) -> str:
    """An id as an editor would type it: `Martin Griffiths` -> `martin-griffiths` (spelling
    kept, unlike the matching form, which folds doubled letters and articles)."""
    words = re.sub(r"[^a-z0-9]+", " ", anyascii(text).lower()).split()
    slug = "-".join(words)
    if len(slug) > limit:  # cut at a word, not inside one
        slug = slug[: limit + 1].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug or "item"


def _sentences(text: str) -> list[str]:
    return [s.strip() for p in text.split("\n") for s in _SENTENCE.split(p) if s.strip()]


def _summary(text: str) -> str:
    out = ""
    for sentence in _sentences(text):
        if _QUOTE_MARKS.search(sentence) or len(sentence.split()) < 6:
            continue
        if len(out) + len(sentence) > 600 and out:
            break
        out = f"{out} {sentence}".strip()
        if out.count(". ") >= 2:
            break
    return out or text[:400]


def _facts(text: str, summary: str) -> list[str]:
    """Sentences carrying numbers, dates and quantities; when an article has few, the other
    statements of fact (no quotation in them) in order, so a draft never starts empty."""
    statements = [
        s for s in _sentences(text) if not _QUOTE_MARKS.search(s) and 6 <= len(s.split()) <= 60
    ]
    facts = [s for s in statements if _FACTUAL.search(s) and s not in summary]
    if len(facts) < _MIN_FACTS:  # a short article: its statements, the summary's too if need be
        rest = [s for s in statements if s not in facts and len(s.split()) >= 8]
        rest.sort(key=lambda s: s in summary)  # stable: those outside the summary first
        facts = [s for s in statements if s in facts or s in rest[: _MIN_FACTS - len(facts)]]
    return facts[:_MAX_FACTS]


def _join(people: list[Person], library: Library | None) -> dict[str, tuple[str, Person]]:
    """Person name -> (id, person); a person the library knows keeps its id and name."""
    out: dict[str, tuple[str, Person]] = {}
    used: set[str] = set()
    for person in people:
        known = None
        if library is not None:
            for form in (person.name, *person.aliases):
                matches = library.people_index.lookup(form, min_score=MATCH_SCORE, limit=2)
                if matches and (matches[0].exact or matches[0].score >= 95):
                    known = library.people[matches[0].key]
                    break
        if known is not None:
            earlier = next((p for pid, p in out.values() if pid == known.id), None)
            merged = earlier or Person(known.name, list(known.aliases), person.role or known.role)
            for alias in (person.name, *person.aliases):  # two forms of one known person: one
                merged.add_alias(alias)
            out[person.name] = (known.id, merged)
            continue
        pid = _slug(person.name)
        while pid in used or (library is not None and pid in library.people):
            pid += "-2"
        used.add(pid)
        out[person.name] = (pid, person)
    return out


def _join_entities(
    entities: list[Entity], library: Library | None
) -> dict[Kind, list[dict[str, Any]]]:
    """Organisations and places as the draft lists them; one the library knows keeps its id,
    kind and name, and gains only the article's new forms."""
    out: dict[Kind, list[dict[str, Any]]] = {"organization": [], "place": []}
    used: set[tuple[Kind, str]] = set()
    for entity in entities:
        kind, eid, name, aliases = entity.kind, _slug(entity.name), entity.name, entity.aliases
        record = _known_entity(entity.name, library)
        if record is not None:
            kind, eid, name = record.kind, record.id, record.name
            aliases = [a for a in (entity.name, *entity.aliases) if a != name]
            aliases = [*record.aliases, *(a for a in aliases if a not in record.aliases)]
        if (kind, eid) in used:
            continue
        used.add((kind, eid))
        out[kind].append({"id": eid, "name": name, "aliases": list(aliases)})
    return out


def _known_entity(phrase: str, library: Library | None) -> EntityRecord | None:
    if library is None:
        return None
    matches = library.entity_index.lookup(phrase, min_score=95, limit=1, prefix_from=99)
    return library.entities[matches[0].key] if matches and matches[0].exact else None


def _recogniser(library: Library | None) -> Recognise | None:
    if library is None:
        return None

    def recognise(phrase: str) -> tuple[Kind, str] | None:
        record = _known_entity(phrase, library)
        return (record.kind, record.name) if record else None

    return recognise


def _tags(text: str, places: list[dict[str, Any]]) -> list[str]:
    """The places the article names most, as tags (`syria`, `hama`): a start for the editor."""
    counts = {p["name"]: text.count(p["name"]) for p in places}
    ranked = sorted(counts, key=lambda name: -counts[name])
    return [name.lower() for name in ranked[:3] if counts[name]]


def _speaker_id(quote: Quote, people: dict[str, tuple[str, Person]]) -> str | None:
    if not quote.speaker:
        return None
    for name, (pid, person) in people.items():
        if quote.speaker in (name, *person.aliases):
            return pid
    return None


def build_draft(
    article: Article, library: Library | None = None, today: date | None = None
) -> dict[str, Any]:
    """The draft as the YAML document's data; `ValueError` when there is nothing to draft."""
    if not article.text.strip():
        raise ValueError("the article has no text to draft from")
    quotes = extract_quotes(article.text)
    people = _join(find_people(article.text, quotes), library)
    people_names = [n for name, (_, p) in people.items() for n in (name, p.name, *p.aliases)]
    entities = _join_entities(
        find_entities(article.text, people_names, _recogniser(library)), library
    )
    day = article.published or today or datetime.now(UTC).date()
    summary = _summary(article.text)
    source: dict[str, Any] = {"id": "src-1", "title": article.title}
    if article.publisher:
        source["publisher"] = article.publisher
    if article.url:
        source["url"] = article.url
    if article.published:
        source["published"] = article.published
    drafted_quotes = []
    for quote in quotes:
        entry: dict[str, Any] = {"text": quote.text.rstrip(",")}
        pid = _speaker_id(quote, people)
        if pid:
            entry["speaker"] = pid
        else:
            entry["speaker_description"] = (
                quote.description or quote.speaker or "not named in the article"
            )
        entry["source"] = "src-1"
        drafted_quotes.append(entry)
    document: dict[str, Any] = {
        "id": f"{_slug(article.title, 50)}-{day.isoformat()[:7]}",
        "title": article.title,
        "date": day,
        "tags": _tags(article.text, entities["place"]),
        "summary": summary,
        "key_facts": [{"text": f, "source": "src-1"} for f in _facts(article.text, summary)],
        "quotes": drafted_quotes,
        "people": [
            {
                "id": pid,
                "name": person.name,
                "aliases": person.aliases,
                **({"role": person.role} if person.role else {}),
            }
            for pid, person in dict(people.values()).items()  # each id once
        ],
        "organizations": entities["organization"],
        "places": entities["place"],
        "sources": [source],
    }
    briefing = Briefing.model_validate(document)  # the contract, checked before anyone sees it
    problems = check_briefing(briefing)
    if problems:
        raise ValueError(f"draft does not satisfy the contract: {problems}")
    return document


def draft_yaml(document: dict[str, Any]) -> str:
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return HEADER + body
