"""Generates a large, realistic-looking set of briefing files for the benchmarks.

Deterministic for a seed: 10,000 files of about 4 KB (about 40 MB), 20,000 distinct people
with spelling variants and Arabic-script aliases, each person in about three briefings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

__all__ = ["GeneratedPerson", "generate"]

_ONSETS = [
    "b",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "q",
    "r",
    "s",
    "sh",
    "t",
    "w",
    "y",
    "z",
    "dh",
    "th",
    "gh",
]
_VOWELS = ["a", "i", "u", "o", "e", "aa", "ou", "ei"]
_CODAS = ["", "", "n", "r", "l", "m", "d", "s", "b", "f", "h", "k"]
_ARABIC = {
    "sh": "ش",
    "kh": "خ",
    "gh": "غ",
    "th": "ث",
    "dh": "ذ",
    "ou": "و",
    "aa": "ا",
    "ei": "ي",
    "b": "ب",
    "d": "د",
    "f": "ف",
    "g": "ج",
    "h": "ه",
    "j": "ج",
    "k": "ك",
    "l": "ل",
    "m": "م",
    "n": "ن",
    "q": "ق",
    "r": "ر",
    "s": "س",
    "t": "ت",
    "w": "و",
    "y": "ي",
    "z": "ز",
    "a": "ا",
    "i": "ي",
    "u": "و",
    "o": "و",
    "e": "",
}
_VARIANTS = [
    ("ou", "u"),
    ("u", "ou"),
    ("j", "g"),
    ("q", "k"),
    ("sh", "ch"),
    ("ei", "ay"),
    ("aa", "a"),
    ("e", "a"),
    ("i", "ee"),
    ("kh", "h"),
]
_WORDS_SEED = 7


def _syllable(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(_syllable(rng) for _ in range(syllables))


def _arabic(latin: str) -> str:
    out, i = [], 0
    text = latin.lower().replace("-", " ")
    while i < len(text):
        if text[i] == " ":
            out.append(" ")
            i += 1
            continue
        pair = text[i : i + 2]
        if pair in _ARABIC:
            out.append(_ARABIC[pair])
            i += 2
        else:
            out.append(_ARABIC.get(text[i], ""))
            i += 1
    return "".join(out).replace("ال ", "ال")


def _variant(name: str, rng: random.Random) -> str:
    options = [(a, b) for a, b in _VARIANTS if a in name.lower()]
    if not options:
        return name + "e"
    a, b = rng.choice(options)
    return name.lower().replace(a, b, 1).title().replace("Al-", "al-")


@dataclass(frozen=True)
class GeneratedPerson:
    id: str
    name: str
    family: str  # the family name as written, e.g. "al-Qoushari"
    aliases: tuple[str, ...]
    role: str


def _people(count: int, rng: random.Random) -> list[GeneratedPerson]:
    given = sorted({_word(rng, rng.choice([2, 2, 3])).title() for _ in range(600)})
    people: list[GeneratedPerson] = []
    seen: set[str] = set()
    roles = [
        "minister",
        "commander",
        "spokesperson",
        "analyst",
        "mayor",
        "judge",
        "envoy",
        "general",
        "activist",
        "negotiator",
        "governor",
        "cleric",
    ]
    places = [_word(rng, 2).title() for _ in range(300)]
    while len(people) < count:
        family_core = _word(rng, rng.choice([2, 3, 3])).title()
        family = f"al-{family_core}" if rng.random() < 0.5 else family_core
        first = rng.choice(given)
        name = f"{first} {family}"
        pid = name.lower().replace(" ", "-")
        if pid in seen:
            continue
        seen.add(pid)
        aliases = [family, _variant(name, rng), _variant(family, rng), _arabic(name)]
        if rng.random() < 0.4:
            aliases.append(f"Abu {rng.choice(given)} {family}")
        role = f"{rng.choice(roles).title()} of {rng.choice(places)}"
        people.append(GeneratedPerson(pid, name, family, tuple(dict.fromkeys(aliases)), role))
    return people


def _sentence(rng: random.Random, words: list[str], n: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _file(
    i: int,
    people: list[GeneratedPerson],
    rng: random.Random,
    words: list[str],
    orgs: list[str],
    places: list[str],
) -> str:
    day = date(2020, 1, 1) + timedelta(days=rng.randrange(2000))
    lines = [
        f"id: story-{i:05d}",
        f"title: {_quoted(_sentence(rng, words, 9))}",
        f"date: {day.isoformat()}",
        f"tags: [{', '.join(rng.sample(words[:200], 3))}]",
        f"summary: {_quoted(' '.join(_sentence(rng, words, 14) for _ in range(3)))}",
        "key_facts:",
    ]
    for _ in range(6):
        lines += [f"  - text: {_quoted(_sentence(rng, words, 18))}", "    source: s1"]
    lines.append("quotes:")
    for _ in range(4):
        speaker = rng.choice(people)
        lines += [
            f"  - text: {_quoted(_sentence(rng, words, 22))}",
            f"    speaker: {speaker.id}",
            "    context: in an interview",
            f"    source: s{rng.choice([1, 2])}",
        ]
    lines.append("people:")
    for p in people:
        aliases = ", ".join(_quoted(a) for a in p.aliases)
        lines += [
            f"  - id: {p.id}",
            f"    name: {_quoted(p.name)}",
            f"    aliases: [{aliases}]",
            f"    role: {_quoted(p.role)}",
        ]
    lines.append("organizations:")
    for org in rng.sample(orgs, 2):
        lines += [f"  - id: {org.lower().replace(' ', '-')}", f"    name: {org}"]
    lines.append("places:")
    for place in rng.sample(places, 3):
        lines += [f"  - id: {place.lower()}", f"    name: {place}", f"    aliases: [{place}a]"]
    lines.append("sources:")
    for s in (1, 2):
        lines += [
            f"  - id: s{s}",
            f"    title: {_quoted(_sentence(rng, words, 8))}",
            "    publisher: Example News",
            f"    url: https://example.org/{i}/{s}",
            f"    published: {day.isoformat()}",
        ]
    return "\n".join(lines) + "\n"


def generate(
    directory: Path, files: int = 10_000, people: int = 20_000, seed: int = 1
) -> list[GeneratedPerson]:
    """Write the files (unless already there for this seed) and return the people."""
    rng = random.Random(seed)
    everyone = _people(people, rng)
    marker = directory / f".generated-v2-{files}-{people}-{seed}"
    if marker.exists() and len(list(directory.glob("*.yaml"))) == files:
        return everyone
    directory.mkdir(parents=True, exist_ok=True)
    for old in [*directory.glob("*.yaml"), *directory.glob(".generated-*")]:
        old.unlink()
    word_rng = random.Random(_WORDS_SEED)
    words = [_word(word_rng, word_rng.choice([1, 2, 2, 3])) for _ in range(4000)]
    orgs = [f"{_word(word_rng, 2).title()} Front" for _ in range(500)]
    places = sorted({_word(word_rng, 2).title() for _ in range(800)})
    per_file = people * 3 // files
    for i in range(files):
        chosen = [everyone[(i * 2 + k) % people] for k in range(2)]  # everyone appears
        chosen += rng.sample(everyone, per_file - 2)
        unique = list({p.id: p for p in chosen}.values())
        (directory / f"story-{i:05d}.yaml").write_text(
            _file(i, unique, rng, words, orgs, places), encoding="utf-8"
        )
    marker.touch()
    return everyone
