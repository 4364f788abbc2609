"""The Telegram adapter: python-telegram-bot updates in, core replies rendered as HTML out.

Thin on purpose: every decision is the core's. This module only translates (commands, plain
text in private chats, button presses, inline queries) and sends what `render` makes.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
from dataclasses import dataclass

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from ...core import COMMANDS, Context, Core, Reply, ReplyKind, parse
from ...core.actions import ActionCodec
from ...core.text import shorten
from ...errors import PermanentSendError, RetryableSendError
from .render import TelegramMessage, render

__all__ = ["TelegramAdapter", "TelegramOptions"]

log = logging.getLogger(__name__)

# Opt in now to the durations python-telegram-bot will use in its next major version (timedelta,
# e.g. RetryAfter.retry_after), instead of a deprecation warning on every 429.
os.environ.setdefault("PTB_TIMEDELTA", "true")

_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_DEEP_LINK_LIMIT = 64  # characters of a t.me ?start= payload
_INLINE_RESULTS = 10
_CONNECTIONS = 32
CALLBACK_LIMIT = 64  # bytes of callback_data
_EDIT, _SEND = "e", "s"  # what a button does: replace its message, or send a new one


@dataclass(frozen=True, slots=True)
class TelegramOptions:
    token: str
    base_url: str = "https://api.telegram.org/bot"
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0:8443"
    webhook_secret: str | None = None
    rate_limiter: bool = True
    max_rate: float = 30.0  # messages a second, all chats together (Telegram's flood limit)
    poll_timeout: float = 10.0  # seconds a getUpdates long poll may wait


def _keyboard(message: TelegramMessage, codec: ActionCodec) -> InlineKeyboardMarkup | None:
    if not message.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    shorten(choice.label, 60),
                    callback_data=codec.encode((_EDIT if edit else _SEND) + choice.command),
                )
            ]
            for choice, edit in message.buttons
        ]
    )


class TelegramAdapter:
    """One bot on Telegram, serving `core`."""

    platform = "telegram"

    def __init__(self, core: Core, options: TelegramOptions) -> None:
        self.core = core
        self.options = options
        self.codec = ActionCodec(CALLBACK_LIMIT)
        builder = (
            ApplicationBuilder()
            .token(options.token)
            .base_url(options.base_url)
            # several requests in flight (PTB's default is one): a digest fan-out is paced by
            # the rate limiter, not by waiting for each answer in turn
            .connection_pool_size(_CONNECTIONS)
            .pool_timeout(30.0)
        )
        if options.rate_limiter:
            # waits out a 429's retry_after instead of dropping the message
            limiter = AIORateLimiter(overall_max_rate=options.max_rate, max_retries=5)
            builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
        self.application: Application = builder.build()  # type: ignore[type-arg]
        names = [spec.name for spec in COMMANDS]
        app = self.application
        app.add_handler(
            CommandHandler(
                names,
                self._on_command,
                filters=filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST,
            )
        )
        app.add_handler(MessageHandler(filters.COMMAND, self._on_other_command))
        app.add_handler(
            MessageHandler(
                filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, self._on_text
            )
        )
        app.add_handler(CallbackQueryHandler(self._on_button))
        app.add_handler(InlineQueryHandler(self._on_inline_query))
        app.add_error_handler(self._on_error)

    # ---- lifecycle

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until `stop` is set: long polling, or a webhook when a URL is configured."""
        app = self.application
        async with app:  # initialize ... shutdown
            await app.bot.set_my_commands(
                [
                    BotCommand(spec.name, spec.description)
                    for spec in COMMANDS
                    if spec.public and spec.name != "start"
                ]
            )
            await app.start()
            assert app.updater is not None
            if self.options.webhook_url:
                host, _, port = self.options.webhook_listen.rpartition(":")
                await app.updater.start_webhook(
                    listen=host or "0.0.0.0",
                    port=int(port),
                    url_path=self._webhook_path(),
                    webhook_url=self.options.webhook_url,
                    secret_token=self.options.webhook_secret,
                )
            else:
                await app.updater.start_polling(
                    timeout=int(self.options.poll_timeout), drop_pending_updates=False
                )
            log.info("telegram: serving as @%s", app.bot.username)
            await stop.wait()
            await app.updater.stop()
            await app.stop()

    async def ready(self) -> bool:
        """Connected and serving updates."""
        updater = self.application.updater
        return self.application.running and updater is not None and updater.running

    def _webhook_path(self) -> str:
        url = self.options.webhook_url or ""
        return url.split("://", 1)[-1].partition("/")[2]

    # ---- sending

    async def _send(self, chat_id: int, reply: Reply, thread_id: int | None = None) -> None:
        if reply.kind is ReplyKind.SILENT:
            return
        for message in render(reply):
            await self.application.bot.send_message(
                chat_id=chat_id,
                text=message.html,
                parse_mode=ParseMode.HTML,
                reply_markup=_keyboard(message, self.codec),
                link_preview_options=_NO_PREVIEW,
                message_thread_id=thread_id,
            )

    async def _answer(self, update: Update, text: str) -> None:
        message = update.effective_message
        if message is None:
            return
        reply = await self.core.handle(text, self._context(update))
        await self._send(message.chat_id, reply, message.message_thread_id)

    def _context(self, update: Update) -> Context:
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None
        kind = {"private": "private", "channel": "channel"}.get(str(chat.type), "group")
        bot = self.application.bot

        async def is_admin() -> bool:
            if kind != "group":  # a private chat is its user's; only admins post in channels
                return True
            if user is None:  # sent on behalf of the group itself: an anonymous admin
                return True
            member = await bot.get_chat_member(chat.id, user.id)
            return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)

        return Context("telegram", str(chat.id), str(user.id) if user else "", kind, is_admin)

    async def send_digest(self, chat_id: str, reply: Reply, key: str) -> None:
        """A scheduled post; failures are told apart for the scheduler (retry or pause)."""
        try:
            await self._send(int(chat_id), reply)
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)
            raise RetryableSendError(str(error), seconds) from error
        except (Forbidden, BadRequest) as error:  # removed from the chat, chat not found, ...
            raise PermanentSendError(str(error)) from error
        except NetworkError as error:  # 5xx, timeouts, dropped connections
            raise RetryableSendError(str(error)) from error

    # ---- handlers

    async def _on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and message.text:
            await self._answer(update, message.text)

    async def _on_other_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command we do not have: answered in private, or when addressed to this bot."""
        message = update.effective_message
        if message is None or not message.text:
            return
        addressed = parse(message.text).bot
        mine = addressed is not None and addressed.lower() == (context.bot.username or "").lower()
        if (message.chat.type == ChatType.PRIVATE and addressed is None) or mine:
            await self._answer(update, message.text)

    async def _on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and message.text:
            await self._answer(update, message.text)

    async def _on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        action = self.codec.decode(query.data or "")
        if action is None or action[:1] not in (_EDIT, _SEND) or len(action) < 2:
            await query.answer("This button has expired; please send the command again.")
            return
        command, edit = action[1:], action[0] == _EDIT
        reply = await self.core.handle(command)
        await query.answer()
        messages = render(reply)
        if query.message is None or (edit and len(messages) == 1):
            # a choice replaces the question; a message sent inline can only be edited
            first = messages[0]
            try:
                await query.edit_message_text(
                    first.html,
                    parse_mode=ParseMode.HTML,
                    reply_markup=_keyboard(first, self.codec),
                    link_preview_options=_NO_PREVIEW,
                )
            except BadRequest as error:  # pressing the same choice twice: "not modified"
                if "not modified" not in str(error).lower():
                    raise
            return
        await self._send(query.message.chat.id, reply)

    async def _on_inline_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        if query is None:
            return
        results = []
        for suggestion in await self.core.suggest(query.query, _INLINE_RESULTS):
            messages = render(await self.core.handle(suggestion.command))
            first = messages[0]
            markup = (
                _keyboard(first, self.codec)
                if len(messages) == 1
                else self._read_more(context, suggestion.kind, suggestion.key)
            )
            results.append(
                InlineQueryResultArticle(
                    id=hashlib.sha256(suggestion.command.encode()).hexdigest()[:32],
                    title=suggestion.title,
                    description=suggestion.description,
                    input_message_content=InputTextMessageContent(
                        first.html, parse_mode=ParseMode.HTML, link_preview_options=_NO_PREVIEW
                    ),
                    reply_markup=markup,
                )
            )
        await query.answer(results, cache_time=30)

    @staticmethod
    def _read_more(
        context: ContextTypes.DEFAULT_TYPE, kind: str, key: str
    ) -> InlineKeyboardMarkup | None:
        """A deep link to the whole answer in a private chat with the bot, when it fits."""
        payload = f"{'who' if kind == 'person' else 'brief'}-{key}"
        if len(payload) > _DEEP_LINK_LIMIT or not context.bot.username:
            return None
        url = f"https://t.me/{context.bot.username}?start={payload}"
        return InlineKeyboardMarkup([[InlineKeyboardButton("Read it all", url=url)]])

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log with the traceback; tell the user briefly; polling goes on."""
        log.error("telegram: an update failed", exc_info=context.error)
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        apology = Reply(
            title="Sorry, something went wrong",
            paragraphs=("I could not answer that one. Please try again in a moment.",),
            kind=ReplyKind.PROBLEM,
        )
        try:
            await self._send(update.effective_chat.id, apology)
        except Exception:  # the network may be what failed; the log has it already
            log.warning("telegram: could not send the apology", exc_info=True)
