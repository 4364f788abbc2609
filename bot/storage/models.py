"""The database tables: subscriptions and the record of every scheduled delivery.

Briefing content stays in the files; only who gets what, when, and what was sent lives here.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

__all__ = ["Base", "Delivery", "Subscription", "UTCDateTime"]


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as UTC, read back timezone-aware on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Subscription(Base):
    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64), index=True)
    schedule: Mapped[str] = mapped_column(String(200))  # as normalised from what was typed
    timezone: Mapped[str] = mapped_column(String(64))
    topic: Mapped[str | None] = mapped_column(String(200))
    notify_empty: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # briefings changed after this moment are new to the chat; moves when a digest is sent
    since: Mapped[datetime] = mapped_column(UTCDateTime())
    paused_reason: Mapped[str | None] = mapped_column(String(500))


class Delivery(Base):
    """One scheduled run of one subscription, claimed before it is sent: the unique constraint
    is what lets any number of bot processes share the work without posting twice."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("subscription_id", "scheduled_for"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True
    )
    scheduled_for: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))  # claimed, sent, empty, failed, skipped
    claimed_by: Mapped[str] = mapped_column(String(64))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(default=0)
    detail: Mapped[str | None] = mapped_column(String(500))
