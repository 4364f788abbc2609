"""Drafting a briefing from an article: quotes and speakers, people and aliases, the draft
file and `briefbot draft`. (The evaluation over annotated articles is bench/drafting_eval.py.)"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.drafting.article import Article, read_article
from bot.drafting.draft import HEADER, build_draft
from bot.drafting.entities import find_entities
from bot.drafting.people import find_people, person_for
from bot.drafting.quotes import extract_quotes
from bot.library import LibraryStore, load_file

from .conftest import ROOT, SHIPPED
from .test_cli import run

HAMA = ROOT / "tests" / "data" / "articles" / "hama-offensive.txt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will hold the line," said Maria Lopez, the mayor.', ("Maria Lopez", None)),
        ("Maria Lopez said: “We will hold the line until help comes.”", ("Maria Lopez", None)),
        (
            "Omar Haddad, a former general, told Al Jazeera: “The army has no reserves left.”",
            ("Omar Haddad", None),
        ),
        (
            "“It is a disaster for everyone here,” a local doctor told Reuters.",
            (None, "a local doctor"),
        ),
        ('"The talks are over," the minister Sergei Ivanov said.', ("Sergei Ivanov", None)),
        (
            "A senior UN official, speaking on condition of anonymity, said: “Both sides must "
            "move now.”",
            (None, "A senior UN official"),
        ),
        ('"We are ready to talk to anyone," EU envoy Ana Kova said.', ("Ana Kova", None)),
        ('"We lost the whole harvest," Ali Haidar, 45, said.', ("Ali Haidar", None)),
        (
            '"We have to act now," Dr. Anne Weber, a virologist at the clinic, told AFP.',
            ("Anne Weber", None),
        ),
        (
            'Asked about the talks, Haidar replied: "Not this year, not with them."',
            ("Haidar", None),
        ),
        ('In a statement, the ministry said: "The strikes will go on."', (None, "the ministry")),
        ('The army said in a statement that "all targets were hit."', (None, "The army")),
        ("Ms Weber said the ruling was “a clear breach of the law”.", ("Weber", None)),
    ],
)
def test_speakers(text: str, expected: tuple[str | None, str | None]) -> None:
    [quote] = extract_quotes(text)
    assert (quote.speaker, quote.description) == expected


def test_pronoun_and_split_quotes_follow_the_last_speaker() -> None:
    text = (
        "“This is the end of an era,” said Maria Gonzalez, a historian. “We will not see it "
        "again,” she added. “Nothing lasts forever.”"
    )
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == ["Maria Gonzalez"] * 3


def test_a_pronoun_stands_for_the_person_named_last() -> None:
    text = (
        '"We will not give up," said Ana Kova.\n\n'
        "The aid agency's director, Tomas Berg, warned that stocks were running out. "
        '"We have two weeks left," he wrote on social media.'
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Ana Kova", "Tomas Berg"]


def test_a_speaker_named_by_surname_is_the_person_named_in_full() -> None:
    text = (
        "Party spokesman Idris Farouk told reporters the vote would go ahead. "
        '"Nothing will stop it," Farouk said.\n\n'
        '"The count was fair," Lindqvist said. Election chief Britt Lindqvist, 52, '
        "signed the result."
    )
    quotes = extract_quotes(text)
    people = find_people(text, quotes)
    assert [p.name for p in people] == ["Idris Farouk", "Britt Lindqvist"]
    assert people[0].role == "Party spokesman"
    assert "Lindqvist" in people[1].aliases
    for quote, full in zip(quotes, ["Idris Farouk", "Britt Lindqvist"], strict=True):
        person = person_for(quote.speaker or "", people)
        assert person is not None and person.name == full


def test_organisations_acronyms_and_dates_are_not_people() -> None:
    text = (
        "The United Nations Security Council met on Tuesday. US officials said the UN plan "
        'was "dead". "We will keep trying," said Tomas Berg, a diplomat.'
    )
    quotes = extract_quotes(text)
    names = [p.name for p in find_people(text, quotes)]
    assert names == ["Tomas Berg"]


def test_a_quote_running_over_paragraphs_is_one_quote() -> None:
    text = (
        "Mayor Ines Ortega said: “The water came faster than anyone expected. We lost the "
        "bridge within an hour.\n\n“We will rebuild it, and we will build it higher.”\n\n"
        "The river fell on Tuesday."
    )
    [quote] = extract_quotes(text)
    assert quote.speaker == "Ines Ortega"  # the title is not part of the name
    assert quote.text.startswith("The water came") and quote.text.endswith("build it higher.")


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    text = (
        'The company called it a "major step". He starred in “The Long Night” and spoke of '
        "the “40-year-old wound”."
    )
    assert extract_quotes(text) == []


def test_people_with_civilian_names_titles_and_roles() -> None:
    text = HAMA.read_text(encoding="utf-8")
    quotes = extract_quotes(text)
    people = {p.name: p for p in find_people(text, quotes)}
    jolani = people["Abu Mohammed al-Jolani"]
    assert {"Ahmed al-Shara", "Al-Jolani"} <= set(jolani.aliases)
    assert jolani.role and "leader" in jolani.role
    assert {"President Assad", "Syrian President Assad"} <= set(people["Assad"].aliases)
    assert (
        people["Hatem Al Falahi"].role
        == "military expert; a former brigade general in the Iraqi army"
    )


def test_draft_joins_the_library_and_satisfies_the_contract(tmp_path: Path) -> None:
    store = LibraryStore(SHIPPED)
    document = build_draft(read_article(HAMA), store.load())
    ids = {p["id"] for p in document["people"]}
    assert {"abu-mohammed-al-jolani", "hatem-al-falahi", "bashar-al-assad"} <= ids
    speakers = [q.get("speaker") for q in document["quotes"]]
    assert speakers.count("hatem-al-falahi") == 2 and "abu-mohammed-al-jolani" in speakers
    assert sum(1 for q in document["quotes"] if "refugee" in q.get("speaker_description", "")) == 2
    assert any("20,000" in f["text"] for f in document["key_facts"])


def test_draft_ids_keep_the_spelling_and_facts_are_never_empty() -> None:
    text = (
        "Aid convoys were stopped at the border crossing again this morning.\n\n"
        "The agency's chief, Martin Griffiths, warned that the warehouses stood empty. "
        '"We are out of words," he wrote.\n\n'
        "Drivers said the trucks had waited at the gate through the whole night."
    )
    title = "Aid convoys stall at the border as warehouses empty and drivers wait all night long"
    document = build_draft(Article(title=title, text=text), today=date(2026, 11, 30))
    assert [p["id"] for p in document["people"]] == ["martin-griffiths"]
    assert document["quotes"][0]["speaker"] == "martin-griffiths"
    assert document["id"] == "aid-convoys-stall-at-the-border-as-warehouses-2026-11"
    facts = [f["text"] for f in document["key_facts"]]
    assert len(facts) == 3 and not any('"' in f for f in facts)
    assert facts[0].startswith("Aid convoys") and facts[-1].startswith("Drivers said")


def test_briefbot_draft_writes_a_valid_file_and_will_not_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    first = run("draft", str(HAMA), "--out", str(out), env={"BRIEFINGS_DIR": str(SHIPPED)})
    assert first.returncode == 0, first.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    assert load_file(out).problems == ()
    again = run("draft", str(HAMA), "--out", str(out), env={"BRIEFINGS_DIR": str(SHIPPED)})
    assert again.returncode == 1 and "--force" in again.stderr
    forced = run(
        "draft", str(HAMA), "--out", str(out), "--force", env={"BRIEFINGS_DIR": str(SHIPPED)}
    )
    assert forced.returncode == 0


def test_html_and_plain_text_with_a_header(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Source: https://example.org/news/1\nTitle: Talks resume in Geneva\n\n"
        "“We are ready to talk for as long as it takes,” said envoy Anna Berg on Monday.\n",
        encoding="utf-8",
    )
    (folder / "b.html").write_text(
        "<html><head><title>Port strike ends</title></head><body><article><h1>Port strike "
        "ends</h1><p>Dock workers returned on Tuesday after 12 days, ending a strike that cost "
        "the port millions of dollars a day in lost trade.</p><p>“We got what we came for and "
        "more,” said union leader Tomas Vidal after the vote on Tuesday.</p></article></body>"
        "</html>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    out.mkdir()
    result = run("draft", str(folder), "--out", str(out), env={"BRIEFINGS_DIR": str(SHIPPED)})
    assert result.returncode == 0, result.stderr
    assert "[1/2] a.txt" in result.stderr and "[2/2] b.html" in result.stderr
    a = yaml.safe_load((out / "a.yaml").read_text(encoding="utf-8"))
    assert a["title"] == "Talks resume in Geneva"
    assert a["sources"][0]["url"] == "https://example.org/news/1"
    assert a["people"][0]["name"] == "Anna Berg"
    b = yaml.safe_load((out / "b.yaml").read_text(encoding="utf-8"))
    assert b["quotes"][0]["speaker"] == "tomas-vidal"


@pytest.fixture
def article_server(tmp_path: Path) -> Iterator[str]:
    """A web server on 127.0.0.1 with one HTML article, one plain-text article, and 404s."""
    site = tmp_path / "site"
    (site / "world").mkdir(parents=True)
    (site / "world" / "port-strike.html").write_text(
        "<html><head><title>Port strike ends</title>"
        '<meta property="og:site_name" content="Harbour Herald">'
        '<meta property="article:published_time" content="2026-03-04T09:00:00Z">'
        "</head><body><article><h1>Port strike ends</h1><p>Dock workers returned on Tuesday "
        "after 12 days, ending a strike that cost the port millions of dollars a day.</p>"
        "<p>“We got what we came for and more,” said union leader Tomas Vidal after the "
        "vote.</p></article></body></html>",
        encoding="utf-8",
    )
    (site / "note.txt").write_text(
        "Title: Bridge reopens\n\n“It took far too long to fix,” said engineer Lena Okafor.\n",
        encoding="utf-8",
    )
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_briefbot_draft_fetches_an_article_by_url(article_server: str, tmp_path: Path) -> None:
    env = {"BRIEFINGS_DIR": str(SHIPPED)}
    result = run(
        "draft", f"{article_server}/world/port-strike.html", "--out", str(tmp_path), env=env
    )
    assert result.returncode == 0, result.stderr
    draft = yaml.safe_load((tmp_path / "port-strike.yaml").read_text(encoding="utf-8"))
    assert draft["title"] == "Port strike ends"
    assert draft["sources"][0]["url"] == f"{article_server}/world/port-strike.html"
    assert draft["sources"][0]["publisher"] == "Harbour Herald"
    assert str(draft["date"]) == "2026-03-04"
    assert draft["quotes"][0]["speaker"] == "tomas-vidal"

    text = run("draft", f"{article_server}/note.txt", env=env)
    assert text.returncode == 0, text.stderr
    note = yaml.safe_load(text.stdout)
    assert note["title"] == "Bridge reopens"
    assert note["sources"][0]["url"] == f"{article_server}/note.txt"
    assert note["quotes"][0]["speaker"] == "lena-okafor"


def test_briefbot_draft_explains_a_url_it_cannot_fetch(article_server: str) -> None:
    missing = run("draft", f"{article_server}/gone.html")
    assert missing.returncode == 1
    assert "cannot draft it: the server answered 404" in missing.stderr
    closed = run("draft", "http://127.0.0.1:9/story.html")  # the discard port: nothing listens
    assert closed.returncode == 1 and "cannot fetch it" in closed.stderr
    assert "Traceback" not in missing.stderr + closed.stderr


def test_organisations_and_places_the_article_makes_clear() -> None:
    text = (
        "Rebel Advance Stalls Near The Coast\n\n"
        "NAIROBI, Kenya (Reuters) — Fighters of the Sudan Liberation Movement (SLM) pushed "
        "towards Kassala and Gedaref on Sunday, the armed group Rapid Support Forces said. "
        "Residents in Syrian refugee camps and in Helsinki were not affected.\n\n"
        '"We will hold our ground," said Amal Osman, a commander, who spoke to Radio Dabanga. '
        "Osman's men came from Omdurman, the city of Khartoum's twin. Osman told Idris Kamal "
        "the road was open, according to the Associated Press."
    )
    quotes = extract_quotes(text)
    people = find_people(text, quotes)
    names = [n for p in people for n in (p.name, *p.aliases)]
    found = {(e.kind, e.name): e.aliases for e in find_entities(text, names)}
    assert found[("organization", "Sudan Liberation Movement")] == ["SLM"]
    assert ("organization", "Rapid Support Forces") in found
    assert ("organization", "Radio Dabanga") in found
    assert ("organization", "Associated Press") in found
    assert ("organization", "Idris Kamal") not in found  # told a person, not an outlet
    places = [name for kind, name in found if kind == "place"]
    assert places == ["Nairobi", "Kassala", "Gedaref", "Helsinki", "Omdurman", "Khartoum"]
    # a demonym before a noun, a person, a day and the title-case heading are no places
    assert not {"Syrian", "Osman", "Sunday", "Coast", "The Coast"} & set(places)


def test_a_draft_lists_the_organisations_and_places_the_library_knows_by_their_ids() -> None:
    document = build_draft(read_article(HAMA), LibraryStore(SHIPPED).load())
    organisations = {o["id"]: o for o in document["organizations"]}
    places = {p["id"] for p in document["places"]}
    assert {"hts", "muslim-brotherhood", "hezbollah", "al-jazeera"} <= set(organisations)
    assert {"hama", "aleppo", "homs", "daraa", "damascus", "syria", "lebanon"} <= places
    assert "HTS" in organisations["hts"]["aliases"]  # the library's forms are kept
    assert document["tags"][0] == "hama"


def test_two_names_of_one_known_person_make_one_entry() -> None:
    text = (
        '"Syria is for all Syrians," Ahmed al-Sharaa said in Damascus on Monday.\n\n'
        'Years earlier, "We will not stop," Abu Mohammed al-Jolani had told his fighters.'
    )
    document = build_draft(
        Article(title="Two names", text=text), LibraryStore(SHIPPED).load(), date(2025, 1, 1)
    )
    ids = [p["id"] for p in document["people"]]
    assert ids == ["abu-mohammed-al-jolani"]
    assert {q["speaker"] for q in document["quotes"]} == {"abu-mohammed-al-jolani"}


def test_a_person_named_in_full_then_by_surname_is_found_without_other_marks() -> None:
    text = (
        "Talks In Doha Resume\n\n"
        "Joe Lindgren met Karim Nasser in Doha. Tel Aviv and the West Bank were calm. "
        "Lindgren left after an hour; Nasser stayed. Syrian President Omar Haddad's office "
        "said Haddad would attend."
    )
    names = [p.name for p in find_people(text)]
    assert names == ["Joe Lindgren", "Karim Nasser", "Omar Haddad"]


_PIECES = st.sampled_from(
    ["Hama", "said", "told", "Al Jazeera", "“", "”", '"', "he", "the", "minister", "Ahmed",
     "al-Sharaa", "(HTS)", "Dr.", "in", ",", ".", "\n\n", "One", "refugee", "President",
     "who", "45,", "Hezbollah", "NATO", "Tuesday", ":", "Ali", "Hassan", "of", "Army"]
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES | st.text(min_size=1, max_size=8), max_size=60))
def test_any_article_text_gives_a_valid_draft_or_a_clear_refusal(pieces: list[str]) -> None:
    article = Article(title="Any text", text=" ".join(pieces))
    try:
        document = build_draft(article, _SHIPPED_LIBRARY, date(2025, 1, 1))
    except ValueError as error:
        assert not article.text.strip() and "no text" in str(error)
    else:
        assert document["summary"] and document["sources"]


_SHIPPED_LIBRARY = LibraryStore(SHIPPED).load()
