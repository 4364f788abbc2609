"""Loading briefing files: validation with FILE:LINE: field messages, cross-file rules,
last-good versions, and reloading when files change on disk."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.library import LibraryStore, load_file

from .conftest import HAMA, eventually, minimal, write


def test_shipped_briefing_is_complete(library) -> None:  # type: ignore[no-untyped-def]
    b = library.by_id["hama-offensive-2024-12"]
    facts = " ".join(f.text for f in b.key_facts)
    for needle in [
        "fourth-largest",
        "one week",
        "100 kilometres",
        "20,000",
        "Muslim Brotherhood",
        "Homs and Daraa",
        "Kurdish-dominated",
        "Ukraine",
        "Hezbollah",
        "Lebanon",
        "pro-Iranian militias in Iraq",
        "cautioned Iraq",
        "Ahmed al-Shara",
    ]:
        assert needle in facts, needle
    speakers = [(q.speaker, q.speaker_description) for q in b.quotes]
    assert speakers.count(("abu-mohammed-al-jolani", None)) == 1
    assert speakers.count(("hatem-al-falahi", None)) == 2
    assert sum(1 for s, d in speakers if s is None and d and "refugee" in d) == 2
    assert sum(1 for s, d in speakers if s is None and d and "fighters" in d) == 2
    assert {o.id for o in b.organizations} >= {"hts", "muslim-brotherhood", "hezbollah"}
    assert {p.id for p in b.places} >= {"hama", "aleppo", "homs", "daraa", "damascus"}


def test_problem_names_file_line_and_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.yaml",
        """\
        id: bad-one
        title: A story
        date: 2025-02-30
        summary: Something.
        quotes:
          - text: Hello.
            speaker: nobody
            source: s1
          - text: Unattributed.
            source: s9
        sources:
          - id: s1
            title: A report
            url: ftp://example.org
        """,
    )
    result = load_file(path)
    assert result.briefing is None
    shown = [str(p) for p in result.problems]
    assert any(
        ":3: date: input should be a valid date or datetime, day value is outside "
        "expected range, got '2025-02-30'" in s
        for s in shown
    ), shown
    assert any(":14: sources[0].url: should be a web address" in s for s in shown), shown
    assert all(
        s.startswith(str(path)) or s.startswith("bad.yaml") or "bad.yaml:" in s for s in shown
    )


def test_reference_problems_point_at_their_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "refs.yaml",
        minimal(
            "refs",
            quotes="\n  - text: Hello.\n    speaker: nobody\n    source: s1"
            "\n  - text: Unattributed.\n    source: s9",
        ),
    )
    shown = [str(p) for p in load_file(path).problems]
    text = path.read_text().splitlines()
    nobody = text.index("    speaker: nobody") + 1
    s9 = text.index("    source: s9") + 1
    assert (
        f"refs.yaml:{nobody}: quotes[0].speaker: no person 'nobody' in this file's people"
        in "\n".join(shown)
    )
    assert any(f":{s9}: quotes[1].source: no source 's9'" in s for s in shown), shown
    assert any("quotes[1]: a quote needs a speaker or a speaker_description" in s for s in shown)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "id: x\ntitle: [unclosed\n",
            ":3: (file): is not valid YAML: did not find expected ',' or ']' "
            "(in the flow sequence that starts on line 2)",
        ),
        ("", ":1: (file): is empty"),
        ("- a\n- b\n", ":1: (file): is a list, not a mapping of fields"),
        (minimal("Bad Id"), ":1: id: should be a lowercase slug"),
        (minimal("ok").replace("summary: A short summary.\n", ""), ": summary: is required"),
        (minimal("ok", title="42"), ":2: title: input should be a valid string, got 42"),
        (
            "id: x\ntitle: T\n\tdate: 2024-01-01\n",
            ":3: (file): is not valid YAML: found a tab character that violates indentation "
            "(in the plain scalar that starts on line 2)",
        ),
        (
            minimal("ok") + "title: Again\n",
            ":16: title: is given twice; keep one of them",
        ),
        (
            minimal("ok", people="\n  - id: jane-doe\n    name: Jane Doe\n    aliasses: [J]"),
            ":11: people[0].aliasses: is not a field of the briefing format; did you mean "
            "'aliases'?",
        ),
        (
            minimal("ok").replace("key_facts:", "key_fact:"),
            ":5: key_fact: is not a field of the briefing format; did you mean 'key_facts'?",
        ),
    ],
)
def test_malformed_files(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    problems = load_file(path).problems
    assert any(expected in str(p) for p in problems), [str(p) for p in problems]


def test_fields_of_the_editors_own_are_welcome(tmp_path: Path) -> None:
    """The format lets editors add fields; only near misses of its own are refused."""
    extra = minimal("ok", region="Levant", notes="checked twice", editor="R. Haddad")
    path = write(tmp_path, "f.yaml", extra + "review_status: done\n")
    loaded = load_file(path)
    assert loaded.problems == () and loaded.briefing is not None


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: caf\xe9\n".encode("latin-1"))
    assert ": (file): is not UTF-8 text" in str(load_file(path).problems[0])


def test_bad_file_is_skipped_and_good_ones_served(briefings_dir: Path) -> None:
    write(briefings_dir, "broken.yaml", "id: broken\ntitle: a: b\n")
    store = LibraryStore(briefings_dir)
    library = store.load()
    assert list(library.by_id) == ["hama-offensive-2024-12"]
    assert len(store.problems) == 1 and "broken.yaml:2:" in str(store.problems[0])


def test_duplicate_briefing_id_across_files(briefings_dir: Path) -> None:
    write(briefings_dir, "zz-copy.yaml", HAMA.read_text(encoding="utf-8"))
    store = LibraryStore(briefings_dir)
    library = store.load()
    assert len(library) == 1
    [problem] = store.problems
    assert "zz-copy.yaml:2: id: the briefing id 'hama-offensive-2024-12' is already used by" in str(
        problem
    )


def test_person_name_must_agree_across_files(briefings_dir: Path) -> None:
    people = "\n  - id: hatem-al-falahi\n    name: Hatem Falahi"
    path = write(briefings_dir, "other.yaml", minimal("other", people=people))
    store = LibraryStore(briefings_dir)
    library = store.load()
    assert "other" not in library.by_id
    line = path.read_text().splitlines().index("    name: Hatem Falahi") + 1
    assert (
        f"other.yaml:{line}: people[0].name: 'Hatem Falahi' differs from 'Hatem Al Falahi'"
        in str(store.problems[0])
    )


def test_a_file_that_turns_bad_keeps_its_last_good_version(briefings_dir: Path) -> None:
    path = write(briefings_dir, "extra.yaml", minimal("extra", title="First title"))
    store = LibraryStore(briefings_dir)
    assert store.load().by_id["extra"].title == "First title"
    path.write_text(minimal("extra", title="Second title"), encoding="utf-8")
    assert store.refresh([path]).by_id["extra"].title == "Second title"
    path.write_text(minimal("extra", date="not a date"), encoding="utf-8")
    library = store.refresh([path])
    assert library.by_id["extra"].title == "Second title"
    assert any("extra.yaml:3: date:" in str(p) for p in store.problems)
    path.unlink()
    assert "extra" not in store.refresh([path]).by_id
    assert store.problems == ()


def test_a_clashing_edit_falls_back_to_the_last_accepted_version(briefings_dir: Path) -> None:
    path = write(briefings_dir, "extra.yaml", minimal("extra"))
    store = LibraryStore(briefings_dir)
    store.load()
    path.write_text(minimal("hama-offensive-2024-12"), encoding="utf-8")  # steals the id
    library = store.refresh([path])
    assert set(library.by_id) == {"extra", "hama-offensive-2024-12"}
    assert library.by_id["hama-offensive-2024-12"].title.startswith("Rebels take Hama")


async def test_watch_reloads_changed_files(briefings_dir: Path) -> None:
    store = LibraryStore(briefings_dir)
    store.load()
    stop = asyncio.Event()
    watcher = asyncio.create_task(store.watch(stop))
    try:
        await asyncio.sleep(0.3)  # let the watcher start
        write(briefings_dir, "new.yaml", minimal("new-story"))
        await eventually(lambda: "new-story" in store.library.by_id)
        (briefings_dir / "new.yaml").write_text("id: [broken", encoding="utf-8")
        await eventually(lambda: bool(store.problems))
        assert "new-story" in store.library.by_id  # its last good version
        (briefings_dir / "new.yaml").unlink()
        await eventually(lambda: "new-story" not in store.library.by_id)
    finally:
        stop.set()
        await watcher


def test_missing_directory_serves_nothing(tmp_path: Path) -> None:
    store = LibraryStore(tmp_path / "nowhere")
    assert len(store.load()) == 0


def test_a_briefing_needs_a_source(tmp_path: Path) -> None:
    text = minimal("no-sources", key_facts="[]").replace(
        "sources: \n  - id: s1\n    title: A report\n    url: https://example.org/r\n", ""
    )
    path = write(tmp_path, "n.yaml", text)
    assert [p.field for p in load_file(path).problems] == ["sources"]
