"""The `briefbot` command, run as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, minimal, write

BRIEFBOT = str(Path(sys.executable).parent / "briefbot")


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEF", "TELEGRAM"))}
    full_env.update(env or {})
    return subprocess.run(
        [BRIEFBOT, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=60,
        check=False,
    )


def test_ask_who() -> None:
    result = run("ask", "/who al-Jolani")
    assert result.returncode == 0
    assert result.stdout.startswith("Abu Mohammed al-Jolani\nLeader of Hayat Tahrir al-Sham")
    assert "Ahmed al-Shara" in result.stdout
    assert "“Dear brothers, your fighting brethren" in result.stdout
    assert "→ /brief hama-offensive-2024-12" in result.stdout


def test_ask_brief_from_another_directory_uses_the_shipped_briefings(tmp_path: Path) -> None:
    result = run("ask", "/brief hama", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("Rebels take Hama one week into their offensive\n")
    for part in ("Key facts:", "Quotes:", "Sources:", "20,000", "Hatem Al Falahi"):
        assert part in result.stdout


def test_console_answers_each_piped_line() -> None:
    result = run("console", stdin="/who Golani\n\n/brief hama\n/nonsense\n")
    assert result.returncode == 0
    replies = result.stdout.split("═" * 40)
    assert len(replies) == 3
    assert replies[0].lstrip().startswith("Abu Mohammed al-Jolani")
    assert replies[1].lstrip().startswith("Rebels take Hama")
    assert "I don't know the command /nonsense" in replies[2]


def test_run_without_tokens_is_the_console() -> None:
    result = run("run", stdin="/who Falahi\n", env={"BRIEFBOT_WATCH": "false"})
    assert result.returncode == 0
    assert result.stdout.startswith("Hatem Al Falahi")
    assert "console" in result.stderr


def test_validate_ok() -> None:
    result = run("validate")
    assert result.returncode == 0
    assert result.stdout.strip() == "1 briefing(s) valid."


def test_validate_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", minimal("good"))
    write(tmp_path, "bad.yaml", minimal("bad", date="someday", title="[x, y]"))
    write(tmp_path, "worse.yaml", "id: worse\n  title: : :\n")
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(
        line.endswith("bad.yaml:2: title: input should be a valid string, got ['x', 'y']")
        for line in lines
    ), lines
    assert any("bad.yaml:3: date:" in line for line in lines)
    assert any("worse.yaml:2: (file): is not valid YAML" in line for line in lines)
    assert len(lines) == 3
    assert "3 problem(s); 1 briefing(s) valid." in result.stderr


def test_briefings_dir_from_the_environment(tmp_path: Path) -> None:
    write(tmp_path, "x.yaml", minimal("only-story"))
    result = run("ask", "/brief", env={"BRIEFINGS_DIR": str(tmp_path)})
    assert result.stdout.startswith("Story only-story")


def test_bad_setting_is_explained() -> None:
    result = run("ask", "/brief", env={"BRIEFBOT_LOG_LEVEL": "LOUD"})
    assert result.returncode == 2
    assert "BRIEFBOT_LOG_LEVEL" in result.stderr and "Traceback" not in result.stderr


def test_schema_is_json_schema_of_the_contract() -> None:
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert {"id", "title", "date", "summary"} <= set(schema["required"])
    for name in (
        "key_facts",
        "quotes",
        "people",
        "organizations",
        "places",
        "sources",
        "tags",
        "updated",
    ):
        assert name in schema["properties"]


def test_env_example_lists_every_setting() -> None:
    from bot.config import Settings

    listed = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    aliases = {field.alias for field in Settings.model_fields.values()}
    assert listed == aliases


def test_blank_settings_from_a_copied_env_example_mean_the_defaults(tmp_path: Path) -> None:
    blank = {
        "DATABASE_URL": "",
        "BRIEFBOT_HTTP_LISTEN": "",
        "TELEGRAM_BOT_TOKEN": "",
        "DISCORD_BOT_TOKEN": "",
        "DISCORD_SHARD_COUNT": "",
        "DISCORD_GUILD_ID": "",
    }
    result = run("ask", "/status", env=blank, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Status")  # the console's user is the operator


def test_ask_into_a_pipe_closed_early_ends_quietly(tmp_path: Path) -> None:
    """`briefbot ask ... | head -c 5`: the reader leaves first; no traceback, exit 0."""
    errors = tmp_path / "stderr.txt"
    script = (
        f'"{BRIEFBOT}" ask "/who al-Jolani" 2>"{errors}" | head -c 5; exit "${{PIPESTATUS[0]}}"'
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEF", "TELEGRAM"))}
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert result.stdout == "Abu M"
    assert result.returncode == 0
    assert errors.read_text() == ""
