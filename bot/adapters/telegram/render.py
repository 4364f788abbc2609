"""A `Reply` as Telegram messages: HTML parse mode, every piece of text escaped, at most 4096
characters each, split between blocks, facts or quotes and never inside a tag or an entity.

Pure functions: no telegram import, so the rules are easy to test on their own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ...core import Choice, Reply, ReplyKind
from ...core.paging import pack, split_text
from ...core.text import format_date, shorten

__all__ = ["MESSAGE_LIMIT", "TelegramMessage", "render"]

MESSAGE_LIMIT = 4096
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class TelegramMessage:
    """One message to send: HTML text, and the buttons under it (`edit`: replace this message
    when pressed, used for choosing between matches)."""

    html: str
    buttons: tuple[tuple[Choice, bool], ...] = ()


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def _escaped_len(text: str) -> int:
    return _units(_escape(text))


def _wrapped(text: str, before: str, after: str) -> list[str]:
    """`text` escaped between tags, in as many copies as it takes to stay under the limit."""
    room = MESSAGE_LIMIT - len(before) - len(after)
    return [
        before + _escape(piece) + after for piece in split_text(_one_line(text), room, _escaped_len)
    ]


def _header(reply: Reply) -> list[str]:
    lines = []
    if reply.title:
        lines += _wrapped(reply.title, "<b>", "</b>")
    if reply.subtitle:
        lines += _wrapped(reply.subtitle, "<i>", "</i>")
    return ["\n".join(lines)] if lines else []


def _ref(source: int | None) -> str:
    return f" [{source}]" if source else ""


def _section(title: str, lines: Iterable[str]) -> str:
    return "\n".join([f"<b>{_escape(title)}</b>", *lines])


def _facts(reply: Reply) -> list[str]:
    if not reply.facts:
        return []
    lines = []
    for fact in reply.facts:
        lines += _wrapped(f"{fact.text}{_ref(fact.source)}", "• ", "")
    return [_section("Key facts", lines)]


def _quotes(reply: Reply) -> list[str]:
    blocks = []
    for quote in reply.quotes:
        said = f"— {quote.speaker}" + (f", {quote.context}" if quote.context else "")
        if quote.briefing:
            said += f" (in: {quote.briefing})"
        said_html = "".join(_wrapped(said + _ref(quote.source), "<i>", "</i>"))
        blocks.append(
            "\n".join([*_wrapped(quote.text, "<blockquote>", "</blockquote>"), said_html])
        )
    if blocks:
        blocks[0] = f"<b>Quotes</b>\n{blocks[0]}"
    return blocks


def _sources(reply: Reply) -> list[str]:
    if not reply.sources:
        return []
    lines = []
    for n, source in enumerate(reply.sources, 1):
        title = _escape(shorten(_one_line(source.title), 300))
        if source.url and len(source.url) <= 2000:
            title = f'<a href="{html.escape(source.url, quote=True)}">{title}</a>'
        extra = [shorten(_one_line(p), 300) for p in (source.publisher,) if p]
        if source.published is not None:
            extra.append(format_date(source.published))
        lines.append(f"[{n}] {title}" + "".join(f", {_escape(e)}" for e in extra))
    return [_section("Sources", lines)]


def _prompt(reply: Reply) -> list[str]:
    titles = [
        t
        for t, items in ((reply.choices_title, reply.choices), (reply.related_title, reply.related))
        if t and items
    ]
    return [_escape(" · ".join(f"{t}:" for t in titles))] if titles else []


def render(reply: Reply) -> list[TelegramMessage]:
    """The messages for `reply`, in order; buttons go under the last one."""
    blocks = [
        *_header(reply),
        *(piece for p in reply.paragraphs for piece in _wrapped_paragraph(p)),
        *_facts(reply),
        *_quotes(reply),
        *_sources(reply),
        *_prompt(reply),
    ]
    blocks = [b for b in blocks if b.strip()]
    texts = [piece for text in pack(blocks, MESSAGE_LIMIT, _units) for piece in _split_block(text)]
    if not texts:
        texts = ["…"]
    edit = reply.kind is ReplyKind.CHOOSE
    buttons = tuple((c, edit) for c in reply.choices) + tuple((c, False) for c in reply.related)
    return [TelegramMessage(t) for t in texts[:-1]] + [TelegramMessage(texts[-1], buttons)]


def _wrapped_paragraph(text: str) -> list[str]:
    return [_escape(piece) for piece in split_text(text.strip(), MESSAGE_LIMIT, _escaped_len)]


def _split_block(text: str) -> list[str]:
    """A packed block over the limit is cut between its lines, each of which is whole HTML."""
    if _units(text) <= MESSAGE_LIMIT:
        return [text]
    return pack(text.split("\n"), MESSAGE_LIMIT, _units, "\n")
