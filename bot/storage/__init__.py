"""Storage: SQLAlchemy (async) over SQLite or PostgreSQL, migrated by Alembic."""

from .database import Database, async_url
from .models import Delivery, Subscription

__all__ = ["Database", "Delivery", "Subscription", "async_url"]
