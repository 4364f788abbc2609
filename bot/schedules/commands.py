"""/subscribe, /unsubscribe and /schedule: the commands about a chat's scheduled digests.

In groups, channels and servers only administrators may change subscriptions (the adapter
says who is one); anyone may list them.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from ..core.context import Context
from ..core.reply import Choice, Reply, ReplyKind
from ..errors import UsageError
from ..storage import Subscription
from .clock import Clock
from .repository import Repository
from .spec import Schedule, parse_schedule

__all__ = ["MAX_PER_CHAT", "SubscriptionCommands"]

MAX_PER_CHAT = 10
_ALWAYS = "+always"  # post "nothing new" too
_PLATFORMS = ("telegram", "discord")


def _problem(text: str) -> Reply:
    return Reply(paragraphs=(text,), kind=ReplyKind.PROBLEM)


class SubscriptionCommands:
    def __init__(self, repository: Repository, clock: Clock, default_zone: str = "UTC") -> None:
        self.repository = repository
        self.clock = clock
        self.default_zone = default_zone

    async def handle(self, name: str, argument: str, context: Context | None) -> Reply:
        if context is None or context.platform not in _PLATFORMS:
            return _problem(
                "Scheduled digests are posted into Telegram chats and channels and "
                "Discord channels; subscribe from there."
            )
        if name == "schedule":
            return await self._list(context)
        if context.chat_kind != "private" and not await context.is_admin():
            return _problem(
                "Only administrators of this chat can change its subscriptions. "
                "Anyone can see them with /schedule."
            )
        if name == "subscribe":
            return await self._subscribe(argument, context)
        return await self._unsubscribe(argument, context)

    def _next_run(self, sub: Subscription) -> str:
        schedule = Schedule(sub.schedule, sub.timezone)
        upcoming = schedule.next_after(self.clock.now(), sub.created_at)
        if upcoming is None:
            return "no further runs"
        local = upcoming.astimezone(ZoneInfo(sub.timezone))
        return local.strftime("%a %d %b %Y %H:%M ") + sub.timezone

    def _describe(self, sub: Subscription) -> str:
        about = f" on “{sub.topic}”" if sub.topic else ""
        state = f" (paused: {sub.paused_reason})" if sub.paused_reason else ""
        return (
            f"#{sub.id}: {sub.schedule} {sub.timezone}{about}; next run "
            f"{self._next_run(sub)}{state}"
        )

    async def _subscribe(self, argument: str, context: Context) -> Reply:
        notify_empty = _ALWAYS in argument.split()
        schedule, topic = parse_schedule(
            " ".join(w for w in argument.split() if w != _ALWAYS), self.default_zone
        )
        existing = await self.repository.for_chat(context.platform, context.chat_id)
        if len(existing) >= MAX_PER_CHAT:
            return _problem(
                f"This chat has {MAX_PER_CHAT} subscriptions already; remove one "
                "with /unsubscribe first."
            )
        now = self.clock.now()
        sub = await self.repository.add(
            Subscription(
                platform=context.platform,
                chat_id=context.chat_id,
                schedule=schedule.text,
                timezone=schedule.timezone,
                topic=topic[:200] or None,
                notify_empty=notify_empty,
                created_by=context.user_id[:64],
                created_at=now,
                since=now - timedelta(seconds=1),
            )
        )
        return Reply(
            title="Subscribed",
            paragraphs=(
                self._describe(sub),
                "Each digest lists the briefings added or updated since the one before"
                + (
                    "; when there is nothing new it says so."
                    if notify_empty
                    else "; when there is nothing new, nothing is posted."
                ),
            ),
            related_title="Manage",
            related=(
                Choice("All subscriptions here", "/schedule"),
                Choice(f"Stop #{sub.id}", f"/unsubscribe {sub.id}"),
            ),
        )

    async def _unsubscribe(self, argument: str, context: Context) -> Reply:
        subs = await self.repository.for_chat(context.platform, context.chat_id)
        if not subs:
            return Reply(paragraphs=("This chat has no subscriptions.",), kind=ReplyKind.NOT_FOUND)
        wanted = argument.strip().lstrip("#")
        if not wanted and len(subs) > 1:
            return Reply(
                title="Which subscription?",
                paragraphs=tuple(map(self._describe, subs)),
                choices_title="Stop one",
                choices=tuple(Choice(f"Stop #{s.id}", f"/unsubscribe {s.id}") for s in subs),
                kind=ReplyKind.CHOOSE,
            )
        if wanted and not wanted.isdigit():
            raise UsageError(
                "Please give the number of the subscription, as /schedule shows it, "
                "for example: /unsubscribe 3",
                "/schedule",
            )
        target = subs[0] if not wanted else next((s for s in subs if s.id == int(wanted)), None)
        if target is None:
            return Reply(
                paragraphs=(f"This chat has no subscription #{wanted}.",),
                related=(Choice("All subscriptions here", "/schedule"),),
                kind=ReplyKind.NOT_FOUND,
            )
        await self.repository.remove(target.id)
        return Reply(title="Unsubscribed", paragraphs=(f"Stopped {self._describe(target)}",))

    async def _list(self, context: Context) -> Reply:
        subs = await self.repository.for_chat(context.platform, context.chat_id)
        if not subs:
            return Reply(
                paragraphs=(
                    "This chat has no subscriptions. An administrator can add "
                    "one, for example: /subscribe daily 08:00 Europe/Berlin "
                    "syria",
                ),
                kind=ReplyKind.NOT_FOUND,
            )
        return Reply(
            title="Subscriptions in this chat", paragraphs=tuple(map(self._describe, subs))
        )
