"""Button payloads: an action string (a command line and what the button does with it) in
the few bytes a platform allows (Telegram: 64 bytes of callback_data; Discord: 100 characters
of custom_id).

Most actions fit as they are, so buttons keep working across restarts. A longer one is kept
under a short digest in a bounded memory; after a restart such a button has expired, and
`decode` says so with None.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

__all__ = ["ActionCodec"]

_DIGEST = "#"


class ActionCodec:
    def __init__(self, limit_bytes: int, remembered: int = 10_000) -> None:
        self.limit_bytes = limit_bytes
        self._long: OrderedDict[str, str] = OrderedDict()
        self._remembered = remembered

    def encode(self, action: str) -> str:
        if len(action.encode()) <= self.limit_bytes and not action.startswith(_DIGEST):
            return action
        digest = (
            _DIGEST + hashlib.sha256(action.encode()).hexdigest()[: min(40, self.limit_bytes - 1)]
        )
        self._long[digest] = action
        self._long.move_to_end(digest)
        while len(self._long) > self._remembered:
            self._long.popitem(last=False)
        return digest

    def decode(self, data: str) -> str | None:
        """The action, or None for a digest no longer remembered."""
        if data.startswith(_DIGEST):
            return self._long.get(data)
        return data
