"""The Discord adapter: slash commands with autocomplete, answers as embeds, buttons for pages
and choices. Thin on purpose: every decision is the core's.

Buttons carry their action in their custom_id (`bb:` + a command line, see `core.actions`) and
are handled by one `DynamicItem`, so they keep working after a restart. No privileged intent is
needed, and every message is sent with mentions disabled.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord
import discord.gateway
import discord.http
import discord.webhook.async_
import yarl
from aiolimiter import AsyncLimiter
from discord import app_commands

from ...core import Context, Core, Reply, ReplyKind
from ...core.actions import ActionCodec
from ...core.text import shorten
from ...errors import PermanentSendError, RetryableSendError
from .render import Page, render

__all__ = ["DiscordAdapter", "DiscordOptions", "point_at"]

log = logging.getLogger(__name__)

_PREFIX = "bb:"
CUSTOM_ID_LIMIT = 100
_EDIT, _SEND, _PAGE = "e", "s", "p"  # replace the message / answer anew / show page N
_NO_MENTIONS = discord.AllowedMentions.none()
_VIEW_TIMEOUT = 600.0  # a sent view is kept in memory this long; its buttons work after too
_AUTOCOMPLETE = 25
_REQUESTS_PER_SECOND = 45  # under Discord's 50 a second, leaving room for interactions


@dataclass(frozen=True, slots=True)
class DiscordOptions:
    token: str
    api_base_url: str | None = None
    gateway_url: str | None = None
    guild_id: int | None = None
    shard_count: int | None = None  # None: one connection, no sharding


def point_at(api_base_url: str | None, gateway_url: str | None) -> None:
    """Send REST calls and the gateway connection elsewhere (a local server in tests).

    discord.py keeps these as class attributes; interaction callbacks go through the webhook
    module's own Route, so both are set.
    """
    if api_base_url:
        base = api_base_url.rstrip("/")
        discord.http.Route.BASE = base
        discord.webhook.async_.Route.BASE = base  # type: ignore[attr-defined]
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


class _Client(discord.Client):
    adapter: DiscordAdapter

    async def setup_hook(self) -> None:
        await self.adapter.setup()


class _ShardedClient(discord.AutoShardedClient, _Client):
    """Several gateway shards in one process, for large bots (DISCORD_SHARD_COUNT)."""


class ActionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"bb:(?P<data>.+)"):
    """Any button the bot sent: its custom_id holds what pressing it does."""

    def __init__(
        self,
        data: str,
        label: str = "…",
        *,
        disabled: bool = False,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        row: int | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label, custom_id=_PREFIX + data, style=style, disabled=disabled, row=row
            )
        )
        self.data = data

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ActionButton:
        return cls(match["data"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        client = interaction.client
        assert isinstance(client, _Client)
        await client.adapter.on_button(interaction, self.data)


class DiscordAdapter:
    """One bot on Discord, serving `core`."""

    platform = "discord"

    def __init__(self, core: Core, options: DiscordOptions) -> None:
        point_at(options.api_base_url, options.gateway_url)
        self.core = core
        self.options = options
        self.codec = ActionCodec(CUSTOM_ID_LIMIT - len(_PREFIX))
        # a text-only bot: no warnings about the missing voice libraries
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        if options.shard_count:
            self.client: _Client = _ShardedClient(
                intents=discord.Intents.none(),
                allowed_mentions=_NO_MENTIONS,
                shard_count=options.shard_count,
            )
        else:
            self.client = _Client(intents=discord.Intents.none(), allowed_mentions=_NO_MENTIONS)
        self.client.adapter = self
        self.tree = app_commands.CommandTree(self.client)
        self._pace = AsyncLimiter(_REQUESTS_PER_SECOND, 1)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        self._commands()

    # ---- lifecycle

    async def setup(self) -> None:
        """Register the buttons' handler and sync the slash commands (to one guild if set)."""
        self.client.add_dynamic_items(ActionButton)
        if self.options.guild_id:
            guild = discord.Object(id=self.options.guild_id)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
        else:
            await self.tree.sync()

    async def run(self, stop: asyncio.Event) -> None:
        """Log in, connect to the gateway, and close cleanly when `stop` is set."""
        async with self.client:
            await self.client.login(self.options.token)
            connection = asyncio.create_task(self.client.connect(reconnect=True))
            stopping = asyncio.create_task(stop.wait())
            await asyncio.wait({connection, stopping}, return_when=asyncio.FIRST_COMPLETED)
            await self.client.close()
            stopping.cancel()
            await asyncio.gather(connection, return_exceptions=True)
            if connection.done() and connection.exception() and not stop.is_set():
                raise connection.exception()  # type: ignore[misc]

    async def ready(self) -> bool:
        """Connected to the gateway and ready."""
        return self.client.is_ready() and not self.client.is_closed()

    # ---- commands

    def _commands(self) -> None:
        tree, answer = self.tree, self._answer

        @tree.command(name="brief", description="The latest briefing, or the one about a topic")
        @app_commands.describe(topic="A topic, place, person or briefing id (empty: the latest)")
        async def brief(interaction: discord.Interaction, topic: str | None = None) -> None:
            await answer(interaction, f"/brief {topic or ''}")

        @tree.command(name="who", description="Who someone is, their quotes and briefings")
        @app_commands.describe(name="A name as you heard it: spellings and part of a name work")
        async def who(interaction: discord.Interaction, name: str) -> None:
            await answer(interaction, f"/who {name}")

        @tree.command(name="quotes", description="What someone said, or a briefing's quotes")
        @app_commands.describe(subject="A person, or a topic")
        async def quotes(interaction: discord.Interaction, subject: str) -> None:
            await answer(interaction, f"/quotes {subject}")

        @tree.command(name="facts", description="The key facts of a briefing, with sources")
        @app_commands.describe(topic="A topic, place, person or briefing id (empty: the latest)")
        async def facts(interaction: discord.Interaction, topic: str | None = None) -> None:
            await answer(interaction, f"/facts {topic or ''}")

        @tree.command(name="sources", description="The sources a briefing is based on")
        @app_commands.describe(topic="A topic, place, person or briefing id (empty: the latest)")
        async def sources(interaction: discord.Interaction, topic: str | None = None) -> None:
            await answer(interaction, f"/sources {topic or ''}")

        @tree.command(name="search", description="Briefings and people matching some words")
        @app_commands.describe(words="Words to look for")
        async def search(interaction: discord.Interaction, words: str) -> None:
            await answer(interaction, f"/search {words}")

        @tree.command(name="subscribe", description="Post a briefing digest here on a schedule")
        @app_commands.describe(
            schedule="daily 08:00, weekdays 07:30 Europe/Berlin, every 6h, or a cron expression",
            topic="Only briefings about this (a tag, place or person); empty: all",
        )
        async def subscribe(
            interaction: discord.Interaction, schedule: str, topic: str | None = None
        ) -> None:
            await answer(interaction, f"/subscribe {schedule} {topic or ''}")

        @tree.command(name="unsubscribe", description="Stop a scheduled digest")
        @app_commands.describe(number="The subscription's number, as /schedule shows it")
        async def unsubscribe(interaction: discord.Interaction, number: int | None = None) -> None:
            await answer(interaction, f"/unsubscribe {number if number is not None else ''}")

        @tree.command(name="schedule", description="This channel's scheduled digests")
        async def schedule(interaction: discord.Interaction) -> None:
            await answer(interaction, "/schedule")

        @tree.command(name="status", description="Briefings, problems, uptime (operators)")
        @app_commands.default_permissions(administrator=True)
        async def status(interaction: discord.Interaction) -> None:
            await answer(interaction, "/status")

        @tree.command(name="reload", description="Reload every briefing file (operators)")
        @app_commands.default_permissions(administrator=True)
        async def reload(interaction: discord.Interaction) -> None:
            await answer(interaction, "/reload")

        @tree.command(name="help", description="What this bot can do")
        async def help_(interaction: discord.Interaction) -> None:
            await answer(interaction, "/help")

        brief.autocomplete("topic")(self._topics)
        facts.autocomplete("topic")(self._topics)
        sources.autocomplete("topic")(self._topics)
        who.autocomplete("name")(self._people)
        quotes.autocomplete("subject")(self._people)

    async def _people(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        found = await self.core.suggest(current, _AUTOCOMPLETE)
        return [_choice(s.title, s.key) for s in found if s.kind == "person"]

    async def _topics(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        found = await self.core.suggest(current, _AUTOCOMPLETE)
        return [_choice(s.title, s.key) for s in found]

    # ---- answering

    async def _answer(self, interaction: discord.Interaction, line: str) -> None:
        reply = await self.core.handle(line, _context(interaction))
        if reply.kind is ReplyKind.SILENT:  # an interaction must be answered: only to them
            await interaction.response.send_message("Please slow down.", ephemeral=True)
            return
        pages = render(reply)
        await interaction.response.send_message(
            embed=pages[0].embed,
            view=self._view(pages[0], line, 1, len(pages)) or discord.utils.MISSING,
            allowed_mentions=_NO_MENTIONS,
            ephemeral=reply.kind is ReplyKind.PROBLEM,
        )

    def _view(self, page: Page, line: str, number: int, count: int) -> discord.ui.View | None:
        buttons: list[ActionButton] = []
        if count > 1:
            buttons += [
                ActionButton(
                    self.codec.encode(f"{_PAGE}{number - 1}{line}"),
                    "◀ Previous",
                    disabled=number == 1,
                    row=0,
                ),
                ActionButton(
                    self.codec.encode(f"{_PAGE}{number}{line}"),
                    f"{number} / {count}",
                    disabled=True,
                    row=0,
                ),
                ActionButton(
                    self.codec.encode(f"{_PAGE}{number + 1}{line}"),
                    "Next ▶",
                    disabled=number == count,
                    row=0,
                ),
            ]
        first_row = 1 if count > 1 else 0
        for n, (choice, edit) in enumerate(page.buttons[: 5 * (5 - first_row)]):
            action = (_EDIT if edit else _SEND) + choice.command
            buttons.append(
                ActionButton(
                    self.codec.encode(action),
                    shorten(choice.label, 80),
                    style=discord.ButtonStyle.primary if edit else discord.ButtonStyle.secondary,
                    row=first_row + n // 5,
                )
            )
        if not buttons:
            return None
        view = discord.ui.View(timeout=_VIEW_TIMEOUT)
        for button in buttons:
            view.add_item(button)
        return view

    async def on_button(self, interaction: discord.Interaction[Any], data: str) -> None:
        action = self.codec.decode(data)
        if action is None or action[:1] not in (_EDIT, _SEND, _PAGE):
            await interaction.response.send_message(
                "This button has expired; please use the command again.", ephemeral=True
            )
            return
        kind, rest = action[0], action[1:]
        number = 1
        if kind == _PAGE:
            digits = re.match(r"\d+", rest)
            number = int(digits.group()) if digits else 1
            rest = rest[digits.end() :] if digits else rest
        try:
            reply = await self.core.handle(rest, _context(interaction))
            pages = render(reply)
            number = min(max(number, 1), len(pages))
            page = pages[number - 1]
            view = self._view(page, rest, number, len(pages))
            if kind == _SEND:
                await interaction.response.send_message(
                    embed=page.embed,
                    view=view or discord.utils.MISSING,
                    allowed_mentions=_NO_MENTIONS,
                    ephemeral=reply.kind is ReplyKind.PROBLEM,
                )
            else:
                await interaction.response.edit_message(
                    embed=page.embed, view=view, allowed_mentions=_NO_MENTIONS
                )
        except Exception as error:
            await self._report(interaction, error)

    async def send_digest(self, chat_id: str, reply: Reply, key: str) -> None:
        """A scheduled post to a channel, paced under Discord's 50 requests a second; the nonce
        makes Discord drop a repeat of the same post (after a crash between send and mark)."""
        channel = self.client.get_partial_messageable(int(chat_id))
        pages = render(reply)
        try:
            for n, page in enumerate(pages, 1):
                view = self._view(page, "", 1, 1) if n == len(pages) else None
                async with self._pace:
                    # discord.py sends enforce_nonce with every nonce: a repeat is dropped
                    await channel.send(
                        embed=page.embed,
                        view=view or discord.utils.MISSING,
                        nonce=hashlib.sha256(f"{key}#{n}".encode()).hexdigest()[:25],
                        allowed_mentions=_NO_MENTIONS,
                    )
        except (discord.Forbidden, discord.NotFound) as error:
            raise PermanentSendError(str(error)) from error
        except discord.HTTPException as error:
            if error.status == 429 or error.status >= 500:
                raise RetryableSendError(str(error)) from error
            raise PermanentSendError(str(error)) from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise RetryableSendError(str(error)) from error

    async def _on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await self._report(interaction, error)

    async def _report(self, interaction: discord.Interaction[Any], error: Exception) -> None:
        """The traceback to the log, a short ephemeral apology to the user."""
        log.error("discord: an interaction failed", exc_info=error)
        apology = "Sorry, something went wrong. Please try again in a moment."
        try:
            if interaction.response.is_done():
                await interaction.followup.send(
                    apology, ephemeral=True, allowed_mentions=_NO_MENTIONS
                )
            else:
                await interaction.response.send_message(
                    apology, ephemeral=True, allowed_mentions=_NO_MENTIONS
                )
        except Exception:
            log.warning("discord: could not send the apology", exc_info=True)


def _context(interaction: discord.Interaction[Any]) -> Context:
    permissions = interaction.permissions

    async def is_admin() -> bool:
        return interaction.guild_id is None or bool(
            permissions.manage_guild or permissions.manage_channels
        )

    kind = "private" if interaction.guild_id is None else "group"
    return Context("discord", str(interaction.channel_id), str(interaction.user.id), kind, is_admin)


def _choice(name: str, value: str) -> app_commands.Choice[str]:
    return app_commands.Choice(name=shorten(" ".join(name.split()), 100) or "…", value=value[:100])
