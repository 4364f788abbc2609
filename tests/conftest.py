"""Shared fixtures: the shipped briefings, a scratch briefings directory, a core over either."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.core import Core, Reply
from bot.library import Library, LibraryStore

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "briefings"
HAMA = SHIPPED / "hama-offensive-2024-12.yaml"


@pytest.fixture(scope="session")
def library() -> Library:
    store = LibraryStore(SHIPPED)
    library = store.load()
    assert store.problems == ()
    return library


@pytest.fixture(scope="session")
def core(library: Library) -> Core:
    return Core(lambda: library)


@pytest.fixture
def ask(core: Core) -> Callable[[str], Reply]:
    """Answer one line synchronously through the real core (its own event loop)."""
    import asyncio

    def run(line: str) -> Reply:
        return asyncio.run(core.handle(line))

    return run


@pytest.fixture
def briefings_dir(tmp_path: Path) -> Path:
    """A scratch copy of the shipped briefings."""
    target = tmp_path / "briefings"
    shutil.copytree(SHIPPED, target)
    return target


def minimal(briefing_id: str, **extra: str) -> str:
    """A small valid briefing file's text; `extra` lines replace or add top-level fields."""
    fields = {
        "id": briefing_id,
        "title": f"Story {briefing_id}",
        "date": "2025-01-10",
        "summary": "A short summary.",
        "key_facts": "\n  - text: Something happened.\n    source: s1",
        "people": "\n  - id: jane-doe\n    name: Jane Doe\n    aliases: [J. Doe]",
        "sources": "\n  - id: s1\n    title: A report\n    url: https://example.org/r",
    }
    fields.update(extra)
    return "".join(f"{key}: {value}\n" for key, value in fields.items())


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


async def eventually(condition: Callable[[], bool]) -> None:
    """Wait until `condition()` holds, failing the test after ten seconds."""
    import asyncio

    async with asyncio.timeout(10):
        while not condition():  # noqa: ASYNC110 - polling state another task changes
            await asyncio.sleep(0.05)
