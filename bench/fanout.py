"""Benchmark: one digest fanned out to 1,000 subscribed chats through the scheduler and the
real Telegram adapter, against a local fake Bot API that answers 429 above its flood limit.

    .venv/bin/python bench/fanout.py [--chats 1000] [--rate 60]

The fake allows `--rate` messages a second (Telegram's 30, scaled up so the run is short); the
bot is configured with the same limit and paces itself at 95% of it. Targets: zero 429s, zero
missing, zero duplicate posts, and an achieved rate of at least 90% of the allowed rate.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.adapters.telegram import TelegramAdapter, TelegramOptions
from bot.core import Context, Core
from bot.library import LibraryStore
from bot.schedules.clock import FakeClock
from bot.schedules.commands import SubscriptionCommands
from bot.schedules.repository import Repository
from bot.schedules.runner import DigestScheduler
from bot.storage import Database
from tests.conftest import minimal, write
from tests.fakes.telegram_api import TOKEN, FakeBotAPI

START = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
PACE = 0.95  # the share of the allowed rate the bot aims for


async def main_async(chats: int, rate: float) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "briefings"
        folder.mkdir()
        store = LibraryStore(folder)
        clock = FakeClock(START)
        async with Database(f"sqlite:///{tmp}/bench.db") as database, FakeBotAPI() as api:
            repository = Repository(database)
            commands = SubscriptionCommands(repository, clock)
            core = Core(lambda: store.library, commands)
            for chat in range(1, chats + 1):
                await core.handle("/subscribe daily 08:00", Context("telegram", str(chat)))
            write(folder, "news.yaml", minimal("news", updated="2026-11-30T07:30:00Z"))
            store.load()
            options = TelegramOptions(token=TOKEN, base_url=api.base_url, max_rate=rate * PACE)
            adapter = TelegramAdapter(core, options)
            async with adapter.application:
                api.limit_sending(rate, burst=rate)
                clock.set(START.replace(hour=8))
                scheduler = DigestScheduler(
                    repository, lambda: store.library, {"telegram": adapter}, clock, concurrency=100
                )
                started = time.perf_counter()
                outcomes = await scheduler.tick()
                elapsed = time.perf_counter() - started
            sends = api.of("sendMessage")
            per_chat = Counter(c.params["chat_id"] for c in sends)
            refused = len(api.of("sendMessage!429"))
            missing = sum(1 for chat in range(1, chats + 1) if per_chat[chat] == 0)
            duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
            span = sends[-1].at - sends[0].at if len(sends) > 1 else elapsed
            achieved = (len(sends) - 1) / span if span > 0 else 0.0
    ratio = achieved / rate
    print(f"{chats} chats, fake flood limit {rate:g} messages/s, bot pacing at {PACE:.0%}")
    print(f"posts sent: {len(sends)}; outcomes: {dict(Counter(o.status for o in outcomes))}")
    print(
        f"429 answers: {refused} (target 0); missing: {missing} (target 0); "
        f"duplicates: {duplicates} (target 0)"
    )
    print(
        f"achieved rate: {achieved:.1f} messages/s = {ratio:.2f}x of the allowed rate "
        f"(target at least 0.90x); fan-out took {elapsed:.1f} s"
    )
    ok = refused == 0 and missing == 0 and duplicates == 0 and ratio >= 0.9
    print("ok" if ok else "MISSED")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=60.0)
    args = parser.parse_args()
    return asyncio.run(main_async(args.chats, args.rate))


if __name__ == "__main__":
    raise SystemExit(main())
