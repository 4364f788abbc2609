"""Running it for real: abuse limits, operator commands, health and metrics over HTTP, JSON
logs, `briefbot doctor`, and the container image when a Docker engine is at hand."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import shutil
import socket
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest
from telegram import User

from bot.adapters.telegram import TelegramAdapter, TelegramOptions
from bot.core import Context, Core, ReplyKind
from bot.core.limits import CommandLimits, Rate
from bot.library import LibraryStore
from bot.logs import setup_logging
from bot.observability import HealthServer, Metrics
from bot.operations import OperatorCommands

from .conftest import ROOT, SHIPPED, minimal, write
from .fakes.telegram_api import TOKEN, FakeBotAPI, command_update
from .test_cli import run


class Ticks:
    """A monotonic clock for the limits that moves only when told."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _core(store: LibraryStore, ticks: Ticks, metrics: Metrics | None = None) -> Core:
    return Core(
        lambda: store.library,
        operator=OperatorCommands(store, frozenset({"telegram:1"}), lambda: datetime.now(UTC)),
        limits=CommandLimits(Rate(20, 60), Rate(60, 60), clock=ticks),
        observe=metrics.observe_command if metrics else None,
    )


@pytest.fixture
def store() -> LibraryStore:
    store = LibraryStore(SHIPPED)
    store.load()
    return store


async def test_a_burst_from_one_user_is_slowed_then_silenced(store: LibraryStore) -> None:
    ticks = Ticks()
    core = _core(store, ticks)
    flood = [await core.handle("/who Golani", Context("telegram", "10", "10")) for _ in range(200)]
    kinds = [r.kind for r in flood]
    assert kinds[:20] == [ReplyKind.ANSWER] * 20
    assert kinds[20] is ReplyKind.PROBLEM and "slow down" in flood[20].paragraphs[0]
    assert set(kinds[21:]) == {ReplyKind.SILENT}
    other = await core.handle("/who Golani", Context("telegram", "11", "11"))
    assert other.kind is ReplyKind.ANSWER  # everyone else is still served
    ticks.now += 60  # the bucket refills
    assert (
        await core.handle("/who Golani", Context("telegram", "10", "10"))
    ).kind is ReplyKind.ANSWER


async def test_a_burst_through_telegram_gets_21_answers_and_others_are_served(
    store: LibraryStore,
) -> None:
    core = _core(store, Ticks())
    async with FakeBotAPI() as api:
        adapter = TelegramAdapter(
            core,
            TelegramOptions(token=TOKEN, base_url=api.base_url, poll_timeout=1, rate_limiter=False),
        )
        stop = asyncio.Event()
        task = asyncio.create_task(adapter.run(stop))
        try:
            flooder = User(id=666, first_name="Flood", is_bot=False)
            for _ in range(200):
                api.push(command_update("/who Golani", chat_id=666, user=flooder))
            api.push(command_update("/who Falahi"))
            calls = await api.wait_for("sendMessage", 22, within=30)
            await asyncio.sleep(0.5)
            to_flooder = [c for c in api.of("sendMessage") if c.params["chat_id"] == 666]
            assert len(to_flooder) == 21
            assert "slow down" in to_flooder[-1].params["text"]
            assert any(c.params["chat_id"] == 4242 for c in calls)
        finally:
            stop.set()
            await task


async def test_operator_commands(tmp_path: Path) -> None:
    directory = tmp_path / "briefings"
    shutil.copytree(SHIPPED, directory)
    store = LibraryStore(directory)
    store.load()
    core = _core(store, Ticks())
    refused = await core.handle("/status", Context("telegram", "5", "5"))
    assert refused.kind is ReplyKind.PROBLEM and "operators" in refused.paragraphs[0]
    status = await core.handle("/status", Context("telegram", "1", "1"))
    assert status.paragraphs[0].startswith("1 briefings")
    write(directory, "new.yaml", minimal("new-story"))
    write(directory, "bad.yaml", "id: [")
    reloaded = await core.handle("/reload", Context("telegram", "1", "1"))
    assert reloaded.title == "Reloaded" and reloaded.paragraphs[0].startswith("2 briefings")
    assert (
        "1 problem(s)" in reloaded.paragraphs[1] and "bad.yaml:2: (file)" in reloaded.paragraphs[2]
    )
    assert "new-story" in store.library.by_id


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_health_and_metrics_over_http(store: LibraryStore) -> None:
    metrics = Metrics()
    core = _core(store, Ticks(), metrics)
    await core.handle("/who Golani", Context("telegram", "1", "1"))
    metrics.observe_digest("sent")
    database_up = True

    async def database() -> bool:
        return database_up

    async def yes() -> bool:
        return True

    server = HealthServer(metrics, {"briefings": yes, "database": database, "telegram": yes})
    port = await server.start(f"127.0.0.1:{_free_port()}")
    try:
        async with aiohttp.ClientSession(base_url=f"http://127.0.0.1:{port}") as http:
            async with http.get("/healthz") as response:
                assert response.status == 200
            async with http.get("/readyz") as response:
                assert response.status == 200 and (await response.json())["ready"] is True
            database_up = False
            async with http.get("/readyz") as response:
                body = await response.json()
                assert response.status == 503 and body["checks"]["database"] is False
            async with http.get("/metrics") as response:
                text = await response.text()
        assert (
            'briefbot_commands_total{command="who",outcome="answer",platform="telegram"} 1.0'
            in text
        )
        assert 'briefbot_digests_total{outcome="sent"} 1.0' in text
        assert "briefbot_reply_seconds_bucket" in text
    finally:
        await server.stop()


async def test_json_logs_one_line_a_command_without_text_or_token(store: LibraryStore) -> None:
    stream = io.StringIO()
    setup_logging("INFO", [TOKEN], stream, fmt="json")
    try:
        core = _core(store, Ticks(), Metrics())
        await core.handle("/who my secret question", Context("telegram", "1", "1"))
        logging.getLogger("bot.test").error("token %s leaked?", TOKEN)
    finally:
        logging.getLogger().handlers.clear()
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    [command] = [entry for entry in lines if entry["logger"] == "bot.commands"]
    assert command["platform"] == "telegram" and command["command"] == "who"
    assert command["outcome"] == "not_found" and command["latency_ms"] >= 0
    assert "secret question" not in stream.getvalue()
    assert TOKEN not in stream.getvalue()


def test_doctor_on_a_broken_configuration(tmp_path: Path) -> None:
    result = run(
        "doctor",
        env={
            "TELEGRAM_BOT_TOKEN": "not-a-token",
            "DATABASE_URL": "postgresql://nobody:wrong@127.0.0.1:1/none",
            "BRIEFINGS_DIR": str(tmp_path / "missing"),
            "TELEGRAM_WEBHOOK_URL": "http://bot.example.org/hook",
        },
        cwd=tmp_path,
    )
    assert result.returncode == 1
    out = result.stdout
    assert "[FAIL] TELEGRAM_BOT_TOKEN does not look like a bot token" in out
    assert "[FAIL] TELEGRAM_WEBHOOK_URL http://bot.example.org/hook is not HTTPS" in out
    assert "cannot be reached" in out and "fix: check DATABASE_URL" in out
    assert "does not exist" in out
    assert "not-a-token" not in out + result.stderr


def test_doctor_on_a_good_configuration(tmp_path: Path) -> None:
    result = run(
        "doctor",
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'ok.db'}", "BRIEFINGS_DIR": str(SHIPPED)},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout
    assert "[ok  ] 1 briefing(s) valid, 0 problem(s)" in result.stdout


def _docker_engine() -> bool:
    if shutil.which("docker") is None:
        return False
    return (
        subprocess.run(["docker", "info"], capture_output=True, check=False, timeout=30).returncode
        == 0
    )


@pytest.mark.skipif(not _docker_engine(), reason="no Docker engine on this machine")
def test_container_builds_and_answers() -> None:
    build = subprocess.run(
        ["docker", "build", "-t", "briefbot-test", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    answer = subprocess.run(
        ["docker", "run", "--rm", "briefbot-test", "briefbot", "ask", "/who al-Jolani"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert answer.stdout.startswith("Abu Mohammed al-Jolani")
