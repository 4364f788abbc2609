"""The Discord adapter, driven end to end: the real discord.py client against a local fake of
Discord's REST API and gateway; answers are checked on the recorded interaction callbacks."""

from __future__ import annotations

import asyncio
import io
import logging
import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.discord import LIMITS, DiscordAdapter, DiscordOptions
from bot.core import Core
from bot.library import Library, LibraryStore
from bot.logs import setup_logging
from bot.operations import OperatorCommands
from bot.schedules.clock import SystemClock
from bot.schedules.commands import SubscriptionCommands
from bot.schedules.repository import Repository
from bot.storage import Database

from .conftest import SHIPPED, minimal, write
from .fakes.discord_api import APP_ID, GUILD_ID, TOKEN, FakeDiscord, autocomplete, press, slash
from .fakes.discord_api import message as fake_message

PEOPLE = """
  - id: ali-hassan
    name: Ali Hassan
    role: Mayor @everyone
  - id: ali-hussein
    name: Ali Hussein
    role: Judge"""


def _big_briefing() -> str:
    facts = "".join(
        f"\n  - text: Fact {n:03d} **not bold** " + "word " * 60 + "\n    source: s1"
        for n in range(60)
    )
    quotes = "".join(
        f"\n  - text: Quote {n:02d} " + "said " * 150 + "\n    speaker: ali-hassan"
        "\n    context: at a press conference\n    source: s1"
        for n in range(30)
    )
    return minimal(
        "big-story",
        title="A very long story " + "x" * 300,
        key_facts=facts,
        quotes=quotes,
        people=PEOPLE,
        summary="Summary with @everyone and <@123> mentions. " + "Text. " * 900,
    )


@dataclass
class Harness:
    api: FakeDiscord
    log: io.StringIO

    async def run(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Dispatch an interaction; return the body of its callback."""
        before = len(self.api.of("/callback"))
        await self.api.dispatch("INTERACTION_CREATE", payload)
        calls = await self.api.wait_for("/callback", before + 1)
        call = calls[before]
        assert call.path == f"/interactions/{payload['id']}/{payload['token']}/callback"
        return call.body  # type: ignore[no-any-return]


async def _harness(
    library: Callable[[], Library] | None, directory: Path
) -> AsyncIterator[Harness]:
    store = LibraryStore(directory)
    store.load()
    assert store.problems == ()
    log = io.StringIO()
    setup_logging("DEBUG", [TOKEN], log)
    database = Database(f"sqlite:///{directory.parent / 'discord-test.db'}")
    await database.migrate()
    chat_commands = SubscriptionCommands(Repository(database), SystemClock())
    async with FakeDiscord() as api:
        options = DiscordOptions(
            token=TOKEN,
            api_base_url=api.api_url,
            gateway_url=api.gateway_url,
            guild_id=int(GUILD_ID),
        )
        operator = OperatorCommands(store, frozenset(), lambda: datetime.now(UTC))
        core = Core(library or (lambda: store.library), chat_commands, operator=operator)
        adapter = DiscordAdapter(core, options)
        stop = asyncio.Event()
        task = asyncio.create_task(adapter.run(stop))
        await api.wait_for("/commands")
        async with asyncio.timeout(10):
            await api.identified.wait()
        await asyncio.sleep(0.2)  # READY handled
        try:
            yield Harness(api, log)
        finally:
            stop.set()
            async with asyncio.timeout(10):
                await task
    await database.close()
    logging.getLogger().handlers.clear()


@pytest.fixture
async def dc(tmp_path: Path) -> AsyncIterator[Harness]:
    directory = tmp_path / "briefings"
    shutil.copytree(SHIPPED, directory)
    write(directory, "big.yaml", _big_briefing())
    async for harness in _harness(None, directory):
        yield harness


def _embed(body: dict[str, Any]) -> dict[str, Any]:
    [embed] = body["data"]["embeds"]
    return embed  # type: ignore[no-any-return]


def _buttons(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in body["data"].get("components", []) for c in row["components"]]


def _within_limits(embed: dict[str, Any]) -> None:
    assert len(embed.get("title", "")) <= LIMITS.title
    assert len(embed.get("description", "")) <= LIMITS.description
    fields = embed.get("fields", [])
    assert len(fields) <= LIMITS.fields
    for f in fields:
        assert (
            1 <= len(f["name"]) <= LIMITS.field_name and 1 <= len(f["value"]) <= LIMITS.field_value
        )
    total = (
        len(embed.get("title", ""))
        + len(embed.get("description", ""))
        + sum(len(f["name"]) + len(f["value"]) for f in fields)
        + len(embed.get("footer", {}).get("text", ""))
    )
    assert total <= LIMITS.total


async def test_slash_commands_are_synced_with_descriptions(dc: Harness) -> None:
    [call] = dc.api.of("/commands", "PUT")
    assert call.path == f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands"
    commands = {c["name"]: c for c in call.body}
    assert str(commands["status"]["default_member_permissions"]) == str(1 << 3)  # administrators
    assert set(commands) == {
        "status",
        "reload",
        "brief",
        "who",
        "quotes",
        "facts",
        "sources",
        "search",
        "help",
        "subscribe",
        "unsubscribe",
        "schedule",
    }
    assert all(1 <= len(c["description"]) <= 100 for c in call.body)
    who = commands["who"]["options"][0]
    assert who["name"] == "name" and who["required"] and who["autocomplete"]
    assert commands["brief"]["options"][0]["required"] is False


async def test_who_answers_with_an_embed(dc: Harness) -> None:
    body = await dc.run(slash("who", name="Golani"))
    assert body["type"] == 4
    embed = _embed(body)
    assert embed["title"] == "Abu Mohammed al-Jolani"
    assert embed["description"].startswith("*Leader of Hayat Tahrir al-Sham")
    assert any(
        f["name"] == "Abu Mohammed al-Jolani" and "Dear brothers" in f["value"]
        for f in embed["fields"]
    )
    assert body["data"]["allowed_mentions"] == {"parse": []}
    assert [b["custom_id"] for b in _buttons(body)] == ["bb:s/brief hama-offensive-2024-12"]


@pytest.mark.parametrize(
    ("name", "options", "title"),
    [
        ("brief", {}, "A very long story xxxxx"),  # the newest
        ("brief", {"topic": "hama"}, "Rebels take Hama one week into their offensive"),
        ("quotes", {"subject": "Falahi"}, "Quotes: Hatem Al Falahi"),
        ("facts", {"topic": "Aleppo"}, "Key facts: Rebels take Hama one week into their offensive"),
        ("sources", {"topic": "hama"}, "Sources: Rebels take Hama one week into their offensive"),
        ("search", {"words": "hezbollah"}, "Results for “hezbollah”"),
        ("help", {}, "What I can do"),
    ],
)
async def test_every_command(dc: Harness, name: str, options: dict[str, str], title: str) -> None:
    body = await dc.run(slash(name, **options))
    embed = _embed(body)
    assert embed["title"].startswith(title.rstrip("…"))
    _within_limits(embed)


async def test_briefing_footer_has_its_date(dc: Harness) -> None:
    embed = _embed(await dc.run(slash("brief", topic="hama")))
    assert embed["footer"]["text"] == "Briefing of 5 December 2024"
    assert any(f["name"] == "Key facts" for f in embed["fields"])
    assert any(f["name"] == "Sources" for f in embed["fields"])


async def test_autocomplete_offers_names_quickly(dc: Harness) -> None:
    body = await dc.run(autocomplete("who", "name", "jol"))
    assert body["type"] == 8
    choices = body["data"]["choices"]
    assert choices[0] == {"name": "Abu Mohammed al-Jolani", "value": "abu-mohammed-al-jolani"}
    assert len(choices) <= 25
    topics = await dc.run(autocomplete("brief", "topic", "hamah"))
    assert {
        "name": "Rebels take Hama one week into their offensive",
        "value": "hama-offensive-2024-12",
    } in topics["data"]["choices"]
    variant = await dc.run(autocomplete("who", "name", "al-Sharaa"))
    assert variant["data"]["choices"][0]["value"] == "abu-mohammed-al-jolani"


async def test_largest_briefing_is_paged_within_limits(dc: Harness) -> None:
    body = await dc.run(slash("brief", topic="big-story"))
    embed = _embed(body)
    _within_limits(embed)
    assert embed["title"].endswith("…") and len(embed["title"]) <= 256
    footer = embed["footer"]["text"]
    assert footer.startswith("Briefing of 10 January 2025 · page 1 of ")
    pages = int(footer.rsplit(" ", 1)[1])
    assert pages >= 4
    buttons = _buttons(body)
    assert [b["label"] for b in buttons[:3]] == ["◀ Previous", f"1 / {pages}", "Next ▶"]
    assert buttons[0]["disabled"] and not buttons[2]["disabled"]
    seen = [embed]
    message = fake_message(body["data"]["components"], [embed])
    for n in range(2, pages + 1):
        nxt = next(b for b in _buttons(body) if b["label"] == "Next ▶")
        message["components"] = body["data"]["components"]  # the message as it now stands
        body = await dc.run(press(nxt["custom_id"], message))
        assert body["type"] == 7
        page = _embed(body)
        _within_limits(page)
        assert page["footer"]["text"].endswith(f"page {n} of {pages}")
        seen.append(page)
    text = "\n".join(f["value"] for p in seen for f in p.get("fields", []))
    text += "\n".join(p.get("description", "") for p in seen)
    order = [text.index(f"Fact {n:03d}") for n in range(60)]
    assert order == sorted(order)
    assert all(f"Quote {n:02d}" in text for n in range(30))
    assert "\\*\\*not bold\\*\\*" in text  # markdown in a briefing is shown, not applied


async def test_mentions_never_ping(dc: Harness) -> None:
    for payload in (
        slash("brief", topic="big-story"),
        slash("who", name="@everyone"),
        slash("search", words="<@123> @here"),
    ):
        body = await dc.run(payload)
        assert body["data"]["allowed_mentions"] == {"parse": []}


async def test_unknown_name(dc: Harness) -> None:
    embed = _embed(await dc.run(slash("who", name="Zelensky")))
    assert embed["title"] == "No one found"
    assert "Zelensky" in embed["description"]


async def test_choice_buttons_replace_the_message(dc: Harness) -> None:
    body = await dc.run(slash("who", name="Ali"))
    ids = [b["custom_id"] for b in _buttons(body)]
    assert sorted(ids) == ["bb:e/who ali-hassan", "bb:e/who ali-hussein"]
    message = fake_message(body["data"]["components"])
    picked = await dc.run(press("bb:e/who ali-hassan", message))
    assert picked["type"] == 7
    assert _embed(picked)["title"] == "Ali Hassan"


async def test_429_from_the_api_is_waited_out(dc: Harness) -> None:
    dc.api.fail_next("/callback", retry_after=0.5)
    payload = slash("who", name="Falahi")
    await dc.api.dispatch("INTERACTION_CREATE", payload)
    await dc.api.wait_for("/callback", 2)
    [call] = dc.api.of("/callback", "POST")
    [refused] = dc.api.of("/callback", "POST!429")
    assert call.at - refused.at >= 0.5
    assert _embed(call.body)["title"] == "Hatem Al Falahi"


async def test_token_never_in_the_log(dc: Harness) -> None:
    await dc.run(slash("who", name="Golani"))
    logged = dc.log.getvalue()
    assert "INTERACTION_CREATE" in logged or "interaction" in logged.lower()
    assert TOKEN not in logged


async def test_a_failure_is_an_ephemeral_apology(tmp_path: Path) -> None:
    def broken() -> Library:
        raise RuntimeError("boom")

    async for harness in _harness(broken, tmp_path):
        body = await harness.run(slash("brief"))
        assert body["data"]["flags"] & 64  # ephemeral
        assert "Sorry, something went wrong" in _embed(body)["title"]
        assert "RuntimeError: boom" in harness.log.getvalue()


async def test_subscribe_needs_manage_server_or_channels(dc: Harness) -> None:
    refused = await dc.run(slash("subscribe", permissions="0", schedule="daily 08:00"))
    assert refused["data"]["flags"] & 64  # ephemeral
    assert "Only administrators" in _embed(refused)["description"]
    manage_channels = str(1 << 4)
    done = await dc.run(
        slash(
            "subscribe",
            permissions=manage_channels,
            schedule="weekdays 07:30 Europe/Berlin",
            topic="syria",
        )
    )
    assert _embed(done)["title"] == "Subscribed"
    listed = await dc.run(slash("schedule", permissions="0"))
    assert "weekdays 07:30 Europe/Berlin on “syria”" in _embed(listed)["description"]


async def test_digest_to_a_channel_carries_a_nonce(tmp_path: Path) -> None:
    from bot.errors import PermanentSendError
    from bot.schedules.digest import digest_reply

    store = LibraryStore(SHIPPED)
    store.load()
    async with FakeDiscord() as api:
        adapter = DiscordAdapter(
            Core(lambda: store.library),
            DiscordOptions(token=TOKEN, api_base_url=api.api_url, gateway_url=api.gateway_url),
        )
        await adapter.client.login(TOKEN)
        try:
            reply = digest_reply(list(store.library.briefings), None)
            await adapter.send_digest("777", reply, "sub-1-2026-11-30T08:00")
            [post] = api.of("/channels/777/messages", "POST")
            assert post.body["embeds"][0]["title"] == "Briefing digest: 1 new or updated"
            assert post.body["nonce"] and post.body["enforce_nonce"] is True
            assert post.body["allowed_mentions"] == {"parse": []}
            again = digest_reply(list(store.library.briefings), None)
            await adapter.send_digest("777", again, "sub-1-2026-11-30T08:00")
            first, second = api.of("/channels/777/messages", "POST")
            assert first.body["nonce"] == second.body["nonce"]  # Discord drops the repeat
            api.refuse_next("/channels/888/messages", 403)
            with pytest.raises(PermanentSendError):
                await adapter.send_digest("888", reply, "sub-2-2026-11-30T08:00")
        finally:
            await adapter.client.close()


async def test_sharded_client_answers_once(tmp_path: Path) -> None:
    store = LibraryStore(SHIPPED)
    store.load()
    async with FakeDiscord() as api:
        options = DiscordOptions(
            token=TOKEN, api_base_url=api.api_url, gateway_url=api.gateway_url, shard_count=2
        )
        adapter = DiscordAdapter(Core(lambda: store.library), options)
        stop = asyncio.Event()
        task = asyncio.create_task(adapter.run(stop))
        try:
            async with asyncio.timeout(30):
                while len([c for c in api.calls if c.path == "IDENTIFY"]) < 2:  # noqa: ASYNC110
                    await asyncio.sleep(0.05)
                while not await adapter.ready():  # noqa: ASYNC110
                    await asyncio.sleep(0.05)
            shards = sorted(c.body["shard"] for c in api.calls if c.path == "IDENTIFY")
            assert shards == [[0, 2], [1, 2]]
            await api.dispatch("INTERACTION_CREATE", slash("who", name="Golani"))
            [answer] = await api.wait_for("/callback")
            assert answer.body["data"]["embeds"][0]["title"] == "Abu Mohammed al-Jolani"
            await asyncio.sleep(0.3)
            assert len(api.of("/callback")) == 1
        finally:
            stop.set()
            await task


async def test_status_is_for_operators_only(dc: Harness) -> None:
    refused = await dc.run(slash("status"))
    assert refused["data"]["flags"] & 64
    assert "operators" in _embed(refused)["description"]
