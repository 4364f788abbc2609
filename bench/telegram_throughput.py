"""Benchmark: /who updates per second through the whole Telegram bot, beside a bare
python-telegram-bot echo bot, both polling the same local fake Bot API in the same run.

    .venv/bin/python bench/telegram_throughput.py [--updates 2000] [--rounds 2]

Target: our bot reaches at least 0.8x the echo bot's updates per second (rate limiter off for
both). Each round runs both bots; the best round of each is kept.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.adapters.telegram import TelegramAdapter, TelegramOptions
from bot.core import Core
from bot.library import LibraryStore
from tests.fakes.telegram_api import TOKEN, FakeBotAPI, command_update

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.8
NAMES = [
    "al-Jolani",
    "Golani",
    "julani",
    "Ahmed al-Shara",
    "الجولاني",
    "Falahi",
    "jolanni",
    "Hatem Al Falahi",
    "Assad",
    "Hafez al-Assad",
]


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await context.bot.send_message(chat_id=message.chat_id, text=message.text)


async def _drive(
    api: FakeBotAPI, updates: int, run: Callable[[asyncio.Event], Awaitable[None]]
) -> float:
    """Updates per second for one bot: from the first update queued to the last reply sent."""
    stop = asyncio.Event()
    task = asyncio.create_task(run(stop))
    await api.wait_for("getMe")
    before = len(api.of("sendMessage"))
    start = time.perf_counter()
    for n in range(updates):
        api.push(command_update(f"/who {NAMES[n % len(NAMES)]}"))
    await api.wait_for("sendMessage", before + updates, within=600)
    elapsed = time.perf_counter() - start
    stop.set()
    await task
    return updates / elapsed


async def _echo_bot(api: FakeBotAPI, stop: asyncio.Event) -> None:
    app = ApplicationBuilder().token(TOKEN).base_url(api.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=1)
        await stop.wait()
        await app.updater.stop()
        await app.stop()


async def main_async(updates: int, rounds: int) -> int:
    store = LibraryStore(ROOT / "briefings")
    store.load()
    core = Core(lambda: store.library)
    reply = await core.handle("/who al-Jolani")
    assert reply.title == "Abu Mohammed al-Jolani"
    echo_rates, our_rates = [], []
    for _ in range(rounds):
        async with FakeBotAPI() as api:
            echo_rates.append(await _drive(api, updates, lambda stop: _echo_bot(api, stop)))
        async with FakeBotAPI() as api:
            options = TelegramOptions(
                token=TOKEN, base_url=api.base_url, rate_limiter=False, poll_timeout=1
            )
            adapter = TelegramAdapter(core, options)
            our_rates.append(await _drive(api, updates, adapter.run))
    echo, ours = max(echo_rates), max(our_rates)
    print(f"{updates} /who updates, best of {rounds} rounds, same fake Bot API, no rate limiter")
    print(
        f"echo bot (python-telegram-bot alone): {echo:8.1f} updates/s  "
        f"rounds {', '.join(f'{r:.1f}' for r in echo_rates)}"
    )
    print(
        f"briefing bot (/who through the core): {ours:8.1f} updates/s  "
        f"rounds {', '.join(f'{r:.1f}' for r in our_rates)}"
    )
    ratio = ours / echo
    print(
        f"ratio {ratio:.2f}x of the echo bot (target at least {TARGET}x): "
        f"{'ok' if ratio >= TARGET else 'MISSED'}"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    return asyncio.run(main_async(args.updates, args.rounds))


if __name__ == "__main__":
    raise SystemExit(main())
