"""Reading a news article: plain text (first lines may hold `Source:` and `Title:`) or an HTML
page, whose main text, title, date and publisher trafilatura extracts."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

__all__ = ["Article", "fetch_article", "is_url", "read_article"]

_MAX_BYTES = 5_000_000  # a news page is far smaller; anything bigger is not an article
_HEADER = re.compile(r"^(Source|Title|Publisher|Date|Published|URL):\s*(.+)$", re.I)


@dataclass(frozen=True, slots=True)
class Article:
    title: str
    text: str  # paragraphs separated by blank lines
    url: str | None = None
    publisher: str | None = None
    published: date | None = None


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _from_html(html: str, url: str | None) -> Article:
    import trafilatura  # imported here: only HTML input needs it

    text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title if meta and meta.title else "") or text.split("\n", 1)[0]
    return Article(
        title=title.strip(),
        text=text.replace("\n", "\n\n"),
        url=url or (meta.url if meta else None),
        publisher=meta.sitename if meta else None,
        published=_date(meta.date if meta else None),
    )


def _from_text(raw: str) -> Article:
    lines = raw.strip().splitlines()
    fields: dict[str, str] = {}
    while lines and (match := _HEADER.match(lines[0].strip())):
        fields[match.group(1).lower()] = match.group(2).strip()
        lines.pop(0)
    body = "\n".join(lines).strip()
    title = fields.get("title")
    if title is None:  # the first line, when it reads as a headline
        first, _, rest = body.partition("\n")
        if first and len(first) < 160 and not first.rstrip().endswith("."):
            title, body = first.strip(), rest.strip()
    source = fields.get("source") or fields.get("url")
    url = source if source and source.startswith("http") else None
    return Article(
        title=title or "Untitled article",
        text=body,
        url=url,
        publisher=fields.get("publisher") or (source if not url else None),
        published=_date(fields.get("date") or fields.get("published")),
    )


def read_article(path: Path) -> Article:
    raw = path.read_text(encoding="utf-8", errors="replace")
    looks_html = path.suffix.lower() in (".html", ".htm") or raw.lstrip()[:15].lower().startswith(
        ("<!doctype", "<html")
    )
    return _from_html(raw, None) if looks_html else _from_text(raw)


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def fetch_article(url: str, *, timeout: float = 20.0) -> Article:
    """Fetch a page and read it as `read_article` reads a file (HTML or plain text).

    Raises `ValueError` with a message for the editor: the status, a page too large, or a
    network failure."""
    import httpx

    from .. import __version__

    headers = {"User-Agent": f"briefbot/{__version__} (+drafting)"}
    try:
        with (
            httpx.Client(follow_redirects=True, timeout=timeout, headers=headers) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code != 200:
                raise ValueError(f"the server answered {response.status_code}")
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > _MAX_BYTES:
                    raise ValueError(f"the page is over {_MAX_BYTES // 1_000_000} MB")
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            text = body.decode(response.encoding or "utf-8", errors="replace")
            final = str(response.url)
    except httpx.HTTPError as error:
        raise ValueError(f"cannot fetch it: {error}") from error
    if kind == "text/plain":
        article = _from_text(text)
        return article if article.url else replace(article, url=final)
    return _from_html(text, final)
