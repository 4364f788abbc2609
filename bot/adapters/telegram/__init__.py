"""Telegram, with python-telegram-bot: `TelegramAdapter` and its HTML renderer."""

from .app import TelegramAdapter, TelegramOptions
from .render import MESSAGE_LIMIT, TelegramMessage, render

__all__ = ["MESSAGE_LIMIT", "TelegramAdapter", "TelegramMessage", "TelegramOptions", "render"]
