"""Every command of the core, through `Core.handle`, on the shipped briefing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.core import COMMANDS, Core, Reply, ReplyKind, parse
from bot.library import Library, LibraryStore

from .conftest import minimal, write

HAMA_TITLE = "Rebels take Hama one week into their offensive"


def test_parse_command_forms() -> None:
    assert parse("/who@BriefBot al-Jolani").name == "who"
    assert parse("/who@BriefBot al-Jolani").bot == "BriefBot"
    assert parse("/WHO  al-Jolani ").args == "al-Jolani "
    assert parse("/brief").args == ""
    assert parse("hello there").name is None
    assert not parse("/<b>").valid_name


def test_start_greets_and_lists_commands(ask: Callable[[str], Reply]) -> None:
    reply = ask("/start")
    assert "1 briefing" in reply.paragraphs[0]
    public = [c for c in COMMANDS if c.public]
    assert all(any(p.startswith(f"/{c.name}") for p in reply.paragraphs) for c in public)
    assert not any(p.startswith("/reload") for p in reply.paragraphs)


@pytest.mark.parametrize(
    ("payload", "title"),
    [("who-hatem-al-falahi", "Hatem Al Falahi"), ("brief-hama-offensive-2024-12", HAMA_TITLE)],
)
def test_start_deep_link_opens_the_answer(
    ask: Callable[[str], Reply], payload: str, title: str
) -> None:
    assert ask(f"/start {payload}").title == title


def test_help_lists_every_public_command(ask: Callable[[str], Reply]) -> None:
    text = "\n".join(ask("/help").paragraphs)
    for spec in COMMANDS:
        assert (f"/{spec.name}" in text) == spec.public


@pytest.mark.parametrize(
    "line",
    [
        "/brief",
        "/brief hama",
        "/brief Hamah",
        "/brief حماة",
        "/brief hama-offensive-2024-12",
        "/brief syria",
        "/brief jolani",
        "/brief Muslim Brotherhood",
        "/brief HTS",
        "/brief rebels offensive",
        "/brief Daraa",
    ],
)
def test_brief_finds_the_hama_briefing(ask: Callable[[str], Reply], line: str) -> None:
    reply = ask(line)
    assert reply.kind is ReplyKind.ANSWER
    assert reply.title == HAMA_TITLE
    assert reply.subtitle == "5 December 2024 · syria, hts, hama, civil war"
    assert len(reply.facts) == 14 and all(f.source == 1 for f in reply.facts)
    assert len(reply.quotes) == 7
    assert reply.sources[0].title.startswith("Syrian Rebels Make Gains in Hama")
    assert "/who abu-mohammed-al-jolani" in [c.command for c in reply.related]


def test_brief_quote_speakers(ask: Callable[[str], Reply]) -> None:
    speakers = [q.speaker for q in ask("/brief hama").quotes]
    assert speakers.count("Abu Mohammed al-Jolani") == 1
    assert speakers.count("Hatem Al Falahi") == 2
    assert sum("refugee" in s for s in speakers) == 2


def test_brief_unknown_topic(ask: Callable[[str], Reply]) -> None:
    reply = ask("/brief volcano eruption iceland")
    assert reply.kind is ReplyKind.NOT_FOUND
    assert "volcano eruption iceland" in reply.paragraphs[0]
    assert [c.command for c in reply.related] == ["/brief hama-offensive-2024-12"]


def test_quotes_of_a_person_and_of_a_topic(ask: Callable[[str], Reply]) -> None:
    falahi = ask("/quotes Falahi")
    assert falahi.title == "Quotes: Hatem Al Falahi"
    assert [q.text[:12] for q in falahi.quotes] == ["The distance", "Government f"]
    topic = ask("/quotes hama")
    assert len(topic.quotes) == 7
    assert ask("/quotes Bashar al-Assad").paragraphs == (
        "The briefings quote no words of Bashar al-Assad.",
    )


def test_facts_each_with_its_source(ask: Callable[[str], Reply]) -> None:
    reply = ask("/facts hama")
    assert reply.title == f"Key facts: {HAMA_TITLE}"
    assert len(reply.facts) == 14
    assert len(reply.sources) == 1
    assert any("20,000" in f.text for f in reply.facts)


def test_sources(ask: Callable[[str], Reply]) -> None:
    reply = ask("/sources aleppo")
    assert reply.title == f"Sources: {HAMA_TITLE}"
    assert reply.sources[0].published is not None


def test_search_finds_briefings_and_people(ask: Callable[[str], Reply]) -> None:
    reply = ask("/search blankets refugee")
    assert [c.command for c in reply.choices] == ["/brief hama-offensive-2024-12"]
    people = ask("/search jolani")
    assert [c.command for c in people.related] == ["/who abu-mohammed-al-jolani"]


def test_plain_text_is_searched(ask: Callable[[str], Reply]) -> None:
    assert ask("hezbollah lebanon").choices[0].command == "/brief hama-offensive-2024-12"


def test_newest_briefing_first_and_others_offered(tmp_path: Path) -> None:
    write(tmp_path, "old.yaml", minimal("old-story", date="2024-01-01"))
    write(tmp_path, "new.yaml", minimal("new-story", date="2025-06-01"))
    store = LibraryStore(tmp_path)
    store.load()
    core = Core(lambda: store.library)
    reply = asyncio.run(core.handle("/brief"))
    assert reply.title == "Story new-story"
    assert [c.command for c in reply.choices] == ["/brief old-story"]


def test_no_briefings_at_all() -> None:
    core = Core(lambda: Library(()))
    for line in ["/brief", "/brief hama", "/facts", "/sources x", "/quotes x", "/who x"]:
        reply = asyncio.run(core.handle(line))
        assert reply.kind in (ReplyKind.NOT_FOUND, ReplyKind.PROBLEM), line


def test_command_descriptions_fit_the_platforms() -> None:
    for spec in COMMANDS:
        assert 1 <= len(spec.name) <= 32 and spec.name.islower()
        assert 1 <= len(spec.description) <= 100


def test_a_bug_becomes_an_apology_and_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> Library:
        raise RuntimeError("boom")

    reply = asyncio.run(Core(broken).handle("/brief hama"))
    assert reply.kind is ReplyKind.PROBLEM
    assert reply.title == "Sorry, something went wrong"
    assert "boom" not in repr(reply)
    assert "command brief failed" in caplog.text and "RuntimeError: boom" in caplog.text


def test_brief_prefers_the_briefing_whose_words_match_too(tmp_path: Path) -> None:
    place = "\n  - id: ukraine\n    name: Ukraine"
    write(tmp_path, "a.yaml", minimal("passing-mention", date="2025-05-01", places=place))
    write(
        tmp_path,
        "b.yaml",
        minimal("about-ukraine", date="2025-01-01", places=place, title="Talks on Ukraine stall"),
    )
    store = LibraryStore(tmp_path)
    store.load()
    reply = asyncio.run(Core(lambda: store.library).handle("/brief ukraine"))
    assert reply.title == "Talks on Ukraine stall"
    assert [c.command for c in reply.choices] == ["/brief passing-mention"]
