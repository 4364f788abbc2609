"""The database connection: SQLite by default, PostgreSQL when DATABASE_URL names one; the
schema is brought up to date with Alembic on start."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

__all__ = ["Database", "async_url"]

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def async_url(url: str) -> str:
    """The async-driver form of a database URL: `postgresql://` -> `postgresql+asyncpg://`,
    `sqlite:///x.db` -> `sqlite+aiosqlite:///x.db`; already async URLs are kept."""
    parsed = make_url(url)
    driver = {
        "postgresql": "postgresql+asyncpg",
        "postgres": "postgresql+asyncpg",
        "sqlite": "sqlite+aiosqlite",
    }.get(parsed.drivername, parsed.drivername)
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: safe when the process dies
    cursor.execute("PRAGMA busy_timeout=5000")  # two processes on one file wait, not fail
    cursor.close()


class Database:
    def __init__(self, url: str) -> None:
        self.url = async_url(url)
        # SQLite takes one writer at a time: one connection, so that writers queue here
        # instead of sleeping in SQLite's busy handler
        options = {"pool_size": 1, "max_overflow": 0} if self.url.startswith("sqlite") else {}
        self.engine: AsyncEngine = create_async_engine(self.url, pool_pre_ping=True, **options)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.session: async_sessionmaker[AsyncSession] = async_sessionmaker(
            self.engine, expire_on_commit=False
        )

    async def migrate(self) -> None:
        """Apply every Alembic migration not yet applied."""
        async with self.engine.begin() as connection:
            await connection.run_sync(self._upgrade)

    @staticmethod
    def _upgrade(connection: Connection) -> None:
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as connection:
                await connection.exec_driver_sql("SELECT 1")
            return True
        except Exception:
            return False

    async def close(self) -> None:
        await self.engine.dispose()

    async def __aenter__(self) -> Database:
        await self.migrate()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.shield(self.close())
