"""Database operations for subscriptions and deliveries.

The claim is the heart of it: a delivery row is inserted (the unique constraint on
(subscription, scheduled time) lets exactly one process win) before anything is sent, and marked
when done. A claim left unfinished past its lease (its process died) or a retryable failure may
be taken over with a compare-and-set update, so a post is never doubled by two live processes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..storage import Database, Delivery, Subscription

__all__ = ["MAX_ATTEMPTS", "Repository"]

MAX_ATTEMPTS = 5
RETRYABLE = "retryable"


class Repository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ---- subscriptions

    async def add(self, subscription: Subscription) -> Subscription:
        async with self.db.session.begin() as session:
            session.add(subscription)
        return subscription

    async def for_chat(self, platform: str, chat_id: str) -> list[Subscription]:
        async with self.db.session() as session:
            rows = await session.scalars(
                select(Subscription)
                .where(Subscription.platform == platform, Subscription.chat_id == chat_id)
                .order_by(Subscription.id)
            )
            return list(rows)

    async def remove(self, subscription_id: int) -> None:
        async with self.db.session.begin() as session:
            await session.execute(
                delete(Delivery).where(Delivery.subscription_id == subscription_id)
            )
            await session.execute(delete(Subscription).where(Subscription.id == subscription_id))

    async def active(self, platforms: set[str]) -> list[Subscription]:
        async with self.db.session() as session:
            rows = await session.scalars(
                select(Subscription)
                .where(Subscription.paused_reason.is_(None), Subscription.platform.in_(platforms))
                .order_by(Subscription.id)
            )
            return list(rows)

    async def pause(self, subscription_id: int, reason: str) -> None:
        async with self.db.session.begin() as session:
            await session.execute(
                update(Subscription)
                .where(Subscription.id == subscription_id)
                .values(paused_reason=reason[:500])
            )

    async def last_scheduled(self) -> dict[int, datetime]:
        """Each subscription's latest scheduled time that has a delivery row."""
        async with self.db.session() as session:
            rows = await session.execute(
                select(Delivery.subscription_id, func.max(Delivery.scheduled_for)).group_by(
                    Delivery.subscription_id
                )
            )
            return {sid: _aware(when) for sid, when in rows}

    async def unfinished(
        self, now: datetime, lease: timedelta, oldest: datetime
    ) -> list[tuple[int, datetime]]:
        """Deliveries worth another go: claims past their lease, and retryable failures."""
        async with self.db.session() as session:
            rows = await session.execute(
                select(Delivery.subscription_id, Delivery.scheduled_for).where(
                    Delivery.scheduled_for >= oldest, _retakeable(now, lease)
                )
            )
            return [(sid, _aware(when)) for sid, when in rows]

    # ---- claims

    async def claim(
        self, subscription_id: int, when: datetime, instance: str, now: datetime, lease: timedelta
    ) -> bool:
        """True when this process now owns the delivery of `subscription_id` at `when`."""
        if await self._insert(
            subscription_id=subscription_id,
            scheduled_for=when,
            status="claimed",
            claimed_by=instance,
            claimed_at=now,
            attempts=1,
        ):
            return True
        async with self.db.engine.begin() as connection:
            taken = await connection.execute(
                update(Delivery)
                .where(
                    Delivery.subscription_id == subscription_id,
                    Delivery.scheduled_for == when,
                    _retakeable(now, lease),
                )
                .values(
                    status="claimed",
                    claimed_by=instance,
                    claimed_at=now,
                    attempts=Delivery.attempts + 1,
                )
            )
            return bool(taken.rowcount)

    async def record(
        self,
        subscription_id: int,
        when: datetime,
        instance: str,
        now: datetime,
        status: str,
        detail: str | None = None,
    ) -> bool:
        """A run that is decided without sending (skipped); False if it was already there."""
        return await self._insert(
            subscription_id=subscription_id,
            scheduled_for=when,
            status=status,
            claimed_by=instance,
            claimed_at=now,
            finished_at=now,
            attempts=0,
            detail=detail,
        )

    async def _insert(self, **values: object) -> bool:
        """Insert a delivery row; False when the (subscription, time) row exists already.
        Core, not the ORM: this is the hot path of a fan-out."""
        try:
            async with self.db.engine.begin() as connection:
                await connection.execute(insert(Delivery).values(**values))
            return True
        except IntegrityError:
            return False

    async def finish(
        self,
        subscription_id: int,
        when: datetime,
        instance: str,
        now: datetime,
        status: str,
        detail: str | None = None,
        since: datetime | None = None,
    ) -> None:
        """Mark our claim done; a sent digest moves the subscription's "since" watermark."""
        async with self.db.engine.begin() as connection:
            await connection.execute(
                update(Delivery)
                .where(
                    Delivery.subscription_id == subscription_id,
                    Delivery.scheduled_for == when,
                    Delivery.claimed_by == instance,
                )
                .values(status=status, finished_at=now, detail=detail[:500] if detail else None)
            )
            if since is not None:
                await connection.execute(
                    update(Subscription)
                    .where(Subscription.id == subscription_id, Subscription.since < since)
                    .values(since=since)
                )

    async def deliveries(self, subscription_id: int) -> list[Delivery]:
        async with self.db.session() as session:
            rows = await session.scalars(
                select(Delivery)
                .where(Delivery.subscription_id == subscription_id)
                .order_by(Delivery.scheduled_for)
            )
            return list(rows)


def _retakeable(now: datetime, lease: timedelta) -> ColumnElement[bool]:
    """A delivery another process may take over: a claim left past its lease (its process
    died), or a failure worth retrying, while attempts remain."""
    return and_(
        Delivery.attempts < MAX_ATTEMPTS,
        or_(
            and_(Delivery.status == "claimed", Delivery.claimed_at < now - lease),
            and_(Delivery.status == "failed", Delivery.detail.startswith(RETRYABLE)),
        ),
    )


def _aware(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when
