"""The digest scheduler: finds the runs that fell due, claims each in the database, builds the
digest and sends it through the platform's sender, then marks it done.

Run-time rules:
- the latest due run of a subscription is posted once if it is less than `catchup` old, else
  skipped and logged; older runs missed during an outage are logged and merged into it (one
  digest covers everything new since the last post);
- a retryable failure (429, 5xx, timeout) is retried with backoff, then left for a later tick;
  a permanent one (removed from the chat, 403) pauses the subscription and says so in the log;
- a claim whose process died is taken over after `lease`: at worst the one message that was in
  flight is repeated (Discord's nonce stops even that).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from ..core.reply import Reply
from ..errors import PermanentSendError, RetryableSendError
from ..library import Library
from ..storage import Subscription
from .clock import Clock
from .digest import digest_reply, matching_ids, new_briefings, nothing_new_reply
from .repository import RETRYABLE, Repository
from .spec import Schedule

__all__ = ["DigestScheduler", "DigestSender", "Outcome"]

log = logging.getLogger(__name__)


class DigestSender(Protocol):
    async def send_digest(self, chat_id: str, reply: Reply, key: str) -> None:
        """Post `reply` to the chat; `key` is unique to the run (a nonce where supported)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    subscription_id: int
    scheduled_for: datetime
    status: str  # sent, empty, failed, paused, skipped, taken (another process has it)


@dataclass
class DigestScheduler:
    repository: Repository
    library: Callable[[], Library]
    senders: dict[str, DigestSender]
    clock: Clock
    catchup: timedelta = timedelta(hours=1)
    lease: timedelta = timedelta(minutes=5)
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    concurrency: int = 50  # deliveries under way at once; the senders pace the rest
    poll: float = 30.0  # seconds between looks at the clock when nothing is due sooner
    instance: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    on_outcome: Callable[[str], None] | None = None  # told each run's outcome (metrics)

    async def run(self, stop: asyncio.Event) -> None:
        """Tick until `stop` is set; a failing tick is logged and the loop goes on."""
        while not stop.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("digest scheduler: a tick failed")
            try:
                async with asyncio.timeout(await self._pause()):
                    await stop.wait()
            except TimeoutError:
                pass

    async def _pause(self) -> float:
        now = self.clock.now()
        soonest = self.poll
        for sub in await self.repository.active(set(self.senders)):
            upcoming = Schedule(sub.schedule, sub.timezone).next_after(now, sub.created_at)
            if upcoming is not None:
                soonest = min(soonest, max(0.5, (upcoming - now).total_seconds() + 0.1))
        return soonest

    async def tick(self) -> list[Outcome]:
        """Deliver every run due now; the outcomes, for logs and tests."""
        now = self.clock.now()
        subscriptions = {s.id: s for s in await self.repository.active(set(self.senders))}
        last = await self.repository.last_scheduled()
        due: dict[tuple[int, datetime], Subscription] = {}
        outcomes: list[Outcome] = []
        for sub in subscriptions.values():
            schedule = Schedule(sub.schedule, sub.timezone)
            times = list(schedule.fire_times(last.get(sub.id, sub.created_at), now, sub.created_at))
            if not times:
                continue
            latest = times[-1]
            if len(times) > 1:
                log.info(
                    "subscription %s: %d missed run(s) before %s merged into one digest",
                    sub.id,
                    len(times) - 1,
                    latest.isoformat(),
                )
            if now - latest > self.catchup:
                if await self.repository.record(
                    sub.id, latest, self.instance, now, "skipped", "older than the catch-up window"
                ):
                    log.warning(
                        "subscription %s: run of %s skipped, older than %s",
                        sub.id,
                        latest.isoformat(),
                        self.catchup,
                    )
                    outcomes.append(Outcome(sub.id, latest, "skipped"))
                continue
            due[(sub.id, latest)] = sub
        for sid, when in await self.repository.unfinished(now, self.lease, now - self.catchup):
            if sid in subscriptions:
                due.setdefault((sid, when), subscriptions[sid])
        gate = asyncio.Semaphore(self.concurrency)
        library = self.library()
        # one search per distinct topic, not one per chat
        topics = {s.topic: matching_ids(library, s.topic) for s in due.values() if s.topic}

        async def one(sub: Subscription, when: datetime) -> Outcome:
            async with gate:
                matching = topics.get(sub.topic) if sub.topic else None
                return await self._deliver(sub, when, library, matching)

        outcomes += await asyncio.gather(*(one(sub, when) for (_, when), sub in due.items()))
        if self.on_outcome is not None:
            for outcome in outcomes:
                self.on_outcome(outcome.status)
        return outcomes

    async def _deliver(
        self, sub: Subscription, when: datetime, library: Library, matching: set[str] | None
    ) -> Outcome:
        repo, now = self.repository, self.clock.now()
        if not await repo.claim(sub.id, when, self.instance, now, self.lease):
            return Outcome(sub.id, when, "taken")
        briefings = new_briefings(library, sub.since, sub.topic, matching)
        if not briefings and not sub.notify_empty:
            await repo.finish(sub.id, when, self.instance, self.clock.now(), "empty")
            return Outcome(sub.id, when, "empty")
        reply = digest_reply(briefings, sub.topic) if briefings else nothing_new_reply(sub.topic)
        newest = max((b.changed_at for b in briefings), default=None)
        key = f"{sub.id}-{when.isoformat()}"
        delay = self.backoff
        for attempt in range(1, self.retries + 1):
            try:
                await self.senders[sub.platform].send_digest(sub.chat_id, reply, key)
            except PermanentSendError as error:
                reason = f"{error} (paused {self.clock.now().isoformat()})"
                await repo.finish(
                    sub.id, when, self.instance, self.clock.now(), "failed", f"permanent: {error}"
                )
                await repo.pause(sub.id, reason)
                log.warning(
                    "subscription %s on %s chat %s paused: %s",
                    sub.id,
                    sub.platform,
                    sub.chat_id,
                    error,
                )
                return Outcome(sub.id, when, "paused")
            except RetryableSendError as error:
                if attempt == self.retries:
                    await repo.finish(
                        sub.id,
                        when,
                        self.instance,
                        self.clock.now(),
                        "failed",
                        f"{RETRYABLE}: {error}",
                    )
                    log.warning(
                        "subscription %s: run of %s failed %d times, will retry: %s",
                        sub.id,
                        when.isoformat(),
                        attempt,
                        error,
                    )
                    return Outcome(sub.id, when, "failed")
                await self.clock.sleep(max(error.retry_after or 0.0, delay))
                delay *= 2
            else:
                await repo.finish(
                    sub.id, when, self.instance, self.clock.now(), "sent", since=newest
                )
                return Outcome(sub.id, when, "sent")
        raise AssertionError("unreachable")  # pragma: no cover
