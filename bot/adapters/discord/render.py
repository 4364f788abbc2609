"""A `Reply` as Discord embeds: one embed a page, every limit respected.

A page holds a title (256), a description (4096), up to 25 fields (name 256, value 1024) and a
footer, at most 6000 characters in all. Text is cut only between blocks, lines or words (see
`core.paging`); a cut word carries `…`. Markdown in the text is escaped so that a briefing or a
query cannot change the formatting. Pure functions: embeds are plain values until sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import discord

from ...core import Choice, Reply, ReplyKind
from ...core.paging import pack, split_text
from ...core.text import format_date, shorten

__all__ = ["LIMITS", "Page", "render"]


@dataclass(frozen=True)
class _Limits:
    title: int = 256
    description: int = 4096
    fields: int = 25
    field_name: int = 256
    field_value: int = 1024
    footer: int = 2048
    total: int = 6000


LIMITS = _Limits()
_COLOUR = discord.Colour(0x2B6CB0)
_FOOTER_ROOM = 100  # "Briefing of 30 September 2024 · page 12 of 12" and then some


def _md(text: str) -> str:
    return discord.utils.escape_markdown(text)


def _md_len(text: str) -> int:
    return len(_md(text))


@dataclass
class Page:
    """One message: an embed, and the choices under it (`edit`: replace the message)."""

    embed: discord.Embed
    buttons: list[tuple[Choice, bool]] = field(default_factory=list)


def _field_values(lines: list[str], limit: int = LIMITS.field_value) -> list[str]:
    """Lines of markdown packed into field values; each line already fits."""
    return pack(lines, limit, len, "\n")


def _fitting_lines(text: str, prefix: str = "", suffix: str = "") -> list[str]:
    """`text` escaped, cut so that each piece with its prefix and suffix fits a field value."""
    room = LIMITS.field_value - len(prefix) - len(suffix)
    pieces = split_text(" ".join(text.split()), room, _md_len)
    return [prefix + _md(p) + suffix for p in pieces if p]


def _fields(reply: Reply) -> Iterator[tuple[str, str]]:
    if reply.facts:
        lines = [
            line
            for f in reply.facts
            for line in _fitting_lines(f.text, "• ", f" [{f.source}]" if f.source else "")
        ]
        for n, value in enumerate(_field_values(lines)):
            yield ("Key facts" if n == 0 else "Key facts (continued)"), value
    for q in reply.quotes:
        said = " ".join(filter(None, [q.context, f"(in: {q.briefing})" if q.briefing else None]))
        ref = f" [{q.source}]" if q.source else ""
        lines = _fitting_lines(q.text, "“", "”")
        if said:
            lines += _fitting_lines(said, "*", "*" + ref)
        elif ref:
            lines.append(ref.strip())
        name = _md(shorten(" ".join(q.speaker.split()), 120)) or "Unnamed"
        for n, value in enumerate(_field_values(lines)):
            yield (name if n == 0 else f"{name} (continued)"), value
    if reply.sources:
        lines = []
        for n, s in enumerate(reply.sources, 1):
            title = _md(shorten(" ".join(s.title.split()), 300))
            if s.url and len(s.url) <= 500 and ")" not in s.url:
                title = f"[{title}]({s.url})"
            extra = [_md(shorten(s.publisher, 200))] if s.publisher else []
            if s.published is not None:
                extra.append(format_date(s.published))
            lines.append(", ".join([f"[{n}] {title}", *extra]))
        for n, value in enumerate(_field_values(lines)):
            yield ("Sources" if n == 0 else "Sources (continued)"), value


def _descriptions(reply: Reply) -> list[str]:
    blocks = [f"*{_md(' '.join(reply.subtitle.split()))}*"] if reply.subtitle else []
    blocks += [
        piece
        for p in reply.paragraphs
        if p.strip()
        for piece in (_md(x) for x in split_text(p.strip(), LIMITS.description, _md_len))
    ]
    prompt = [
        t
        for t, items in ((reply.choices_title, reply.choices), (reply.related_title, reply.related))
        if t and items
    ]
    if prompt:
        blocks.append(_md(" · ".join(f"{t}:" for t in prompt)))
    return [
        piece
        for text in pack(blocks, LIMITS.description)
        for piece in split_text(text, LIMITS.description)
    ]


def _footer(reply: Reply, page: int, pages: int) -> str:
    parts = [f"Briefing of {format_date(reply.date)}"] if reply.date else []
    if pages > 1:
        parts.append(f"page {page} of {pages}")
    return " · ".join(parts)


def render(reply: Reply) -> list[Page]:
    """The pages of `reply`; choices go under every page (they apply to the whole answer)."""
    title = shorten(" ".join((reply.title or "").split()), LIMITS.title - 14)
    reserve = LIMITS.title + _FOOTER_ROOM  # room kept on each page for its title and footer
    pages: list[tuple[str, list[tuple[str, str]]]] = []
    fields: list[tuple[str, str]] = []
    descriptions = _descriptions(reply)
    queue: list[tuple[str, str]] = [("", d) for d in descriptions[1:]]
    description = descriptions[0] if descriptions else ""
    used = len(description)
    queue += list(_fields(reply))
    for name, value in queue:
        size = len(name) + len(value)
        if not name:  # a further description: a page of its own
            pages.append((description, fields))
            description, fields, used = value, [], len(value)
            continue
        if len(fields) == LIMITS.fields or used + size > LIMITS.total - reserve:
            pages.append((description, fields))
            description, fields, used = "", [], 0
        fields.append((name, value))
        used += size
    pages.append((description, fields))
    edit = reply.kind is ReplyKind.CHOOSE
    buttons = [(c, edit) for c in reply.choices] + [(c, False) for c in reply.related]
    out = []
    for n, (desc, page_fields) in enumerate(pages, 1):
        page_title = (
            title if n == 1 or not title else f"{shorten(title, LIMITS.title - 14)} (continued)"
        )
        embed = discord.Embed(title=page_title or None, description=desc or None, colour=_COLOUR)
        for name, value in page_fields:
            embed.add_field(name=name, value=value, inline=False)
        footer = _footer(reply, n, len(pages))
        if footer:
            embed.set_footer(text=footer)
        if not (page_title or desc or page_fields):
            embed.description = "…"
        out.append(Page(embed, list(buttons)))
    return out
