"""People named in an article, each once, with the other forms the article uses and a role.

By rules: a person is a quoted speaker, a name after a title (`President Assad`), a name with
a role in apposition (`Hatem Al Falahi, a former brigade general`, `military expert Hatem Al
Falahi`), an age or `, who` after it, or a full name whose surname the article uses again on
its own; a speaker named by surname is the person named in full. Other forms: the same
surname alone (with or without `al-`), titled forms, and names given as `his civilian name, X`,
`also known as X`, `formerly X`, `born X`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..library.names import latin
from .lexicon import NOT_NAMES, TITLES, is_heading, looks_like_person, strip_title
from .quotes import Quote

__all__ = ["Person", "find_people", "person_for"]

_WORD = (
    r"(?:[A-Z][\w'’.-]+|al-[A-Z][\w'’-]+|Al-[A-Z][\w'’-]+|el-[A-Z][\w'’-]+|bin|ibn|Abu|de|van|von)"
)
_NAME = rf"[A-Z][\w'’.-]+(?:\s+{_WORD}){{0,4}}"
_ROLE_NOUNS = (
    r"leader|expert|general|minister|president|spokesman|spokeswoman|spokesperson|"
    r"analyst|director|chief|official|commander|professor|head|founder|chairman|"
    r"chairwoman|secretary|ambassador|envoy|mayor|governor|researcher|journalist|"
    r"lawyer|judge|senator|activist|coach|captain|player|striker|manager|economist|"
    r"historian|doctor|officer|member|adviser|advisor|ceo|nurse|teacher|student|resident|"
    r"engineer|farmer|soldier|fighter|refugee|witness|negotiator|diplomat|candidate|"
    r"lawmaker|legislator|correspondent|editor|scientist|surgeon|medic|owner|worker"
)
_TITLED = re.compile(rf"(?:(?:[A-Z][a-z]+)\s+)?(?:{TITLES})\s+({_NAME})")
_APPOSITION = re.compile(
    rf"({_NAME}),\s+(?:\d{{1,3}},\s+)?((?:the|a|an)\s+(?:[\w-]+\s+){{0,6}}?(?:{_ROLE_NOUNS})\b[^,.;]*)"
)
_ROLE_BEFORE = re.compile(rf"\b((?:[A-Za-z-]+\s+)?(?:{_ROLE_NOUNS})),?\s+({_NAME})")
_TITLE_WORD = re.compile(rf"(?:{TITLES})")
_SENTENCE_END = re.compile(r"(?<=[a-z]{2})\.\s+")
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ish|ese|i)$")  # Syrian, Kurdish, Iraqi
# Marks of a person after a name: an age (`Maria Lopez, 34,`) or a relative clause (`, who`).
_PERSON_AFTER = re.compile(rf"({_NAME}),\s+(?:\d{{1,3}},|who\b)")
_ALIAS = re.compile(
    rf"(?:civilian name|real name|also known as|known as|formerly|born|nom de guerre|"
    rf"birth name),?\s+({_NAME})"
)


@dataclass
class Person:
    name: str
    aliases: list[str] = field(default_factory=list)
    role: str | None = None

    def add_alias(self, alias: str) -> None:
        """Another form, kept as written (titled forms too: users type `President Assad`)."""
        folded = alias.casefold()
        if (
            alias
            and folded != self.name.casefold()
            and all(folded != a.casefold() for a in self.aliases)
        ):
            self.aliases.append(alias)


def _clean(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in NOT_NAMES:
        words.pop(0)
    while words and words[-1].lower() in NOT_NAMES:
        words.pop()
    return " ".join(words).removesuffix("’s").removesuffix("'s").strip(" ,.;:")


def _clean_role(role: str) -> str:
    """`Hamas official` stays; `The official` loses its article."""
    words = role.split()
    if len(words) > 1 and words[0].lower() in NOT_NAMES:
        words.pop(0)
    return " ".join(words)


def _surname(name: str) -> str:
    return name.split()[-1]


def person_for(name: str, people: list[Person]) -> Person | None:
    """The person a name as written stands for: by full name, alias, or surname alone."""
    key = latin(name)
    for known in people:
        if key == latin(known.name) or any(key == latin(a) for a in known.aliases):
            return known
    for known in people:  # "Al-Jolani" after "Abu Mohammed al-Jolani"
        if len(name.split()) == 1 and latin(_surname(known.name)) == key:
            return known
    return None


def _named_again(text: str) -> list[str]:
    """Full names whose surname the article later uses on its own (`Joe Biden ... Biden
    said`): news style names a person in full once, then by surname; places and bodies are
    not shortened that way."""
    text = "\n".join(line for line in text.split("\n") if not is_heading(line))
    out: list[str] = []
    for match in re.finditer(_NAME, text):
        phrase = _SENTENCE_END.split(match.group())[0]  # `Damascus. Reports` is two sentences
        words = strip_title(_clean(phrase)).split()
        while len(words) > 2 and (_DEMONYM.search(words[0]) or _TITLE_WORD.fullmatch(words[1])):
            words = strip_title(" ".join(words[1:])).split()  # "Syrian President Assad"
        name = " ".join(words)
        if not 2 <= len(words) <= 4 or not looks_like_person(name):
            continue
        surname, before = words[-1], words[-2]
        for other in re.finditer(rf"(?<![\w'’-]){re.escape(surname)}(?![\w-])", text, re.I):
            if not text[: other.start()].rstrip().endswith(before):
                out.append(name)
                break
    return out


def _full_names(text: str) -> list[str]:
    """Names the article marks as people's (a title, a role, an age, `, who`), longest first."""
    found = [m.group(1) for m in _TITLED.finditer(text)]
    found += [m.group(1) for m in _APPOSITION.finditer(text)]
    found += [m.group(2) for m in _ROLE_BEFORE.finditer(text)]
    found += [m.group(1) for m in _PERSON_AFTER.finditer(text)]
    found += _named_again(text)
    names = {_clean(n) for n in found}
    return sorted((n for n in names if looks_like_person(n)), key=lambda n: -len(n.split()))


def find_people(text: str, quotes: Sequence[Quote] = ()) -> list[Person]:
    """Every person, in order of first mention; the named speakers of `quotes` first of all."""
    people: list[Person] = []
    full_names = _full_names(text)

    def person(name: str) -> Person | None:
        name = _clean(name)
        if not name:
            return None
        if len(name.split()) == 1:  # "Hamdan said" after "Hamas official Osama Hamdan"
            name = next((n for n in full_names if _surname(n) == name), name)
        known = person_for(name, people)
        if known is not None:
            return known
        for short in people:  # the surname came first: the full name takes its place
            if len(short.name.split()) == 1 and latin(_surname(name)) == latin(short.name):
                short.name, surname = name, short.name
                short.add_alias(surname)
                return short
        people.append(Person(name))
        return people[-1]

    for quote in quotes:
        if quote.speaker:
            person(quote.speaker)
    for name in full_names:
        person(name)
    for match in _APPOSITION.finditer(text):
        found = person(match.group(1))
        if found and not found.role:
            found.role = match.group(2).strip()
    for match in _ROLE_BEFORE.finditer(text):
        name = _clean(match.group(2))
        if name and person_for(name, people) is not None:
            found = person(name)
            if found:
                role = _clean_role(match.group(1))
                found.role = (
                    f"{role}; {found.role}"
                    if found.role and role not in found.role
                    else found.role or role
                )
    for match in _TITLED.finditer(text):
        found = person(match.group(1))
        if found:
            found.add_alias(_clean(match.group(0)))
    for paragraph in text.split("\n"):
        for match in _ALIAS.finditer(paragraph):
            head = paragraph[: match.start()].casefold()
            mentioned = [p for p in people if _surname(p.name).casefold() in head]
            if mentioned:
                mentioned[-1].add_alias(_clean(match.group(1)))
    for known in people:  # other forms: the surname alone, as the article writes it
        surname = _surname(known.name)
        for match in re.finditer(rf"\b(?:[Aa]l-)?{re.escape(surname.removeprefix('al-'))}\b", text):
            if text[: match.end()].endswith(known.name):  # inside the full name itself
                continue
            start = max(0, match.start() - 3)
            form = text[start : match.end()].strip()
            form = form if form.lower().startswith("al-") else match.group()
            if form != known.name and form[:1].isupper():
                known.add_alias(form)
    first = {
        p.name: min(
            (i for i in (text.find(f) for f in (p.name, *p.aliases)) if i >= 0), default=len(text)
        )
        for p in people
    }
    return sorted(people, key=lambda p: first[p.name])
