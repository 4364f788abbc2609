"""`briefbot run` with a Telegram token, as an operator runs it: a real process against the
local fake Bot API, stopped by a signal; and webhook mode."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import tempfile
from pathlib import Path

import aiohttp

from .conftest import ROOT
from .fakes.discord_api import APP_ID, FakeDiscord, slash
from .fakes.discord_api import TOKEN as DISCORD_TOKEN
from .fakes.telegram_api import TOKEN, FakeBotAPI, command_update

BRIEFBOT = str(Path(sys.executable).parent / "briefbot")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _start(env: dict[str, str]) -> asyncio.subprocess.Process:
    full = {
        k: v for k, v in os.environ.items() if not k.startswith(("BRIEF", "TELEGRAM", "DISCORD"))
    }
    database = Path(tempfile.mkdtemp()) / "briefbot.db"
    full.update(env, BRIEFBOT_LOG_LEVEL="DEBUG", DATABASE_URL=f"sqlite:///{database}")
    return await asyncio.create_subprocess_exec(
        BRIEFBOT,
        "run",
        env=full,
        cwd=ROOT,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _stop(process: asyncio.subprocess.Process, signum: int) -> tuple[int, str]:
    process.send_signal(signum)
    async with asyncio.timeout(10):  # "stops cleanly within a few seconds"
        _, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, err.decode()


async def _listening(port: int) -> None:
    async with asyncio.timeout(30):
        while True:
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.1)
                continue
            writer.close()
            return


async def test_polling_process_answers_and_stops_on_sigterm() -> None:
    async with FakeBotAPI() as api:
        process = await _start({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url})
        try:
            await api.wait_for("setMyCommands", within=30)
            api.push(command_update("/who jolanni"))
            [call] = await api.wait_for("sendMessage", within=30)
            assert call.params["text"].startswith("<b>Abu Mohammed al-Jolani</b>")
        finally:
            code, err = await _stop(process, signal.SIGTERM)
    assert code == 0, err
    assert "serving 1 briefing(s) on Telegram." in err
    assert "Application.stop() complete" in err  # a clean stop, in the DEBUG log
    assert TOKEN not in err and TOKEN.split(":")[1] not in err


async def test_sigint_stops_it_too() -> None:
    async with FakeBotAPI() as api:
        process = await _start({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url})
        await api.wait_for("setMyCommands", within=30)
        code, err = await _stop(process, signal.SIGINT)
    assert code == 0, err


async def test_webhook_mode_receives_updates_over_http() -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    async with FakeBotAPI() as api:
        process = await _start(
            {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "TELEGRAM_WEBHOOK_URL": url,
                "TELEGRAM_WEBHOOK_LISTEN": f"127.0.0.1:{port}",
                "TELEGRAM_WEBHOOK_SECRET": "s3cret-token",
            }
        )
        try:
            [hook] = await api.wait_for("setWebhook", within=30)
            assert hook.params["url"] == url
            assert hook.params["secret_token"] == "s3cret-token"
            await _listening(port)
            update = command_update("/who Falahi").to_dict()
            update["update_id"] = 1
            async with aiohttp.ClientSession() as http:
                refused = await http.post(
                    url, data=json.dumps(update), headers={"Content-Type": "application/json"}
                )
                assert refused.status == 403  # no secret header: not from Telegram
                accepted = await http.post(
                    url,
                    data=json.dumps(update),
                    headers={
                        "Content-Type": "application/json",
                        "X-Telegram-Bot-Api-Secret-Token": "s3cret-token",
                    },
                )
                assert accepted.status == 200
            [call] = await api.wait_for("sendMessage", within=30)
            assert call.params["text"].startswith("<b>Hatem Al Falahi</b>")
        finally:
            code, err = await _stop(process, signal.SIGTERM)
    assert code == 0, err
    assert "s3cret-token" not in err and TOKEN not in err


async def test_discord_and_telegram_in_one_process() -> None:
    async with FakeBotAPI() as telegram, FakeDiscord() as discord_api:
        process = await _start(
            {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": telegram.base_url,
                "DISCORD_BOT_TOKEN": DISCORD_TOKEN,
                "DISCORD_API_BASE_URL": discord_api.api_url,
                "DISCORD_GATEWAY_URL": discord_api.gateway_url,
            }
        )
        try:
            await telegram.wait_for("setMyCommands", within=30)
            [sync] = await discord_api.wait_for("/commands", within=30)
            assert sync.path == f"/applications/{APP_ID}/commands"  # global without a guild id
            async with asyncio.timeout(30):
                await discord_api.identified.wait()
            await asyncio.sleep(0.3)
            await discord_api.dispatch(
                "INTERACTION_CREATE", slash("who", guild=False, name="Golani")
            )
            [answer] = await discord_api.wait_for("/callback", within=30)
            assert answer.body["data"]["embeds"][0]["title"] == "Abu Mohammed al-Jolani"
            telegram.push(command_update("/who Golani"))
            [call] = await telegram.wait_for("sendMessage", within=30)
            assert call.params["text"].startswith("<b>Abu Mohammed al-Jolani</b>")
        finally:
            code, err = await _stop(process, signal.SIGTERM)
    assert code == 0, err
    assert "serving 1 briefing(s) on Telegram, Discord" in err
    assert DISCORD_TOKEN not in err and TOKEN not in err
