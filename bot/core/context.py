"""Who is asking, from where: what commands about a chat (subscriptions) need to know.

Adapters fill it in; `is_admin` is a coroutine so that a platform call (Telegram's
getChatMember) is made only by the commands that need the answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

__all__ = ["Context"]


async def _yes() -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Context:
    platform: str  # "telegram", "discord", "console"
    chat_id: str
    user_id: str = ""
    chat_kind: str = "private"  # private, group, channel
    is_admin: Callable[[], Awaitable[bool]] = _yes
