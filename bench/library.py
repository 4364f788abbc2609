"""Benchmark of the briefing library at scale: loading, /who, memory.

    .venv/bin/python bench/library.py [--files 10000] [--people 20000]

Generates the files once under bench/data/ (git-ignored), then measures in one process:
- PyYAML's C loader alone over every file (the baseline) and our full load (read, parse,
  validate, check, join, index), and their ratio (target: at most 2x);
- /who through the whole core (parse, clean, look up, build the reply): the mean over exact or
  normalised names (target 1 ms) and over misspelt ones (target 5 ms), with how often the
  right person was found;
- resident memory after loading (target 500 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import GeneratedPerson, generate
from bot.core import Core, Reply, ReplyKind
from bot.library import LibraryStore

DATA = Path(__file__).resolve().parent / "data" / "briefings"
TARGETS = {"load_ratio": 2.0, "who_exact_ms": 1.0, "who_fuzzy_ms": 5.0, "rss_mb": 500.0}


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _yaml_only(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def _exact_queries(people: list[GeneratedPerson], rng: random.Random) -> list[tuple[str, str]]:
    """A name or alias as written, or with case, hyphens and spaces changed."""
    out = []
    for p in rng.sample(people, min(1000, len(people))):
        form = rng.choice([p.name, *p.aliases[:3]])
        form = rng.choice([form, form.upper(), form.lower(), form.replace("-", " ")])
        out.append((form, p.id))
    return out


def _misspell(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "swap", "vowel", "translit"])
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "swap":
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if kind == "vowel":
        vowels = [j for j, ch in enumerate(word) if ch in "aeiou"]
        j = rng.choice(vowels) if vowels else i
        return word[:j] + rng.choice("aeiou") + word[j + 1 :]
    for a, b in (("ou", "u"), ("u", "ou"), ("j", "dj"), ("q", "k"), ("sh", "ch"), ("i", "ee")):
        if a in word:
            return word.replace(a, b, 1)
    return word + word[-1]


def _fuzzy_queries(people: list[GeneratedPerson], rng: random.Random) -> list[tuple[str, str]]:
    """The full name with the family name misspelt: typos and unlisted transliterations."""
    out = []
    for p in rng.sample(people, min(1000, len(people))):
        first, family = p.name.split(" ", 1)
        core = family.removeprefix("al-")
        wrong = core[:1] + _misspell(core[1:].lower(), rng) if len(core) > 4 else core + "h"
        out.append((f"{first} {'al-' if family.startswith('al-') else ''}{wrong}", p.id))
    return out


def _time_who(
    core: Core, queries: list[tuple[str, str]], names: dict[str, str]
) -> tuple[float, float, float]:
    """Mean and 95th percentile in ms, and the share answered with (or offering) the person."""

    def right(reply: Reply, pid: str) -> bool:
        if reply.kind is ReplyKind.ANSWER:
            return reply.title == names[pid]
        return reply.kind is ReplyKind.CHOOSE and f"/who {pid}" in [
            c.command for c in reply.choices
        ]

    async def run() -> tuple[list[float], int]:
        times, found = [], 0
        for query, pid in queries:
            start = time.perf_counter()
            reply = await core.handle(f"/who {query}")
            times.append(time.perf_counter() - start)
            found += right(reply, pid)
        return times, found

    times, found = asyncio.run(run())
    ms = [t * 1000 for t in times]
    return statistics.mean(ms), statistics.quantiles(ms, n=20)[-1], found / len(queries)


def _line(
    name: str, value: float, unit: str, target: float, better: Callable[[float, float], bool]
) -> str:
    verdict = "ok" if better(value, target) else "MISSED"
    return (
        f"{name:<34} {value:10.3f} {unit:<3} target {target:g} {unit:<3} ({value / target:.2f}x"
        f" of target) {verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--data", type=Path, default=DATA, help="where the files are generated")
    args = parser.parse_args()

    start = time.perf_counter()
    people = generate(args.data, args.files, args.people)
    names = {p.id: p.name for p in people}
    paths = sorted(args.data.glob("*.yaml"))
    size = sum(p.stat().st_size for p in paths) / 1e6
    print(
        f"data: {len(paths)} files, {size:.1f} MB, {len(people)} people "
        f"(ready in {time.perf_counter() - start:.1f} s)"
    )
    _yaml_only(paths[:200])  # warm the page cache and the loader

    baseline = _yaml_only(paths)
    gc.collect()
    rss_before = _rss_mb()
    start = time.perf_counter()
    store = LibraryStore(args.data)
    library = store.load()
    load = time.perf_counter() - start
    rss = _rss_mb()
    assert not store.problems, store.problems[:3]
    print(
        f"loaded: {len(library)} briefings, {len(library.people)} people, "
        f"{len(library.people_index)} indexed names"
    )
    print(f"PyYAML C loader alone: {baseline:.2f} s; our load: {load:.2f} s")

    core = Core(lambda: store.library)
    rng = random.Random(3)
    exact_mean, exact_p95, exact_found = _time_who(core, _exact_queries(people, rng), names)
    fuzzy_mean, fuzzy_p95, fuzzy_found = _time_who(core, _fuzzy_queries(people, rng), names)
    print(
        f"/who exact or normalised: mean {exact_mean:.3f} ms, p95 {exact_p95:.3f} ms, "
        f"right person {exact_found:.1%}"
    )
    print(
        f"/who misspelt:            mean {fuzzy_mean:.3f} ms, p95 {fuzzy_p95:.3f} ms, "
        f"right person {fuzzy_found:.1%}"
    )
    print()
    below = lambda value, target: value <= target  # noqa: E731
    print(_line("load time / PyYAML C loader", load / baseline, "x", TARGETS["load_ratio"], below))
    print(_line("/who exact mean", exact_mean, "ms", TARGETS["who_exact_ms"], below))
    print(_line("/who fuzzy mean", fuzzy_mean, "ms", TARGETS["who_fuzzy_ms"], below))
    print(_line("resident memory after load", rss, "MB", TARGETS["rss_mb"], below))
    print(
        f"(memory before loading: {rss_before:.0f} MB; peak of the process: "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
