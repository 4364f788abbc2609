"""The Discord renderer: every page within Discord's embed limits, whatever the reply."""

from __future__ import annotations

from hypothesis import given, settings

from bot.adapters.discord import LIMITS, render
from bot.core import Choice, FactLine, QuoteLine, Reply

from .strategies import replies


def _check(embed: dict[str, object]) -> None:
    title = str(embed.get("title", ""))
    description = str(embed.get("description", ""))
    fields = embed.get("fields", [])
    assert isinstance(fields, list)
    footer = embed.get("footer", {})
    assert isinstance(footer, dict)
    assert len(title) <= LIMITS.title and len(description) <= LIMITS.description
    assert len(fields) <= LIMITS.fields
    for field in fields:
        assert field["name"].strip() and len(field["name"]) <= LIMITS.field_name
        assert field["value"].strip() and len(field["value"]) <= LIMITS.field_value
    assert len(footer.get("text", "")) <= LIMITS.footer
    total = (
        len(title)
        + len(description)
        + len(footer.get("text", ""))
        + sum(len(f["name"]) + len(f["value"]) for f in fields)
    )
    assert total <= LIMITS.total
    assert title.strip() or description.strip() or fields


@settings(max_examples=200, deadline=None)
@given(replies)
def test_any_reply_fits_discord(reply: Reply) -> None:
    pages = render(reply)
    assert pages
    for page in pages:
        _check(page.embed.to_dict())  # type: ignore[arg-type]


def test_markdown_and_long_words_are_kept_readable() -> None:
    reply = Reply(
        title="T",
        facts=(FactLine("**bold** and _it_ " + "x" * 3000, 1),),
        quotes=(QuoteLine("Hi `there`", "A *speaker*"),),
    )
    [page, *rest] = render(reply)
    fields = page.embed.to_dict()["fields"]
    assert fields[0]["value"].startswith("• \\*\\*bold\\*\\* and \\_it\\_")
    assert any("…" in f["value"] for p in [page, *rest] for f in p.embed.to_dict()["fields"])
    quote = [
        f
        for p in [page, *rest]
        for f in p.embed.to_dict()["fields"]
        if f["value"].startswith("“Hi")
    ]
    assert quote and quote[0]["name"] == "A \\*speaker\\*"


def test_choices_are_under_every_page() -> None:
    reply = Reply(
        facts=tuple(FactLine("word " * 150) for _ in range(40)), choices=(Choice("A", "/who a"),)
    )
    pages = render(reply)
    assert len(pages) > 1 and all(p.buttons == [(Choice("A", "/who a"), False)] for p in pages)
