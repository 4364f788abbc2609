"""A local stand-in for Discord's REST API and gateway, for the real discord.py client.

REST under `/api/v10`: the login calls, command sync, interaction callbacks and follow-ups, each
recorded; any route can be told to answer its next call with a 429. The gateway at `/gateway` is
a websocket speaking HELLO, IDENTIFY -> READY, heartbeats, and dispatching events (such as
INTERACTION_CREATE) that tests build with the helpers below.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from bot.webserver import serve

__all__ = ["APP_ID", "GUILD_ID", "TOKEN", "Call", "FakeDiscord"]

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gfake1.fake-discord-token-for-tests"
APP_ID = "111111111111111111"
GUILD_ID = "222222222222222222"
CHANNEL_ID = "333333333333333333"
BOT_USER = {
    "id": APP_ID,
    "username": "BriefBot",
    "discriminator": "0",
    "global_name": None,
    "avatar": None,
    "bot": True,
}
MEMBER_USER = {
    "id": "444444444444444444",
    "username": "editor",
    "discriminator": "0",
    "global_name": "Editor",
    "avatar": None,
}


@dataclass
class Call:
    method: str
    path: str
    body: Any
    at: float = field(default_factory=time.monotonic)


class FakeDiscord:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.faults: dict[str, list[float]] = defaultdict(list)  # path suffix -> retry_after
        self.refusals: dict[str, list[int]] = defaultdict(list)  # path suffix -> status
        self.identified = asyncio.Event()
        self._sockets: list[web.WebSocketResponse] = []
        self._shards: dict[int, tuple[int, int]] = {}  # socket -> (shard id, shard count)
        self._sequence = itertools.count(1)
        self._ids = itertools.count(900000000000000000)
        self._new_call = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def __aenter__(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        self._runner, self.port = await serve(app, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        for ws in self._sockets:
            await ws.close()
        assert self._runner is not None
        await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # ---- what tests do

    def fail_next(self, path_end: str, retry_after: float = 0.5) -> None:
        self.faults[path_end].append(retry_after)

    def refuse_next(self, path_end: str, status: int = 403) -> None:
        """Answer the next call whose path ends so with `status` (403: Missing Access)."""
        self.refusals[path_end].append(status)

    def of(self, path_end: str, method: str | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.path.endswith(path_end) and (method is None or c.method == method)
        ]

    async def wait_for(self, path_end: str, count: int = 1, *, within: float = 10.0) -> list[Call]:
        async with asyncio.timeout(within):
            while len(self.of(path_end)) < count:
                self._new_call.clear()
                await self._new_call.wait()
        return self.of(path_end)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event as Discord does: to the one shard that owns the guild (all shards
        are shard 0 of 1 when the bot does not shard)."""
        payload = json.dumps({"op": 0, "t": event, "s": next(self._sequence), "d": data})
        guild = int(data.get("guild_id") or 0)
        for ws in list(self._sockets):
            shard, count = self._shards.get(id(ws), (0, 1))
            if (guild >> 22) % count == shard:
                await ws.send_str(payload)

    # ---- the gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 45000}})
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if data["op"] == 1:  # heartbeat
                await ws.send_json({"op": 11})
            elif data["op"] == 2:  # identify
                self.calls.append(Call("WS", "IDENTIFY", data["d"]))
                shard = data["d"].get("shard") or [0, 1]
                self._shards[id(ws)] = (shard[0], shard[1])
                await ws.send_json(
                    {
                        "op": 0,
                        "t": "READY",
                        "s": next(self._sequence),
                        "d": {
                            "v": 10,
                            "user": BOT_USER,
                            "guilds": [],
                            "session_id": "session-1",
                            "resume_gateway_url": self.gateway_url,
                            "application": {"id": APP_ID, "flags": 0},
                            "shard": list(self._shards[id(ws)]),
                        },
                    }
                )
                self.identified.set()
        self._sockets.remove(ws)
        return ws

    # ---- REST

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["path"]
        body: Any = None
        if request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
            elif request.content_type.startswith("multipart/"):
                form = await request.post()
                body = json.loads(str(form.get("payload_json", "null")))
        for end, statuses in self.refusals.items():
            if statuses and path.endswith(end):
                status = statuses.pop(0)
                self.calls.append(Call(f"{request.method}!{status}", path, body))
                return _json({"message": "Missing Access", "code": 50001}, status=status)
        for end, retries in self.faults.items():
            if retries and path.endswith(end):
                retry_after = retries.pop(0)
                self.calls.append(Call(request.method + "!429", path, body))
                return _json(
                    {
                        "message": "You are being rate limited.",
                        "retry_after": retry_after,
                        "global": False,
                    },
                    status=429,
                    headers={
                        "Retry-After": str(retry_after),
                        "X-RateLimit-Scope": "user",
                        # Discord's own answers come through a proxy that says so; a 429
                        # without it is a ban at the edge, which discord.py does not retry
                        "Via": "1.1 google",
                    },
                )
        self.calls.append(Call(request.method, path, body))
        self._new_call.set()
        return _json(self._answer(request.method, path, body))

    def _message(self, data: dict[str, Any] | None) -> dict[str, Any]:
        data = data or {}
        return dict(
            message(data.get("components", []), data.get("embeds", [])),
            id=str(next(self._ids)),
            flags=data.get("flags", 0),
            content=data.get("content", ""),
        )

    def _answer(self, method: str, path: str, body: Any) -> Any:
        if path == "/users/@me":
            return BOT_USER
        if path == "/oauth2/applications/@me":
            return {
                "id": APP_ID,
                "name": "BriefBot",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": MEMBER_USER,
                "verify_key": "00",
                "flags": 0,
                "team": None,
                "summary": "",
                "rpc_origins": [],
            }
        if path.endswith("/commands") and method == "PUT":
            return [
                dict(
                    c,
                    id=str(next(self._ids)),
                    application_id=APP_ID,
                    version="1",
                    default_member_permissions=None,
                    dm_permission=True,
                    nsfw=False,
                    type=c.get("type", 1),
                )
                for c in body
            ]
        if path.endswith("/callback"):
            interaction_id = path.split("/")[2]
            kind = body["type"]
            answer: dict[str, Any] = {
                "interaction": {
                    "id": interaction_id,
                    "type": 2,
                    "response_message_loading": kind == 5,
                    "response_message_ephemeral": bool(
                        (body.get("data") or {}).get("flags", 0) & 64
                    ),
                }
            }
            if kind in (4, 7):
                message = self._message(body.get("data"))
                answer["interaction"]["response_message_id"] = message["id"]
                answer["resource"] = {"type": kind, "message": message}
            return answer
        if path.startswith("/webhooks/"):
            return self._message(body)
        if path.startswith("/channels/") and path.endswith("/messages") and method == "POST":
            return dict(self._message(body), channel_id=path.split("/")[2])
        return {}


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with the bare content type, the one discord.py recognises."""
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


# ---- payload factories


def message(components: list[Any], embeds: list[Any] | None = None) -> dict[str, Any]:
    """A message the bot sent, as a component interaction carries it."""
    return {
        "id": "1",
        "channel_id": CHANNEL_ID,
        "author": BOT_USER,
        "content": "",
        "embeds": embeds or [],
        "components": components,
        "attachments": [],
        "timestamp": "2026-11-30T10:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
    }


_interaction_ids = itertools.count(700000000000000000)


def _base(
    kind: int, data: dict[str, Any], *, guild: bool = True, permissions: str = "2147483647"
) -> dict[str, Any]:
    interaction_id = str(next(_interaction_ids))
    payload: dict[str, Any] = {
        "id": interaction_id,
        "application_id": APP_ID,
        "type": kind,
        "data": data,
        "token": f"interaction-token-{interaction_id}",
        "version": 1,
        "channel_id": CHANNEL_ID,
        "locale": "en-US",
        "entitlements": [],
        "app_permissions": "2147483647",
        "authorizing_integration_owners": {"0": GUILD_ID},
        "context": 0 if guild else 1,
        "attachment_size_limit": 10485760,
    }
    if guild:
        payload["guild_id"] = GUILD_ID
        payload["guild_locale"] = "en-US"
        payload["channel"] = {
            "id": CHANNEL_ID,
            "type": 0,
            "guild_id": GUILD_ID,
            "name": "news",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "flags": 0,
        }
        payload["member"] = {
            "user": MEMBER_USER,
            "roles": [],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "permissions": permissions,
            "nick": None,
            "avatar": None,
            "pending": False,
            "premium_since": None,
        }
    else:
        payload["user"] = MEMBER_USER
        payload["channel"] = {"id": CHANNEL_ID, "type": 1, "recipients": [MEMBER_USER], "flags": 0}
    return payload


def slash(
    command: str, guild: bool = True, permissions: str = "2147483647", **options: str
) -> dict[str, Any]:
    """A slash command; `permissions` are the member's (default: all, as an administrator)."""
    data = {
        "id": "555555555555555555",
        "name": command,
        "type": 1,
        "options": [{"name": k, "type": 3, "value": v} for k, v in options.items()],
    }
    if guild:
        data["guild_id"] = GUILD_ID
    return _base(2, data, guild=guild, permissions=permissions)


def autocomplete(command: str, option: str, value: str) -> dict[str, Any]:
    data = {
        "id": "555555555555555555",
        "name": command,
        "type": 1,
        "guild_id": GUILD_ID,
        "options": [{"name": option, "type": 3, "value": value, "focused": True}],
    }
    return _base(4, data)


def press(custom_id: str, message: dict[str, Any]) -> dict[str, Any]:
    payload = _base(3, {"custom_id": custom_id, "component_type": 2})
    payload["message"] = message
    return payload
