"""Scheduled digests, on SQLite and on a real PostgreSQL server, with the clock under test
control; posts go through the real Telegram adapter to the local fake Bot API."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.adapters.telegram import TelegramAdapter, TelegramOptions
from bot.core import Context, Core, Reply, ReplyKind
from bot.library import LibraryStore
from bot.schedules.clock import FakeClock
from bot.schedules.commands import SubscriptionCommands
from bot.schedules.repository import Repository
from bot.schedules.runner import DigestScheduler
from bot.schedules.spec import parse_schedule
from bot.storage import Database

from .conftest import minimal, write
from .fakes.telegram_api import TOKEN, FakeBotAPI

POSTGRES = os.environ.get("BRIEFBOT_TEST_POSTGRES_URL")
START = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # a Monday


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'briefbot.db'}"
    elif POSTGRES:
        url = POSTGRES
        db = Database(url)
        async with db.engine.begin() as connection:
            await connection.execute(
                text("DROP TABLE IF EXISTS deliveries, subscriptions, alembic_version CASCADE")
            )
        await db.close()
    else:
        pytest.skip("BRIEFBOT_TEST_POSTGRES_URL is not set (.ci/run sets it)")
    async with Database(url) as db:
        yield db


def group(chat_id: int, admin: bool = True) -> Context:
    async def is_admin() -> bool:
        return admin

    return Context("telegram", str(chat_id), "4242", "group", is_admin)


@dataclass
class World:
    """A briefings folder, the database, a fake clock and the bot's Telegram side."""

    directory: Path
    database: Database
    api: FakeBotAPI
    adapter: TelegramAdapter
    clock: FakeClock = field(default_factory=lambda: FakeClock(START))

    def __post_init__(self) -> None:
        self.store = LibraryStore(self.directory)
        self.store.load()
        self.repository = Repository(self.database)
        self.commands = SubscriptionCommands(self.repository, self.clock, "UTC")
        self.core = Core(lambda: self.store.library, self.commands)

    def scheduler(self, sender: object | None = None, **options: object) -> DigestScheduler:
        return DigestScheduler(
            self.repository,
            lambda: self.store.library,
            {"telegram": sender or self.adapter},  # type: ignore[dict-item]
            self.clock,
            **options,
        )  # type: ignore[arg-type]

    async def command(self, line: str, context: Context) -> Reply:
        return await self.core.handle(line, context)

    def publish(self, name: str, tags: str, minutes_after_start: int) -> None:
        moment = START + timedelta(minutes=minutes_after_start)
        write(
            self.directory,
            f"{name}.yaml",
            minimal(
                name,
                title=f"Story {name}",
                tags=f"[{tags}]",
                updated=moment.isoformat().replace("+00:00", "Z"),
            ),
        )
        self.store.load()

    def posts(self, chat_id: int | None = None) -> list[str]:
        return [
            c.params["text"]
            for c in self.api.of("sendMessage")
            if chat_id is None or c.params["chat_id"] == chat_id
        ]


@pytest.fixture
async def world(database: Database, tmp_path: Path) -> AsyncIterator[World]:
    directory = tmp_path / "briefings"
    directory.mkdir()
    async with FakeBotAPI() as api:
        adapter = TelegramAdapter(
            Core(lambda: LibraryStore(directory).library),
            TelegramOptions(token=TOKEN, base_url=api.base_url),
        )
        async with adapter.application:
            yield World(directory, database, api, adapter)


# ---- parsing


@pytest.mark.parametrize(
    ("typed", "canonical", "zone", "rest"),
    [
        ("daily 08:00", "daily 08:00", "UTC", ""),
        ("weekdays 7:30 Europe/Berlin syria", "weekdays 07:30", "Europe/Berlin", "syria"),
        ("every 6h hama", "every 6h", "UTC", "hama"),
        ("0 8 * * 1-5 America/New_York", "cron 0 8 * * 1-5", "America/New_York", ""),
    ],
)
def test_schedules_parse(typed: str, canonical: str, zone: str, rest: str) -> None:
    schedule, left = parse_schedule(typed)
    assert (schedule.text, schedule.timezone, left) == (canonical, zone, rest)


def test_weekday_cron_uses_cron_day_numbers() -> None:
    schedule, _ = parse_schedule("0 8 * * 1-5")
    monday_8 = START.replace(hour=8)
    assert list(schedule.fire_times(START, monday_8, START)) == [monday_8]
    saturday = datetime(2026, 12, 5, 0, 0, tzinfo=UTC)
    assert list(schedule.fire_times(saturday, saturday + timedelta(days=2), START)) == []


def test_berlin_morning_is_utc_morning_minus_an_hour() -> None:
    schedule, _ = parse_schedule("weekdays 07:30 Europe/Berlin")
    [fire] = schedule.fire_times(START, START + timedelta(days=1), START)  # 08:00 in Berlin now
    assert fire.astimezone(UTC) == START.replace(hour=6, minute=30) + timedelta(days=1)


# ---- commands


async def test_subscribe_list_unsubscribe_with_admin_checks(world: World) -> None:
    refused = await world.command("/subscribe daily 08:00 syria", group(-100, admin=False))
    assert refused.kind is ReplyKind.PROBLEM and "administrators" in refused.paragraphs[0]
    done = await world.command("/subscribe daily 08:00 Europe/Berlin syria", group(-100))
    assert done.title == "Subscribed"
    assert (
        "daily 08:00 Europe/Berlin on “syria”; next run Tue 01 Dec 2026 08:00 Europe/Berlin"
        in done.paragraphs[0]
    )
    listed = await world.command("/schedule", group(-100, admin=False))  # anyone may look
    assert len(listed.paragraphs) == 1 and "#" in listed.paragraphs[0]
    assert (await world.command("/schedule", group(-200))).kind is ReplyKind.NOT_FOUND
    bad = await world.command("/subscribe sometimes", group(-100))
    assert bad.kind is ReplyKind.PROBLEM and "every 6h" in bad.paragraphs[0]
    not_admin = await world.command("/unsubscribe", group(-100, admin=False))
    assert not_admin.kind is ReplyKind.PROBLEM
    gone = await world.command("/unsubscribe", group(-100))
    assert gone.title == "Unsubscribed"
    assert (await world.command("/schedule", group(-100))).kind is ReplyKind.NOT_FOUND


async def test_console_cannot_subscribe(world: World) -> None:
    reply = await world.core.handle("/subscribe daily 08:00", Context("console", "console"))
    assert reply.kind is ReplyKind.PROBLEM and "Telegram" in reply.paragraphs[0]


async def test_several_subscriptions_need_a_number(world: World) -> None:
    await world.command("/subscribe daily 08:00", group(-100))
    await world.command("/subscribe every 6h hama", group(-100))
    choice = await world.command("/unsubscribe", group(-100))
    assert choice.kind is ReplyKind.CHOOSE and len(choice.choices) == 2
    picked = await world.command(choice.choices[1].command, group(-100))
    assert picked.title == "Unsubscribed" and "every 6h" in picked.paragraphs[0]


# ---- delivery


async def test_digest_posted_at_its_time_once_with_the_right_briefings(world: World) -> None:
    await world.command("/subscribe daily 08:00 syria", group(-100))
    world.publish("syria-news", "syria", 30)
    world.publish("other-news", "ukraine", 40)
    scheduler = world.scheduler()
    world.clock.set(START.replace(minute=59))
    assert [o.status for o in await scheduler.tick()] == []  # not yet
    world.clock.set(START.replace(hour=8, second=5))
    assert [o.status for o in await scheduler.tick()] == ["sent"]
    [post] = world.posts(-100)
    assert "Story syria-news" in post and "other-news" not in post
    world.clock.advance(timedelta(minutes=1))
    assert await scheduler.tick() == []  # the run is done; nothing doubles
    world.clock.set(START.replace(hour=8) + timedelta(days=1, seconds=5))
    assert [o.status for o in await scheduler.tick()] == ["empty"]  # nothing new: no post
    assert len(world.posts(-100)) == 1


async def test_nothing_new_is_said_only_when_asked(world: World) -> None:
    await world.command("/subscribe daily 08:00 +always", group(-100))
    world.clock.set(START.replace(hour=8, second=1))
    assert [o.status for o in await world.scheduler().tick()] == ["sent"]
    assert "Nothing new in the briefings" in world.posts(-100)[0]


async def test_restart_before_and_after_a_run(world: World) -> None:
    await world.command("/subscribe daily 08:00", group(-100))
    world.publish("a", "syria", 10)
    world.clock.set(START.replace(minute=58))
    await world.scheduler().tick()  # the first process, stopped before the run
    world.clock.set(START.replace(hour=8, minute=0, second=30))
    assert [o.status for o in await world.scheduler().tick()] == ["sent"]  # the next process
    assert [o.status for o in await world.scheduler().tick()] == []  # and another after it
    assert len(world.posts(-100)) == 1


async def test_restart_during_a_run_takes_over_after_the_lease(world: World) -> None:
    await world.command("/subscribe daily 08:00", group(-100))
    world.publish("a", "syria", 10)
    world.clock.set(START.replace(hour=8))

    class Dies:
        async def send_digest(self, chat_id: str, reply: Reply, key: str) -> None:
            raise asyncio.CancelledError  # the process is killed before it sends

    with pytest.raises(asyncio.CancelledError):
        await world.scheduler(Dies()).tick()
    world.clock.advance(timedelta(minutes=1))
    assert await world.scheduler().tick() == []  # the claim is still within its lease
    assert world.posts(-100) == []
    world.clock.advance(timedelta(minutes=5))
    assert [o.status for o in await world.scheduler().tick()] == ["sent"]
    assert len(world.posts(-100)) == 1


@pytest.mark.parametrize(
    ("late", "posted"), [(timedelta(minutes=45), True), (timedelta(hours=2), False)]
)
async def test_missed_run_after_an_outage(
    world: World, late: timedelta, posted: bool, caplog: pytest.LogCaptureFixture
) -> None:
    await world.command("/subscribe daily 08:00", group(-100))
    world.publish("a", "syria", 10)
    world.clock.set(START.replace(hour=8) + late)
    outcomes = await world.scheduler(catchup=timedelta(hours=1)).tick()
    assert [o.status for o in outcomes] == (["sent"] if posted else ["skipped"])
    assert len(world.posts(-100)) == (1 if posted else 0)
    if not posted:
        assert "skipped, older than 1:00:00" in caplog.text
    assert await world.scheduler().tick() == []  # decided once, either way


async def test_two_schedulers_on_one_database_post_each_run_once(world: World) -> None:
    chats = [-1000 - n for n in range(20)]
    for chat in chats:
        await world.command("/subscribe every 30m", group(chat))
    world.publish("a", "syria", 10)
    world.clock.set(START + timedelta(minutes=30, seconds=1))
    first, second = world.scheduler(), world.scheduler()
    results = await asyncio.gather(first.tick(), second.tick())
    statuses = sorted(o.status for outcomes in results for o in outcomes)
    assert statuses.count("sent") == 20
    for chat in chats:
        assert len(world.posts(chat)) == 1


async def test_killed_in_the_middle_of_a_fan_out(world: World) -> None:
    chats = [-2000 - n for n in range(8)]
    for chat in chats:
        await world.command("/subscribe daily 08:00", group(chat))
    world.publish("a", "syria", 10)
    world.clock.set(START.replace(hour=8))
    sent = asyncio.Event()
    adapter = world.adapter

    class KilledAfterFourthSend:
        count = 0

        async def send_digest(self, chat_id: str, reply: Reply, key: str) -> None:
            await adapter.send_digest(chat_id, reply, key)
            self.count += 1
            if self.count == 4:  # sent, but the process dies before it marks it
                sent.set()
                await asyncio.Event().wait()

    doomed = asyncio.create_task(world.scheduler(KilledAfterFourthSend(), concurrency=1).tick())
    async with asyncio.timeout(30):
        await sent.wait()
    doomed.cancel()  # the kill
    world.clock.advance(timedelta(minutes=10))
    await world.scheduler().tick()
    counts = [len(world.posts(chat)) for chat in chats]
    assert all(c >= 1 for c in counts), counts  # every chat got its digest
    assert sum(counts) - len(chats) <= 1, counts  # at most the in-flight one repeated


@pytest.mark.parametrize("fault", ["429", "500"])
async def test_retryable_errors_are_retried(world: World, fault: str) -> None:
    await world.command("/subscribe daily 08:00", group(-100))
    world.publish("a", "syria", 10)
    world.api.fail_next("sendMessage", fault, retry_after=1)
    world.clock.set(START.replace(hour=8))
    assert [o.status for o in await world.scheduler().tick()] == ["sent"]
    assert len(world.posts(-100)) == 1
    assert len(world.api.of(f"sendMessage!{fault}")) == 1


async def test_a_chat_that_removed_the_bot_pauses_its_subscription(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await world.command("/subscribe daily 08:00", group(-100))
    world.publish("a", "syria", 10)
    world.api.fail_next("sendMessage", "403")
    world.clock.set(START.replace(hour=8))
    assert [o.status for o in await world.scheduler().tick()] == ["paused"]
    assert "paused: Forbidden: bot was kicked" in caplog.text
    listed = await world.command("/schedule", group(-100))
    assert "(paused: Forbidden: bot was kicked" in listed.paragraphs[0]
    world.publish("b", "syria", 20)
    world.clock.advance(timedelta(days=1))
    assert await world.scheduler().tick() == []
    assert world.posts(-100) == []


async def test_telegram_group_admins_are_asked_of_telegram(world: World) -> None:
    from .fakes.telegram_api import USER, command_update

    adapter = TelegramAdapter(
        world.core, TelegramOptions(token=TOKEN, base_url=world.api.base_url, poll_timeout=1)
    )
    stop = asyncio.Event()
    running = asyncio.create_task(adapter.run(stop))
    try:
        world.api.push(
            command_update("/subscribe daily 08:00", chat_id=-300, chat_type="supergroup")
        )
        [refusal] = await world.api.wait_for("sendMessage")
        assert "Only administrators" in refusal.params["text"]
        assert world.api.of("getChatMember")[0].params["user_id"] == str(USER.id)
        world.api.admins.add(USER.id)
        world.api.push(
            command_update("/subscribe daily 08:00", chat_id=-300, chat_type="supergroup")
        )
        calls = await world.api.wait_for("sendMessage", 2)
        assert calls[1].params["text"].startswith("<b>Subscribed</b>")
        world.api.push(command_update("/schedule", chat_id=-300, chat_type="supergroup"))
        calls = await world.api.wait_for("sendMessage", 3)
        assert "daily 08:00 UTC" in calls[2].params["text"]
    finally:
        stop.set()
        await running


async def test_the_run_loop_posts_when_due_and_stops_on_request(world: World) -> None:
    await world.command("/subscribe every 30m", group(-100))
    world.publish("a", "syria", 10)
    world.clock.set(START + timedelta(minutes=30))
    stop = asyncio.Event()
    loop = asyncio.create_task(world.scheduler(poll=0.1).run(stop))
    await world.api.wait_for("sendMessage")
    stop.set()
    async with asyncio.timeout(5):
        await loop
    assert len(world.posts(-100)) == 1
