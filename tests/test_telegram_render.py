"""The Telegram renderer: valid Telegram HTML, within 4096 characters, split at boundaries."""

from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser

from hypothesis import given, settings

from bot.adapters.telegram import MESSAGE_LIMIT, render
from bot.adapters.telegram.app import CALLBACK_LIMIT
from bot.core import Choice, FactLine, QuoteLine, Reply, ReplyKind, SourceLine
from bot.core.actions import ActionCodec

from .strategies import replies

ALLOWED = {"b", "i", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler"}
_BARE_AMP = re.compile(r"&(?!(?:amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);)")


class _TelegramHTML(HTMLParser):
    """Fails on anything Telegram's HTML parse mode would reject."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ALLOWED, tag
        assert all(name == "href" for name, _ in attrs) and (tag == "a") == bool(attrs), attrs
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, tag

    def handle_entityref(self, name: str) -> None:
        assert name in {"amp", "lt", "gt", "quot"}, name


def assert_valid(text: str) -> None:
    assert 1 <= len(text.encode("utf-16-le")) // 2 <= MESSAGE_LIMIT, len(text)
    visible = html.unescape(re.sub(r"<[^>]*>", "", text))
    assert visible.strip(), "Telegram rejects a message with no visible text"
    assert not _BARE_AMP.search(text)
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    assert parser.stack == [], parser.stack


def test_hostile_text_is_escaped() -> None:
    reply = Reply(
        title="<b>x</b> & co",
        paragraphs=("<script>alert(1)</script> & <i>",),
        quotes=(QuoteLine("a < b", "M&M's", "<ctx>"),),
    )
    [message] = render(reply)
    assert_valid(message.html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;i&gt;" in message.html
    assert message.html.startswith("<b>&lt;b&gt;x&lt;/b&gt; &amp; co</b>")


def test_quotes_in_blockquotes_and_sources_linked() -> None:
    reply = Reply(
        quotes=(QuoteLine("Hello.", "Ann", "on TV", 1),),
        sources=(SourceLine("Report", "Pub", "https://x.org/?a=1&b=2", date(2024, 12, 5)),),
    )
    [message] = render(reply)
    assert "<blockquote>Hello.</blockquote>\n<i>— Ann, on TV [1]</i>" in message.html
    assert (
        '[1] <a href="https://x.org/?a=1&amp;b=2">Report</a>, Pub, 5 December 2024' in message.html
    )


def test_long_reply_splits_in_order_between_facts() -> None:
    facts = tuple(FactLine(f"Fact number {n} " + "word " * 40, 1) for n in range(120))
    messages = render(Reply(title="Long", facts=facts, choices=(Choice("Next", "/brief x"),)))
    assert len(messages) > 1
    text = "\n".join(m.html for m in messages)
    positions = [text.index(f"Fact number {n} ") for n in range(120)]
    assert positions == sorted(positions)
    for m in messages:
        assert_valid(m.html)
        assert all(line.startswith(("• ", "<b>")) for line in m.html.split("\n") if line)
    assert messages[-1].buttons and not any(m.buttons for m in messages[:-1])


def test_emoji_count_as_telegram_counts_them() -> None:
    for m in render(Reply(paragraphs=("🔥" * 5000,))):
        assert_valid(m.html)


def test_one_huge_quote_is_cut_into_whole_blockquotes() -> None:
    quote = QuoteLine("Sentence & more. " * 1000, "Ann")
    messages = render(Reply(quotes=(quote,)))
    assert len(messages) >= 4
    for m in messages:
        assert_valid(m.html)


def test_choices_edit_and_related_send() -> None:
    reply = Reply(
        choices=(Choice("A", "/who a"),),
        related=(Choice("B", "/brief b"),),
        choices_title="Choose one",
        kind=ReplyKind.CHOOSE,
    )
    [message] = render(reply)
    assert [(c.command, edit) for c, edit in message.buttons] == [
        ("/who a", True),
        ("/brief b", False),
    ]


def test_callback_data_fits_64_bytes_for_any_id() -> None:
    codec = ActionCodec(CALLBACK_LIMIT)
    for command in [
        "e/who x",
        "s/who " + "a" * 58,
        "e/who " + "é" * 40,
        "s/who " + "x" * 120,
        "#looks-like-a-digest",
    ]:
        data = codec.encode(command)
        assert len(data.encode()) <= CALLBACK_LIMIT
        assert codec.decode(data) == command
    assert ActionCodec(CALLBACK_LIMIT).decode(codec.encode("s/who " + "x" * 120)) is None


@settings(max_examples=200, deadline=None)
@given(replies)
def test_any_reply_renders_to_valid_messages(reply: Reply) -> None:
    messages = render(reply)
    assert messages
    for message in messages:
        assert_valid(message.html)
