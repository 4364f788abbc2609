"""Organisations and places an article makes clear, by rules (no model).

An organisation: a name defined with its acronym (`Hayat Tahrir al-Sham (HTS)`), a capitalised
phrase headed by an organisation word (`Muslim Brotherhood`, `Security Council`), or the outlet
someone spoke to (`told Al Jazeera`). A place: a dateline (`CAIRO —`), or a capitalised name
after a preposition of place (`in Hama`, `towards Homs and Daraa`, `the city of Aleppo`).
Anything the library already knows as an organisation or a place is found by its names too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from ..library.names import latin
from .lexicon import NOT_NAMES, NOT_PERSON_WORDS, is_heading, looks_like_person

__all__ = ["Entity", "find_entities"]

Kind = Literal["organization", "place"]

_CAP = r"(?:[A-Z][\w'’-]*|al-[A-Z][\w'’-]*|ash-[A-Z][\w'’-]*)"
_PHRASE = rf"{_CAP}(?:[ \t]+(?:of[ \t]+the[ \t]+|of[ \t]+|for[ \t]+)?{_CAP})*"
_ACRONYM = re.compile(rf"({_PHRASE})\s+\(([A-Z]{{2,8}})\)")
# fmt: off
_ORG_WORDS = frozenset((  # the last word of a body's name: `Security Council`, `Muslim Brotherhood`
    "agency", "army", "assembly", "association", "authority", "bank", "brigade", "brigades",
    "brotherhood", "bureau", "coalition", "commission", "committee", "company", "corps",
    "council", "court", "department", "forces", "foundation", "front", "government", "group",
    "guard", "guards", "institute", "league", "ministry", "movement", "nations", "network",
    "news", "office", "organisation", "organization", "parliament", "party", "police", "post",
    "union", "university",
))
# fmt: on
# A name after the kind of body it is (`militia Hayat Tahrir al-Sham`, `group Hamas`) or
# before it (`the Al-Ahram newspaper`).
_KIND_BEFORE = re.compile(
    rf"\b(?:militia|group|party|movement|faction|coalition|alliance|agency|company|newspaper|"
    rf"broadcaster|network|organi[sz]ation|union|club|team)[ \t]+({_PHRASE})"
)
_KIND_AFTER = re.compile(
    rf"({_PHRASE})[ \t]+(?:newspaper|news agency|agency|daily|broadcaster|television|militia|"
    rf"group|party|movement)\b"
)
_SPOKE_TO = re.compile(  # `told Reuters`, `in an interview with Al Jazeera`, `told the BBC`
    rf"\b(?:(?P<said>told|(?:speaking|spoke|speaks|talking|talked) to|[Aa]ccording to)|"
    rf"[Ii]n an interview with)\s+(?P<the>the\s+)?({_PHRASE})"
)
_PLACE_AFTER = re.compile(
    rf"\b(?:[Ii]n|[Nn]ear|[Ff]rom|[Tt]owards?|[Oo]utside|[Aa]cross|[Ii]nto|[Aa]round|"
    rf"[Bb]etween|(?:city|town|village|province|region|capital) of)\s+"
    rf"({_CAP}(?:[ \t]+{_CAP}){{0,2}}(?:[ \t]+and[ \t]+{_CAP}(?:[ \t]+{_CAP}){{0,2}})*)"
)
_DATELINE = re.compile(r"^([A-Z]{3,}(?:\s+[A-Z]{3,})*)(?:,[^—–\-\n]{0,40})?\s*(?:\(\w+\))?\s*[—–-]")
_DEMONYM = re.compile(r"(?:ian|ean|ish|ese|iot|ist|i)$")  # Syrian, Kurdish, Iraqi, Islamist
_NEXT_WORD = re.compile(r"\s+([a-z]+)")
_VERBS_AND_LINKS = frozenset(
    [
        "is",
        "was",
        "were",
        "are",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "may",
        "might",
        "said",
        "says",
        "and",
        "or",
        "but",
        "to",
        "on",
    ]
)


@dataclass
class Entity:
    kind: Kind
    name: str
    aliases: list[str] = field(default_factory=list)

    def add_alias(self, alias: str) -> None:
        if alias and latin(alias) != latin(self.name) and alias not in self.aliases:
            self.aliases.append(alias)


def _clean(phrase: str) -> str:
    words = phrase.removesuffix("’s").removesuffix("'s").split()
    while words and words[0].lower() in NOT_NAMES:
        words.pop(0)
    return " ".join(words).strip(" ,.;:")


def _defined(phrase: str, acronym: str) -> str:
    """The part of `phrase` an acronym stands for: `Fighters of the Sudan Liberation Movement
    (SLM)` defines `Sudan Liberation Movement`."""
    words = phrase.split()
    for start in range(len(words)):
        initial = words[start].removeprefix("al-").removeprefix("ash-")[:1]
        if initial == acronym[0] and words[start][:1].isupper():
            return " ".join(words[start:])
    return phrase


def _is_adjective(word: str, text: str, end: int) -> bool:
    """`Syrian` in `in Syrian cities`: a demonym before a lowercase noun names no place."""
    following = _NEXT_WORD.match(text, end)
    return bool(
        _DEMONYM.search(word)
        and following
        and following.group(1) not in NOT_NAMES
        and following.group(1) not in _VERBS_AND_LINKS
    )


Recognise = Callable[[str], "tuple[Kind, str] | None"]


def find_entities(text: str, people: list[str], recognise: Recognise | None = None) -> list[Entity]:
    """Organisations and places in order of first mention. `people` are the names (and
    aliases) already taken as people; `recognise` says which phrase the library knows as an
    organisation or a place, and by what name."""
    person_words = {latin(w) for name in people for w in name.split()}
    found: dict[str, Entity] = {}

    def add(kind: Kind, name: str, alias: str | None = None) -> None:
        name = _clean(name)
        key = latin(name)
        if not key or latin(name) in {latin(p) for p in people}:
            return
        if kind == "place" and set(key.split()) <= person_words:
            return  # `from Assad` is a person, not a place
        if kind == "organization" and " " not in name and _DEMONYM.search(name) and not alias:
            return  # `Islamist` in `Islamist militia`: what kind, not which one
        entity = found.get(key) or next(
            (e for e in found.values() if key in {latin(a) for a in e.aliases}), None
        )
        if entity is None:
            entity = found[key] = Entity(kind, name)
        if alias:
            entity.add_alias(alias)

    text = "\n".join(line for line in text.split("\n") if not is_heading(line))
    for match in _ACRONYM.finditer(text):
        add("organization", _defined(match.group(1), match.group(2)), match.group(2))
    for match in re.finditer(_PHRASE, text):
        words = _clean(match.group()).split()
        while len(words) > 1 and _DEMONYM.search(words[0]):  # "Islamist Muslim Brotherhood"
            words.pop(0)
        if "of" in words and not _ORG_WORDS & {w.lower() for w in words[: words.index("of")]}:
            words = words[words.index("of") + 1 :]  # "Fighters of the ..." names the body
            if words and words[0] == "the":
                words.pop(0)
        if len(words) > 1 and words[-1].lower() in _ORG_WORDS:
            add("organization", " ".join(words))
    for pattern in (_KIND_BEFORE, _KIND_AFTER):
        for match in pattern.finditer(text):
            add("organization", match.group(1))
    for match in _SPOKE_TO.finditer(text):
        outlet = match.group(3)
        if match.group("said") and not match.group("the") and looks_like_person(outlet):
            continue  # `told Osama Khalil`: a person, not an outlet
        add("organization", outlet)
    for paragraph in text.split("\n"):
        dateline = _DATELINE.match(paragraph.strip())
        if dateline:
            add("place", dateline.group(1).title())
    for match in _PLACE_AFTER.finditer(text):
        for part in re.split(r"\s+and\s+", match.group(1)):
            part = _clean(part)
            words = part.split()
            if not words or any(w.lower() in NOT_PERSON_WORDS for w in words):
                continue  # "in December", "in the Security Council"
            if latin(part) in found and found[latin(part)].kind == "organization":
                continue
            end = match.start(1) + match.group(1).find(part) + len(part)
            if _is_adjective(words[-1], text, end):
                continue
            add("place", part)
    if recognise is not None:  # what the library already knows, mentioned by any of its names
        for match in re.finditer(_PHRASE, text):
            words = _clean(match.group()).split()
            for size in range(min(4, len(words)), 0, -1):
                for start in range(len(words) - size + 1):
                    phrase = " ".join(words[start : start + size])
                    known = recognise(phrase)
                    if known is not None:
                        add(known[0], known[1], phrase)
    folded = text.casefold()
    first = {k: folded.find(e.name.casefold()) for k, e in found.items()}
    return sorted(found.values(), key=lambda e: first[latin(e.name)] % (len(text) + 1))
