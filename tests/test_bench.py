"""The benchmark runs end to end on a small generated set (its figures are not checked here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.library import LibraryStore

from .conftest import ROOT


def _bench(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a benchmark script as its README says, with small arguments; it must succeed."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_generated_files_are_valid_and_the_bench_reports_every_figure(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = _bench("library.py", "--files", "60", "--people", "120", "--data", str(data))
    for label in (
        "load time / PyYAML C loader",
        "/who exact mean",
        "/who fuzzy mean",
        "resident memory after load",
    ):
        assert label in result.stdout
    assert "right person 100.0%" in result.stdout
    store = LibraryStore(data)
    library = store.load()
    assert store.problems == () and len(library) == 60 and len(library.people) == 120


def test_telegram_throughput_bench_runs() -> None:
    result = _bench("telegram_throughput.py", "--updates", "40", "--rounds", "1")
    assert "echo bot (python-telegram-bot alone)" in result.stdout
    assert "ratio " in result.stdout


def test_fanout_bench_runs_clean() -> None:
    result = _bench("fanout.py", "--chats", "60", "--rate", "200")
    assert (
        "429 answers: 0 (target 0); missing: 0 (target 0); duplicates: 0 (target 0)"
        in result.stdout
    )
