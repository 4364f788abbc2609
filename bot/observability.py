"""Watching the bot: Prometheus metrics, one log line per command, and the health endpoint.

`BRIEFBOT_HTTP_LISTEN` (off by default) serves `/healthz` (the process answers), `/readyz`
(briefings loaded, database reachable, every adapter connected; 503 with the reasons if not)
and `/metrics` (Prometheus text format).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

from .webserver import serve

__all__ = ["HealthServer", "Metrics"]

log = logging.getLogger("bot.commands")

Check = Callable[[], Awaitable[bool]]


class Metrics:
    """The bot's metrics, in a registry of their own (several bots can share a process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.commands = Counter(
            "briefbot_commands",
            "Commands served",
            ["platform", "command", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "briefbot_reply_seconds",
            "Time to build a reply",
            ["platform"],
            registry=self.registry,
            buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5),
        )
        self.digests = Counter(
            "briefbot_digests",
            "Scheduled digest runs by outcome",
            ["outcome"],
            registry=self.registry,
        )
        self.limited = Counter(
            "briefbot_rate_limited",
            "Commands refused or silenced by the abuse limits",
            ["platform"],
            registry=self.registry,
        )
        self.reload_problems = Gauge(
            "briefbot_briefing_problems",
            "Problems in the briefing files at the last (re)load",
            registry=self.registry,
        )

    def observe_command(self, platform: str, command: str, seconds: float, outcome: str) -> None:
        """The core's observer: a metric and one log line (no message text, for privacy)."""
        self.commands.labels(platform, command, outcome).inc()
        self.latency.labels(platform).observe(seconds)
        if outcome == "limited":
            self.limited.labels(platform).inc()
        log.info(
            "command",
            extra={
                "platform": platform,
                "command": command,
                "latency_ms": round(seconds * 1000, 2),
                "outcome": outcome,
            },
        )

    def observe_digest(self, outcome: str) -> None:
        self.digests.labels(outcome).inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


@dataclass
class HealthServer:
    metrics: Metrics
    checks: dict[str, Check] = field(default_factory=dict)
    _runner: web.AppRunner | None = None

    async def start(self, listen: str) -> int:
        """Serve on HOST:PORT; returns the port (useful with port 0)."""
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/metrics", self._metrics)
        host, _, port = listen.rpartition(":")
        self._runner, bound = await serve(app, host or "0.0.0.0", int(port))
        return bound

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def _readyz(self, request: web.Request) -> web.Response:
        results = {}
        for name, check in self.checks.items():
            try:
                results[name] = await check()
            except Exception:
                results[name] = False
        ready = all(results.values())
        return web.json_response({"ready": ready, "checks": results}, status=200 if ready else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(
            body=self.metrics.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )
