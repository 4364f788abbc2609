"""Abuse limits: how many commands a user, and a chat, may send in a while.

A token bucket per user and per chat. The first command over a limit gets a polite "slow
down"; the ones after it get no answer at all until the bucket refills, so a flood costs the
bot almost nothing and never floods the chat back.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

__all__ = ["CommandLimits", "Rate", "Verdict"]


class Verdict(Enum):
    ALLOW = "allow"
    WARN = "warn"  # over the limit: say so, once
    SILENT = "silent"  # still over it: say nothing


@dataclass(frozen=True, slots=True)
class Rate:
    """`count` commands per `seconds`, e.g. Rate.parse("20/60")."""

    count: int
    seconds: float

    @classmethod
    def parse(cls, text: str) -> Rate:
        count, _, seconds = text.partition("/")
        rate = cls(int(count), float(seconds or 60))
        if rate.count < 1 or rate.seconds <= 0:
            raise ValueError("should be COUNT/SECONDS with both above zero, such as 20/60")
        return rate


class _Buckets:
    def __init__(self, rate: Rate, clock: Callable[[], float], remembered: int) -> None:
        self.rate, self.clock, self.remembered = rate, clock, remembered
        self._state: OrderedDict[str, tuple[float, float, bool]] = OrderedDict()

    def take(self, key: str) -> Verdict:
        now = self.clock()
        tokens, at, warned = self._state.pop(key, (float(self.rate.count), now, False))
        tokens = min(self.rate.count, tokens + (now - at) * self.rate.count / self.rate.seconds)
        if tokens >= 1:
            verdict, tokens, warned = Verdict.ALLOW, tokens - 1, False
        else:
            verdict, warned = (Verdict.SILENT if warned else Verdict.WARN), True
        self._state[key] = (tokens, now, warned)
        while len(self._state) > self.remembered:
            self._state.popitem(last=False)
        return verdict


class CommandLimits:
    def __init__(
        self,
        per_user: Rate,
        per_chat: Rate,
        clock: Callable[[], float] = time.monotonic,
        remembered: int = 100_000,
    ) -> None:
        self._users = _Buckets(per_user, clock, remembered)
        self._chats = _Buckets(per_chat, clock, remembered)

    def check(self, platform: str, chat_id: str, user_id: str) -> Verdict:
        """The verdict for one more command from this user in this chat."""
        user = self._users.take(f"{platform}:{user_id}") if user_id else Verdict.ALLOW
        if user is not Verdict.ALLOW:
            return user
        return self._chats.take(f"{platform}:{chat_id}")
