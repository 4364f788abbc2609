"""The `briefbot` command: ask, console, run, validate, schema."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from .adapters.console import render_text, run_console
from .config import Settings
from .core import Core, Reply
from .core.limits import CommandLimits, Rate
from .doctor import diagnose
from .library import Briefing, LibraryStore
from .logs import setup_logging
from .observability import HealthServer, Metrics
from .operations import OperatorCommands, parse_admins
from .schedules.clock import SystemClock
from .schedules.commands import SubscriptionCommands
from .schedules.repository import Repository
from .schedules.runner import DigestScheduler
from .storage import Database

__all__ = ["main"]


class Adapter(Protocol):
    platform: str

    async def run(self, stop: asyncio.Event) -> None: ...

    async def ready(self) -> bool: ...

    async def send_digest(self, chat_id: str, reply: Reply, key: str) -> None: ...


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors():
            name = ".".join(str(p) for p in error["loc"])
            print(f"briefbot: setting {name}: {error['msg']}", file=sys.stderr)
        raise SystemExit(2) from None


def _store(settings: Settings) -> LibraryStore:
    store = LibraryStore(settings.briefings_dir)
    store.load()
    return store


def _operator(settings: Settings, store: LibraryStore) -> OperatorCommands:
    return OperatorCommands(store, parse_admins(settings.admins), SystemClock().now)


def _keep_up(
    settings: Settings, store: LibraryStore, stop: asyncio.Event
) -> list[asyncio.Task[object]]:
    """What runs beside any adapter: the word index built early (not when the first search
    arrives), and briefing files reloaded as they change."""
    tasks: list[asyncio.Task[object]] = [
        asyncio.create_task(asyncio.to_thread(store.library.warmed))
    ]
    if settings.watch:
        tasks.append(asyncio.create_task(store.watch(stop)))
    return tasks


async def _serve(settings: Settings, store: LibraryStore) -> None:
    """Run the console until its input ends (the person at it is the operator)."""
    stop = asyncio.Event()
    background = _keep_up(settings, store, stop)
    try:
        await run_console(Core(lambda: store.library, operator=_operator(settings, store)))
    finally:
        stop.set()
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    store = _store(settings)
    core = Core(lambda: store.library, operator=_operator(settings, store))
    print(render_text(asyncio.run(core.handle(args.line))))
    return 0


def _console(args: argparse.Namespace, settings: Settings) -> int:
    asyncio.run(_serve(settings, _store(settings)))
    return 0


def _run(args: argparse.Namespace, settings: Settings) -> int:
    store = _store(settings)
    if settings.telegram_bot_token is None and settings.discord_bot_token is None:
        print(
            f"briefbot: serving {len(store.library)} briefing(s) from {settings.briefings_dir} "
            "on the console (no platform token set).",
            file=sys.stderr,
        )
        asyncio.run(_serve(settings, store))
        return 0
    asyncio.run(_serve_platforms(settings, store))
    return 0


def _adapters(settings: Settings, core: Core) -> list[Adapter]:
    """One adapter for each platform whose token is set."""
    adapters: list[Adapter] = []
    if settings.telegram_bot_token is not None:
        from .adapters.telegram import TelegramAdapter, TelegramOptions

        secret = settings.telegram_webhook_secret
        adapters.append(
            TelegramAdapter(
                core,
                TelegramOptions(
                    token=settings.telegram_bot_token.get_secret_value(),
                    base_url=settings.telegram_api_base_url,
                    webhook_url=settings.telegram_webhook_url,
                    webhook_listen=settings.telegram_webhook_listen,
                    webhook_secret=secret.get_secret_value() if secret else None,
                    rate_limiter=settings.telegram_rate_limiter,
                ),
            )
        )
    if settings.discord_bot_token is not None:
        from .adapters.discord import DiscordAdapter, DiscordOptions

        adapters.append(
            DiscordAdapter(
                core,
                DiscordOptions(
                    token=settings.discord_bot_token.get_secret_value(),
                    api_base_url=settings.discord_api_base_url,
                    gateway_url=settings.discord_gateway_url,
                    guild_id=settings.discord_guild_id,
                    shard_count=settings.discord_shard_count,
                ),
            )
        )
    return adapters


async def _serve_platforms(settings: Settings, store: LibraryStore) -> None:
    """Run the adapters whose tokens are set, side by side, until SIGTERM or SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    database = Database(settings.database_url)
    await database.migrate()
    repository, clock, metrics = Repository(database), SystemClock(), Metrics()
    metrics.reload_problems.set_function(lambda: len(store.problems))
    core = Core(
        lambda: store.library,
        SubscriptionCommands(repository, clock, settings.timezone),
        operator=_operator(settings, store),
        limits=CommandLimits(Rate.parse(settings.user_rate), Rate.parse(settings.chat_rate)),
        observe=metrics.observe_command,
    )
    adapters = _adapters(settings, core)
    scheduler = DigestScheduler(
        repository,
        lambda: store.library,
        {a.platform: a for a in adapters},
        clock,
        settings.catchup,
        on_outcome=metrics.observe_digest,
    )
    background = [*_keep_up(settings, store, stop), asyncio.create_task(scheduler.run(stop))]

    async def briefings_loaded() -> bool:
        return len(store.library) > 0 or not store.problems

    checks = {"briefings": briefings_loaded, "database": database.ping}
    health = HealthServer(metrics, {**checks, **{a.platform: a.ready for a in adapters}})
    if settings.http_listen:
        port = await health.start(settings.http_listen)
        print(f"briefbot: health and metrics on port {port}.", file=sys.stderr)
    names = ", ".join(type(a).__name__.removesuffix("Adapter") for a in adapters)
    print(f"briefbot: serving {len(store.library)} briefing(s) on {names}.", file=sys.stderr)
    try:
        # one adapter failing for good stops the others too, so the process exits and says why
        runs = [asyncio.create_task(a.run(stop)) for a in adapters]
        done, _ = await asyncio.wait(runs, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            if task.exception() is not None:
                stop.set()
        await asyncio.gather(*runs)
    finally:
        stop.set()
        await asyncio.gather(*background, return_exceptions=True)
        await health.stop()
        await database.close()


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.path or settings.briefings_dir
    if not path.exists():
        print(f"briefbot: {path} does not exist", file=sys.stderr)
        return 2
    logging.getLogger("bot.library").setLevel(logging.ERROR)  # the problems are printed below
    store = LibraryStore(path)
    library = store.load()
    for problem in store.problems:
        print(problem)
    if store.problems:
        print(
            f"{len(store.problems)} problem(s); {len(library)} briefing(s) valid.", file=sys.stderr
        )
        return 1
    print(f"{len(library)} briefing(s) valid.")
    return 0


def _doctor(args: argparse.Namespace, settings: Settings) -> int:
    logging.getLogger("bot.library").setLevel(logging.ERROR)  # problems are summed up below
    findings = asyncio.run(diagnose(settings))
    for finding in findings:
        print(finding)
    return 0 if all(f.ok for f in findings) else 1


def _url_stem(url: str) -> str:
    """A file name for a fetched article: the last part of its path (`.../hama-offensive.html`
    -> `hama-offensive`), else the host."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    last = parts.path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return re.sub(r"[^\w-]+", "-", last or parts.hostname or "article").strip("-") or "article"


def _draft(args: argparse.Namespace, settings: Settings) -> int:
    """Draft briefing files from articles: one file, or every file in a folder."""
    from .drafting.article import fetch_article, is_url, read_article
    from .drafting.draft import build_draft, draft_yaml

    articles: list[Path | str]
    if is_url(args.article):
        articles = [args.article]
    else:
        source = Path(args.article)
        if not source.exists():
            print(f"briefbot: {source} does not exist", file=sys.stderr)
            return 2
        articles = (
            [*sorted(p for p in source.iterdir() if p.is_file())] if source.is_dir() else [source]
        )
    logging.getLogger("bot.library").setLevel(logging.ERROR)
    store = LibraryStore(settings.briefings_dir)
    store.load()
    out: Path | None = args.out
    if out is not None and len(articles) > 1 and not out.is_dir():
        print("briefbot: with a folder of articles, --out must be a folder", file=sys.stderr)
        return 2
    failed = 0
    for n, item in enumerate(articles, 1):
        name = item.name if isinstance(item, Path) else item
        if len(articles) > 1:
            print(f"[{n}/{len(articles)}] {name}", file=sys.stderr)
        try:
            article = read_article(item) if isinstance(item, Path) else fetch_article(item)
            text = draft_yaml(build_draft(article, store.library))
        except (ValueError, OSError) as error:
            print(f"briefbot: {name}: cannot draft it: {error}", file=sys.stderr)
            failed += 1
            continue
        stem = item.stem if isinstance(item, Path) else _url_stem(item)
        target = out / f"{stem}.yaml" if out is not None and out.is_dir() else out
        if target is None:
            print(text)
        elif target.exists() and not args.force:
            print(f"briefbot: {target} exists; use --force to overwrite it", file=sys.stderr)
            failed += 1
        else:
            target.write_text(text, encoding="utf-8")
    return 1 if failed else 0


def _schema(args: argparse.Namespace, settings: Settings) -> int:
    schema = Briefing.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Briefing file"
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefbot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ask = commands.add_parser(
        "ask", help='answer one command line, e.g. briefbot ask "/who al-Jolani"'
    )
    ask.add_argument("line", help="a command line such as '/brief hama'")
    ask.set_defaults(func=_ask)
    commands.add_parser(
        "console", help="an interactive prompt; answers each line of a pipe"
    ).set_defaults(func=_console)
    commands.add_parser(
        "run", help="start the configured adapters (the console without tokens)"
    ).set_defaults(func=_run)
    validate = commands.add_parser("validate", help="check briefing files; exit 1 on any problem")
    validate.add_argument(
        "path", nargs="?", type=Path, help="a file or directory (default: BRIEFINGS_DIR)"
    )
    validate.set_defaults(func=_validate)
    commands.add_parser(
        "schema", help="print the JSON Schema of the briefing file format"
    ).set_defaults(func=_schema)
    commands.add_parser(
        "doctor", help="check the configuration and say how to fix what is wrong"
    ).set_defaults(func=_doctor)
    draft = commands.add_parser("draft", help="draft a briefing file from a news article")
    draft.add_argument(
        "article", help="a text or HTML article (a file, a folder of them, or an http(s) URL)"
    )
    draft.add_argument("--out", type=Path, help="write here (a file, or a folder for a folder)")
    draft.add_argument("--force", action="store_true", help="overwrite an existing --out file")
    draft.set_defaults(func=_draft)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = _settings()
    setup_logging(settings.log_level, settings.secrets(), fmt=settings.log_format)
    try:
        code = int(args.func(args, settings))
        sys.stdout.flush()  # here, where a closed pipe is caught, not at exit
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `briefbot ask ... | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
