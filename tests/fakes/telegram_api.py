"""A local stand-in for the Telegram Bot API, for the real python-telegram-bot client.

It serves `POST /bot<token>/<method>` on 127.0.0.1, hands out queued updates through
getUpdates (long polling), answers the sending methods with plausible results, records every
call, and can be told to fail the next calls of a method (429 with retry_after, 500, or a
dropped connection). Update payloads are built from real `telegram` objects (`to_dict`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from telegram import (
    CallbackQuery,
    Chat,
    InlineQuery,
    Message,
    MessageEntity,
    Update,
    User,
)

from bot.webserver import serve

__all__ = [
    "BOT_USERNAME",
    "TOKEN",
    "USER",
    "Call",
    "FakeBotAPI",
    "button_update",
    "command_update",
    "inline_update",
]


TOKEN = "123456789:AAHfake-token-for-tests_only"
BOT_USERNAME = "BriefTestBot"
BOT = User(id=123456789, first_name="Briefing", is_bot=True, username=BOT_USERNAME)
USER = User(id=4242, first_name="Ann", is_bot=False, username="ann")
_JSON_FIELDS = {"reply_markup", "results", "commands", "link_preview_options", "allowed_updates"}
_INT_FIELDS = {
    "chat_id",
    "message_id",
    "offset",
    "limit",
    "timeout",
    "message_thread_id",
    "cache_time",
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class FakeBotAPI:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.admins: set[int] = set()  # user ids getChatMember reports as administrators
        # sendMessage flood limit as a token bucket: (messages a second, burst); None: no limit
        self.flood_limit: tuple[float, float] | None = None
        self._tokens = 0.0
        self._refilled = time.monotonic()
        self.calls: list[Call] = []
        self.faults: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._new_update = asyncio.Event()
        self._new_call = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ---- lifecycle

    async def __aenter__(self) -> FakeBotAPI:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner, self.port = await serve(app, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # ---- what tests do

    def push(self, update: Update | dict[str, Any]) -> int:
        payload = update.to_dict() if isinstance(update, Update) else dict(update)
        payload["update_id"] = next(self._update_ids)
        self._updates.append(payload)
        self._new_update.set()
        return int(payload["update_id"])

    def limit_sending(self, rate: float, burst: float) -> None:
        """Answer sendMessage with 429 above `rate` a second (a bucket of `burst`)."""
        self.flood_limit = (rate, burst)
        self._tokens, self._refilled = burst, time.monotonic()

    def fail_next(self, method: str, kind: str, retry_after: int = 1, times: int = 1) -> None:
        """Make the next `times` calls of `method` fail: "429", "500" or "drop"."""
        self.faults[method] += [(kind, retry_after)] * times

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int = 1, *, within: float = 10.0) -> list[Call]:
        """The calls of `method` once there are at least `count`; fails after `within` s."""
        async with asyncio.timeout(within):
            while len(self.of(method)) < count:
                self._new_call.clear()
                await self._new_call.wait()
        return self.of(method)

    # ---- serving

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = self._params(dict(await request.post()))
        if method == "sendMessage" and self._flooded():
            self.calls.append(Call("sendMessage!429", params))
            return self._fault(request, "429", 1)
        if method != "getUpdates":
            faults = self.faults.get(method)
            if faults:
                kind, retry_after = faults.pop(0)
                self.calls.append(Call(f"{method}!{kind}", params))
                return self._fault(request, kind, retry_after)
            self.calls.append(Call(method, params))
            self._new_call.set()
        handler = getattr(self, f"_m_{method}", None)
        result = await handler(params) if handler else True
        return web.json_response({"ok": True, "result": result})

    def _flooded(self) -> bool:
        if self.flood_limit is None:
            return False
        rate, burst = self.flood_limit
        now = time.monotonic()
        self._tokens = min(burst, self._tokens + (now - self._refilled) * rate)
        self._refilled = now
        if self._tokens < 1:
            return True
        self._tokens -= 1
        return False

    @staticmethod
    def _params(raw: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in raw.items():
            if key in _JSON_FIELDS:
                out[key] = json.loads(value)
            elif key in _INT_FIELDS:
                out[key] = int(value)
            else:
                out[key] = value
        return out

    @staticmethod
    def _fault(request: web.Request, kind: str, retry_after: int) -> web.StreamResponse:
        if kind == "429":
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {retry_after}",
                    "parameters": {"retry_after": retry_after},
                },
                status=429,
            )
        if kind == "403":
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 403,
                    "description": "Forbidden: bot was kicked from the group chat",
                },
                status=403,
            )
        if kind == "500":
            return web.json_response(
                {"ok": False, "error_code": 500, "description": "Internal Server Error"}, status=500
            )
        assert request.transport is not None
        request.transport.close()  # "drop": the connection goes away mid-request
        return web.Response()

    async def _m_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        data = BOT.to_dict()
        data.update(
            can_join_groups=True, can_read_all_group_messages=False, supports_inline_queries=True
        )
        return data

    async def _m_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = params.get("offset", 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates:
            self._new_update.clear()
            try:
                async with asyncio.timeout(min(float(params.get("timeout", 0)), 0.5)):
                    await self._new_update.wait()
            except TimeoutError:
                pass
        return self._updates[: params.get("limit", 100)]

    def _message(self, params: dict[str, Any], message_id: int | None = None) -> dict[str, Any]:
        chat_id = params.get("chat_id", 0)
        data: dict[str, Any] = {
            "message_id": message_id or next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": BOT.to_dict(),
            "text": params.get("text", ""),
        }
        if "reply_markup" in params:
            data["reply_markup"] = params["reply_markup"]
        return data

    async def _m_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        user_id = int(params["user_id"])
        status = "administrator" if user_id in self.admins else "member"
        member: dict[str, Any] = {
            "status": status,
            "user": {"id": user_id, "is_bot": False, "first_name": "U"},
        }
        if status == "administrator":
            member.update(
                can_be_edited=False,
                is_anonymous=False,
                can_manage_chat=True,
                can_delete_messages=True,
                can_manage_video_chats=True,
                can_restrict_members=True,
                can_promote_members=False,
                can_change_info=True,
                can_invite_users=True,
                can_post_stories=False,
                can_edit_stories=False,
                can_delete_stories=False,
            )
        return member

    async def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params)

    async def _m_editMessageText(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        if "inline_message_id" in params:
            return True
        return self._message(params, params.get("message_id"))


# ---- payload factories: real telegram objects


def command_update(
    text: str, *, chat_id: int = USER.id, chat_type: str = "private", user: User = USER
) -> Update:
    """A message as a user sends it; a leading /command gets its bot_command entity."""
    entities = []
    if text.startswith("/"):
        length = len(text.split(maxsplit=1)[0])
        entities.append(MessageEntity(MessageEntity.BOT_COMMAND, 0, length))
    chat = Chat(chat_id, chat_type, title=None if chat_type == "private" else "Newsroom")
    message = Message(
        message_id=1,
        date=datetime.now(UTC),
        chat=chat,
        from_user=user,
        text=text,
        entities=entities,
    )
    return Update(0, message=message)


def button_update(
    data: str, message: dict[str, Any] | None, *, inline_message_id: str | None = None
) -> dict[str, Any]:
    """A press on an inline button under `message` (a message the fake sent) or inline."""
    query = CallbackQuery(
        id="cbq-1",
        from_user=USER,
        chat_instance="ci",
        data=data,
        inline_message_id=inline_message_id,
    )
    payload: dict[str, Any] = {"callback_query": query.to_dict()}
    if message is not None:
        payload["callback_query"]["message"] = message
    return payload


def inline_update(query: str) -> Update:
    return Update(0, inline_query=InlineQuery(id="iq-1", from_user=USER, query=query, offset=""))
