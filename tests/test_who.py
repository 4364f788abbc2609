"""/who finds people from the names users actually type, and says so when it cannot."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.core import Core, Reply, ReplyKind
from bot.library import LibraryStore

from .conftest import minimal, write

JOLANI = "Abu Mohammed al-Jolani"

REQUIRED = [
    "al-Jolani",
    "Jolani",
    "julani",
    "Golani",
    "al-Jawlani",
    "Abu Mohammed al-Jolani",
    "Ahmed al-Shara",
    "al-Sharaa",
    "Ahmad al-Sharaa",
    "الجولاني",
    "أحمد الشرع",
    "AL JOLANI",
    "jolanni",
]
# Spellings that are in no alias list: they are found by the normaliser and fuzzy matching.
UNLISTED = [
    "Jaulani",
    "Jowlani",
    "Golany",
    "Djolani",
    "Jolany",
    "jolanu",
    "jlani",
    "Jolani's",
    "Abu Muhammad al-Golani",
    "Abou Mohamed el-Joulani",
    "El Sharaa",
    "Ash-Sharaa",
    "Ahmed Hussein al-Sharaa",
    "ahmed al shara",
    "ابو محمد الجولاني",
    "الجولانى",
    "احمد الشرع",
    "Al-Ǧūlānī",
    "  al‑jolani  ",
    "Jolani?",
    "Mr. Jolani",
    "abu mohammed",
    "al-Dscholani",
    "Ahmed al-Chareh",
    "Ahmad al-Scharaa",
    "Abou Mohammed al-Jaoulani",
    "Jolaani",
    "Al-Jolani's",
    "Abu Mohammed",
    "Mohammed al-Jolani",
    "جولاني",
]


@pytest.mark.parametrize("name", REQUIRED + UNLISTED)
def test_who_finds_jolani(ask: Callable[[str], Reply], name: str) -> None:
    reply = ask(f"/who {name}")
    assert reply.kind is ReplyKind.ANSWER, reply
    assert reply.title == JOLANI
    assert reply.subtitle is not None and "Hayat Tahrir al-Sham" in reply.subtitle
    assert any("Dear brothers" in q.text for q in reply.quotes)
    assert [c.command for c in reply.related] == ["/brief hama-offensive-2024-12"]


def test_who_shows_other_names(ask: Callable[[str], Reply]) -> None:
    reply = ask("/who Jolani")
    aliases = reply.paragraphs[0]
    assert "Ahmed al-Shara" in aliases and "al-Jawlani" in aliases


@pytest.mark.parametrize(
    "name", ["Hatem Al Falahi", "Falahi", "al-Falahi", "Hatem", "حاتم الفلاحي"]
)
def test_who_finds_the_expert(ask: Callable[[str], Reply], name: str) -> None:
    reply = ask(f"/who {name}")
    assert reply.title == "Hatem Al Falahi"
    assert len(reply.quotes) == 2
    assert all(q.context == "in an interview with Al Jazeera" for q in reply.quotes)


@pytest.mark.parametrize("name", ["Zelensky", "Volodymyr Zelensky", "Putin", "Xi Jinping", "Biden"])
def test_who_unknown_person_is_not_jolani(ask: Callable[[str], Reply], name: str) -> None:
    reply = ask(f"/who {name}")
    assert reply.kind is ReplyKind.NOT_FOUND
    assert reply.title != JOLANI
    assert all("jolani" not in c.command for c in reply.choices)
    assert name in reply.paragraphs[0]


@pytest.mark.parametrize("fragment", ["Jol", "Abu Moh"])
def test_a_name_cut_short_is_offered_not_answered(
    ask: Callable[[str], Reply], fragment: str
) -> None:
    reply = ask(f"/who {fragment}")
    assert reply.kind is ReplyKind.NOT_FOUND
    assert reply.choices and reply.choices_title == "Did you mean"
    assert "jolani" in reply.choices[0].command


def test_exact_alias_wins_and_the_namesake_is_offered(ask: Callable[[str], Reply]) -> None:
    reply = ask("/who Assad")
    assert reply.title == "Bashar al-Assad"
    assert [c.command for c in reply.choices] == ["/who hafez-al-assad"]


def test_who_by_id_from_a_choice(ask: Callable[[str], Reply]) -> None:
    assert ask("/who hafez-al-assad").title == "Hafez al-Assad"


def test_who_an_organisation_answers_with_it(ask: Callable[[str], Reply]) -> None:
    reply = ask("/who HTS")
    assert reply.title == "Hayat Tahrir al-Sham"
    assert "organisation" in reply.paragraphs[0]


def _core_over(directory: Path) -> Core:
    store = LibraryStore(directory)
    store.load()
    assert store.problems == ()
    return Core(lambda: store.library)


def test_ambiguous_name_offers_a_choice(tmp_path: Path) -> None:
    people = (
        "\n  - id: ali-hassan\n    name: Ali Hassan\n    role: Mayor"
        "\n  - id: ali-hussein\n    name: Ali Hussein\n    role: Judge"
    )
    write(tmp_path, "a.yaml", minimal("story-a", people=people))
    core = _core_over(tmp_path)
    reply = asyncio.run(core.handle("/who Ali"))
    assert reply.kind is ReplyKind.CHOOSE
    assert sorted(c.command for c in reply.choices) == ["/who ali-hassan", "/who ali-hussein"]
    picked = asyncio.run(core.handle(reply.choices[0].command))
    assert picked.kind is ReplyKind.ANSWER


def test_near_miss_suggests_without_answering(tmp_path: Path) -> None:
    people = "\n  - id: volodymyr-zelensky\n    name: Volodymyr Zelensky\n    aliases: [Zelenskyy]"
    write(tmp_path, "z.yaml", minimal("story-z", people=people))
    core = _core_over(tmp_path)
    assert asyncio.run(core.handle("/who Зеленский")).title == "Volodymyr Zelensky"
    assert asyncio.run(core.handle("/who zelenski")).title == "Volodymyr Zelensky"
    far = asyncio.run(core.handle("/who Zelmanov"))
    assert far.kind is ReplyKind.NOT_FOUND


# People listed under one name only: every other spelling must come from the rules.
BARE_PEOPLE = {
    "muammar-gaddafi": (
        "Muammar Gaddafi",
        ["Qaddafi", "Kadhafi", "Khadafy", "Moammar Gadafy", "القذافي", "Gaddafi Muammar"],
    ),
    "volodymyr-zelensky": ("Volodymyr Zelensky", ["Selenskyj", "Zelenskiy", "Зеленський"]),
    "hassan-nasrallah": ("Hassan Nasrallah", ["Nasr Allah", "نصر الله", "Hasan Nasrullah"]),
    "abu-bakr-al-baghdadi": ("Abu Bakr al-Baghdadi", ["al-Bagdadi", "البغدادي", "Abubakr"]),
}


@pytest.mark.parametrize(
    ("key", "query"), [(k, q) for k, (_, qs) in BARE_PEOPLE.items() for q in qs]
)
def test_who_finds_people_listed_without_aliases(tmp_path: Path, key: str, query: str) -> None:
    people = "".join(f"\n  - id: {k}\n    name: {name}" for k, (name, _) in BARE_PEOPLE.items())
    write(tmp_path, "bare.yaml", minimal("story-bare", people=people))
    reply = asyncio.run(_core_over(tmp_path).handle(f"/who {query}"))
    assert reply.kind is ReplyKind.ANSWER, (query, reply.kind, reply.title)
    assert reply.title == BARE_PEOPLE[key][0]


def test_people_are_joined_across_briefings(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.yaml",
        minimal(
            "story-a",
            date="2025-01-01",
            people=(
                "\n  - id: jane-doe\n    name: Jane Doe\n    aliases: [J. Doe]\n    role: Minister"
            ),
        ),
    )
    write(
        tmp_path,
        "b.yaml",
        minimal(
            "story-b",
            date="2025-03-01",
            people=(
                "\n  - id: jane-doe\n    name: Jane Doe"
                "\n    aliases: [Janet Doe]\n    role: President"
            ),
            quotes="\n  - text: We will win.\n    speaker: jane-doe\n    source: s1",
        ),
    )
    core = _core_over(tmp_path)
    reply = asyncio.run(core.handle("/who Janet Doe"))
    assert reply.title == "Jane Doe"
    assert reply.subtitle == "President"  # the role as of the newest briefing
    assert "J. Doe" in reply.paragraphs[0] and "Janet Doe" in reply.paragraphs[0]
    assert [c.command for c in reply.related] == ["/brief story-b", "/brief story-a"]
    assert [q.text for q in reply.quotes] == ["We will win."]
