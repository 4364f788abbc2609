"""The Telegram adapter, driven end to end: the real python-telegram-bot Application polling a
local fake Bot API server; replies are checked on what the server received."""

from __future__ import annotations

import asyncio
import io
import logging
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.adapters.telegram import TelegramAdapter, TelegramOptions
from bot.core import Core
from bot.library import LibraryStore
from bot.logs import setup_logging

from .conftest import SHIPPED, minimal, write
from .fakes.telegram_api import (
    BOT_USERNAME,
    TOKEN,
    FakeBotAPI,
    button_update,
    command_update,
    inline_update,
)

GROUP = -100123

HOSTILE_PEOPLE = """
  - id: ali-hassan
    name: Ali Hassan
    role: Mayor of <b>Springfield</b> & co
  - id: ali-hussein
    name: Ali Hussein
    role: Judge
  - id: {long_id}
    name: Omar Abdel Rahman Mohammed Ibrahim
    role: Envoy
  - id: {long_id2}
    name: Omar Abdel Rahman Mohammed Ismail
    role: Envoy"""
LONG_ID = "omar-abdel-rahman-" + "x" * 60
LONG_ID2 = "omar-abdel-rahman-" + "y" * 60


@dataclass
class Harness:
    api: FakeBotAPI
    adapter: TelegramAdapter
    log: io.StringIO

    async def say(self, text: str, **kwargs: object) -> None:
        self.api.push(command_update(text, **kwargs))  # type: ignore[arg-type]

    async def replies(self, count: int = 1) -> list[str]:
        calls = await self.api.wait_for("sendMessage", count)
        return [c.params["text"] for c in calls]


@pytest.fixture
async def tg(tmp_path: Path) -> AsyncIterator[Harness]:
    directory = tmp_path / "briefings"
    shutil.copytree(SHIPPED, directory)
    facts = "".join(
        f"\n  - text: Long fact {n:03d}. " + "word " * 30 + "\n    source: s1" for n in range(60)
    )
    write(
        directory,
        "extra.yaml",
        minimal(
            "extra-story",
            title="Notes on <script>alert(1)</script> & more",
            people=HOSTILE_PEOPLE.format(long_id=LONG_ID, long_id2=LONG_ID2),
            key_facts=facts,
        ),
    )
    store = LibraryStore(directory)
    store.load()
    assert store.problems == ()
    log = io.StringIO()
    setup_logging("DEBUG", [TOKEN], log)
    async with FakeBotAPI() as api:
        options = TelegramOptions(token=TOKEN, base_url=api.base_url, poll_timeout=1)
        adapter = TelegramAdapter(Core(lambda: store.library), options)
        stop = asyncio.Event()
        task = asyncio.create_task(adapter.run(stop))
        await api.wait_for("setMyCommands")
        try:
            yield Harness(api, adapter, log)
        finally:
            stop.set()
            async with asyncio.timeout(10):
                await task
    logging.getLogger().handlers.clear()


async def test_commands_are_registered(tg: Harness) -> None:
    [call] = tg.api.of("setMyCommands")
    names = [c["command"] for c in call.params["commands"]]
    assert names == [
        "brief",
        "who",
        "quotes",
        "facts",
        "sources",
        "search",
        "subscribe",
        "unsubscribe",
        "schedule",
        "help",
    ]
    assert all(1 <= len(c["description"]) <= 256 for c in call.params["commands"])


async def test_who_in_a_private_chat(tg: Harness) -> None:
    await tg.say("/who Golani")
    [call] = await tg.api.wait_for("sendMessage")
    assert call.params["parse_mode"] == "HTML"
    assert call.params["text"].startswith("<b>Abu Mohammed al-Jolani</b>\n<i>Leader of Hayat")
    assert "<blockquote>Dear brothers" in call.params["text"]
    buttons = call.params["reply_markup"]["inline_keyboard"]
    assert buttons[0][0]["callback_data"] == "s/brief hama-offensive-2024-12"


async def test_group_commands_addressed_to_us_and_not_to_others(tg: Harness) -> None:
    await tg.say("/who@OtherBot Golani", chat_id=GROUP, chat_type="supergroup")
    await tg.say("just chatting about jolani", chat_id=GROUP, chat_type="supergroup")
    await tg.say("/nosuchcommand", chat_id=GROUP, chat_type="supergroup")
    await tg.say(f"/who@{BOT_USERNAME} Falahi", chat_id=GROUP, chat_type="supergroup")
    await tg.say(f"/nosuchcommand@{BOT_USERNAME}", chat_id=GROUP, chat_type="supergroup")
    await tg.say("/brief hama", chat_id=GROUP, chat_type="supergroup")
    calls = await tg.api.wait_for("sendMessage", 3)
    await asyncio.sleep(0.5)  # nothing else may arrive
    texts = [c.params["text"] for c in tg.api.of("sendMessage")]
    assert len(texts) == 3, texts
    assert texts[0].startswith("<b>Hatem Al Falahi</b>")
    assert "I don't know the command /nosuchcommand" in texts[1]
    assert texts[2].startswith("<b>Rebels take Hama")
    assert all(c.params["chat_id"] == GROUP for c in calls)


async def test_plain_text_in_private_is_searched(tg: Harness) -> None:
    await tg.say("hezbollah")
    [text] = await tg.replies()
    assert text.startswith("<b>Results for “hezbollah”</b>")


async def test_long_reply_is_split_in_order(tg: Harness) -> None:
    await tg.say("/facts extra-story")
    await tg.api.wait_for("sendMessage", 2)
    await asyncio.sleep(0.3)
    texts = [c.params["text"] for c in tg.api.of("sendMessage")]
    assert len(texts) >= 2 and all(len(t) <= 4096 for t in texts)
    joined = "\n".join(texts)
    order = [joined.index(f"Long fact {n:03d}.") for n in range(60)]
    assert order == sorted(order)
    assert "reply_markup" in tg.api.of("sendMessage")[-1].params


async def test_hostile_text_from_a_file_and_a_query_is_escaped(tg: Harness) -> None:
    await tg.say("/who <b>Zelensky</b> & <script>")
    await tg.api.wait_for("sendMessage")
    await tg.say("/brief extra-story")
    await tg.api.wait_for("sendMessage", 2)
    texts = [c.params["text"] for c in tg.api.of("sendMessage")]
    assert "“&lt;b&gt;Zelensky&lt;/b&gt; &amp; &lt;script&gt;”" in texts[0]
    assert "<b>Notes on &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</b>" in texts[1]
    assert "<script>" not in "".join(texts)


async def test_choice_buttons_edit_the_message(tg: Harness) -> None:
    await tg.say("/who Ali")
    [call] = await tg.api.wait_for("sendMessage")
    rows = call.params["reply_markup"]["inline_keyboard"]
    assert {r[0]["callback_data"] for r in rows} == {"e/who ali-hassan", "e/who ali-hussein"}
    sent = {
        "message_id": 1000,
        "date": 0,
        "chat": {"id": call.params["chat_id"], "type": "private"},
        "text": "x",
    }
    tg.api.push(button_update("e/who ali-hassan", sent))
    [edit] = await tg.api.wait_for("editMessageText")
    assert edit.params["message_id"] == 1000
    assert edit.params["text"].startswith("<b>Ali Hassan</b>\n<i>Mayor of &lt;b&gt;Springfield")
    await tg.api.wait_for("answerCallbackQuery")


async def test_buttons_for_long_ids_fit_and_work(tg: Harness) -> None:
    await tg.say("/who Omar Abdel Rahman Mohammed")
    [call] = await tg.api.wait_for("sendMessage")
    datas = [r[0]["callback_data"] for r in call.params["reply_markup"]["inline_keyboard"]]
    assert len(datas) == 2 and all(len(d.encode()) <= 64 for d in datas)
    sent = {"message_id": 7, "date": 0, "chat": {"id": 4242, "type": "private"}, "text": "x"}
    tg.api.push(button_update(datas[0], sent))
    [edit] = await tg.api.wait_for("editMessageText")
    assert edit.params["text"].startswith("<b>Omar Abdel Rahman Mohammed I")


async def test_related_buttons_send_a_new_message(tg: Harness) -> None:
    sent = {"message_id": 9, "date": 0, "chat": {"id": 4242, "type": "private"}, "text": "x"}
    tg.api.push(button_update("s/who hatem-al-falahi", sent))
    [call] = await tg.api.wait_for("sendMessage")
    assert call.params["text"].startswith("<b>Hatem Al Falahi</b>")
    assert tg.api.of("editMessageText") == []


async def test_expired_button_says_so(tg: Harness) -> None:
    tg.api.push(button_update("#" + "0" * 40, None, inline_message_id="im-1"))
    [answer] = await tg.api.wait_for("answerCallbackQuery")
    assert "expired" in answer.params["text"]


async def test_inline_query_offers_people_and_briefings(tg: Harness) -> None:
    tg.api.push(inline_update("jolani"))
    [call] = await tg.api.wait_for("answerInlineQuery")
    results = call.params["results"]
    titles = [r["title"] for r in results]
    assert titles[0] == "Abu Mohammed al-Jolani"
    assert "Rebels take Hama one week into their offensive" in titles
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert content["message_text"].startswith("<b>Abu Mohammed al-Jolani</b>")
    assert all(len(r["id"].encode()) <= 64 for r in results)


async def test_inline_query_for_a_long_briefing_links_to_the_bot(tg: Harness) -> None:
    tg.api.push(inline_update("extra-story"))
    [call] = await tg.api.wait_for("answerInlineQuery")
    [result] = [r for r in call.params["results"] if r["title"].startswith("Notes on")]
    url = result["reply_markup"]["inline_keyboard"][0][0]["url"]
    assert url == f"https://t.me/{BOT_USERNAME}?start=brief-extra-story"


async def test_deep_link_start_opens_the_answer(tg: Harness) -> None:
    await tg.say("/start who-hatem-al-falahi")
    [text] = await tg.replies()
    assert text.startswith("<b>Hatem Al Falahi</b>")


async def test_429_is_waited_out_and_the_message_arrives(tg: Harness) -> None:
    tg.api.fail_next("sendMessage", "429", retry_after=1)
    await tg.say("/who Falahi")
    [call] = await tg.api.wait_for("sendMessage", within=15)
    [refused] = tg.api.of("sendMessage!429")
    assert call.at - refused.at >= 1.0
    assert call.params["text"].startswith("<b>Hatem Al Falahi</b>")


@pytest.mark.parametrize("fault", ["500", "drop"])
async def test_server_errors_are_logged_and_the_bot_goes_on(tg: Harness, fault: str) -> None:
    tg.api.fail_next("sendMessage", fault)
    await tg.say("/who Falahi")
    [apology] = await tg.api.wait_for("sendMessage")
    assert "Sorry, something went wrong" in apology.params["text"]
    await tg.say("/who Golani")
    calls = await tg.api.wait_for("sendMessage", 2)
    assert calls[1].params["text"].startswith("<b>Abu Mohammed al-Jolani</b>")
    assert "an update failed" in tg.log.getvalue()
    assert "Traceback" in tg.log.getvalue()


async def test_token_never_reaches_the_log(tg: Harness) -> None:
    tg.api.fail_next("sendMessage", "500")
    await tg.say("/who Falahi")
    await tg.say("/brief")
    await tg.api.wait_for("sendMessage", 2)
    logged = tg.log.getvalue()
    assert "an update failed" in logged  # the log did capture the failure
    assert TOKEN not in logged
    assert TOKEN.split(":")[1] not in logged
