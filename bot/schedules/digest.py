"""What a digest holds: the briefings new or updated since a chat's last post that match its
filter, each as a headline, a short summary and a way to the whole briefing. Pure."""

from __future__ import annotations

from datetime import datetime

from ..core.reply import Reply
from ..core.text import format_date, shorten
from ..core.views import briefing_choice
from ..library import Briefing, Library, find_briefings

__all__ = ["MAX_IN_DIGEST", "digest_reply", "matching_ids", "new_briefings", "nothing_new_reply"]

MAX_IN_DIGEST = 10


def matching_ids(library: Library, topic: str) -> set[str]:
    """The ids of every briefing about `topic` (a search over the whole library)."""
    return {m.briefing.id for m in find_briefings(library, topic, limit=len(library))}


def new_briefings(
    library: Library, since: datetime, topic: str | None, matching: set[str] | None = None
) -> list[Briefing]:
    """Briefings changed after `since` (newest first) that match `topic` when one is set;
    `matching` may carry `matching_ids(library, topic)` worked out once for many chats."""
    fresh = [b for b in library.briefings if b.changed_at > since]
    if topic:
        wanted = matching if matching is not None else matching_ids(library, topic)
        fresh = [b for b in fresh if b.id in wanted]
    return fresh


def digest_reply(briefings: list[Briefing], topic: str | None) -> Reply:
    shown = briefings[:MAX_IN_DIGEST]
    paragraphs = [
        f"{b.title} ({format_date(b.date)})\n{shorten(' '.join(b.summary.split()), 280)}"
        for b in shown
    ]
    if len(briefings) > len(shown):
        paragraphs.append(f"And {len(briefings) - len(shown)} more: /search {topic or ''}".strip())
    count = len(briefings)
    about = f" on {topic}" if topic else ""
    return Reply(
        title=f"Briefing digest{about}: {count} new or updated",
        paragraphs=tuple(paragraphs),
        related_title="Read in full",
        related=tuple(briefing_choice(b) for b in shown),
    )


def nothing_new_reply(topic: str | None) -> Reply:
    about = f" on {topic}" if topic else ""
    return Reply(paragraphs=(f"Nothing new in the briefings{about} since the last digest.",))
