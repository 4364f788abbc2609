"""Logging set-up: one format, and secrets (tokens) replaced before any line is written.

httpx logs every request URL at INFO, and a Telegram Bot API URL contains the token; its logger
is raised to WARNING, and a filter on every handler redacts known secrets from the message and
the traceback of each record all the same.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import TextIO

__all__ = ["JsonFormatter", "RedactingFilter", "setup_logging"]

_REDACTED = "[redacted]"


class RedactingFilter(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, _REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


_FIELDS = ("platform", "command", "latency_ms", "outcome")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, the command fields when present,
    and the traceback (already redacted by the filter) when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: getattr(record, k) for k in _FIELDS if hasattr(record, k)})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["traceback"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(
    level: str, secrets: Iterable[str] = (), stream: TextIO | None = None, fmt: str = "text"
) -> None:
    """Log to standard error (or `stream`) at `level`, as text or JSON, never writing
    `secrets`."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        JsonFormatter()
        if fmt == "json"
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_briefbot", False):
            root.removeHandler(old)
    handler._briefbot = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(max(logging.WARNING, root.level))
