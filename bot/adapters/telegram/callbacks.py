"""Button payloads: a command line and whether pressing replaces the message, in 64 bytes.

Most commands fit as they are (`e/who hafez-al-assad`), so buttons keep working across restarts.
A longer one is stored under a short digest in a bounded memory; after a restart such a button
answers that it has expired.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

__all__ = ["CALLBACK_LIMIT", "CallbackCodec"]

CALLBACK_LIMIT = 64  # bytes, Telegram's limit for callback_data
_EDIT, _SEND, _DIGEST = "e", "s", "#"


class CallbackCodec:
    def __init__(self, remembered: int = 10_000) -> None:
        self._long: OrderedDict[str, tuple[str, bool]] = OrderedDict()
        self._remembered = remembered

    def encode(self, command: str, *, edit: bool) -> str:
        data = (_EDIT if edit else _SEND) + command
        if len(data.encode()) <= CALLBACK_LIMIT:
            return data
        digest = _DIGEST + hashlib.sha256(data.encode()).hexdigest()[:40]
        self._long[digest] = (command, edit)
        self._long.move_to_end(digest)
        while len(self._long) > self._remembered:
            self._long.popitem(last=False)
        return digest

    def decode(self, data: str) -> tuple[str, bool] | None:
        """The command and whether to edit; None for a payload not (or no longer) ours."""
        if data.startswith(_DIGEST):
            return self._long.get(data)
        if data[:1] in (_EDIT, _SEND) and len(data) > 1:
            return data[1:], data[0] == _EDIT
        return None
