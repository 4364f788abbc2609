"""Discord, with discord.py: `DiscordAdapter` and its embed renderer."""

from .app import DiscordAdapter, DiscordOptions, point_at
from .render import LIMITS, Page, render

__all__ = ["LIMITS", "DiscordAdapter", "DiscordOptions", "Page", "point_at", "render"]
