"""The store: the library being served, kept in step with the briefing files on disk.

A file that turns bad keeps being served in its last good version; its problems are logged and
kept in `problems` until it is fixed. Reloads build a new `Library` and swap it in whole.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from pathlib import Path

from watchfiles import awatch

from .crossfile import Candidate, assemble
from .library import Library
from .loader import LoadedFile, briefing_paths, is_briefing_name, load_file
from .problems import Problem
from .schema import Briefing

__all__ = ["LibraryStore"]

log = logging.getLogger(__name__)


class LibraryStore:
    """Holds the current `Library` for one briefings directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory.resolve()
        self.library = Library(())
        self.problems: tuple[Problem, ...] = ()
        self._good: dict[Path, Briefing] = {}  # last version of each file that passed on its own
        self._accepted: dict[Path, Briefing] = {}  # what is being served
        self._file_problems: dict[Path, tuple[Problem, ...]] = {}

    def load(self) -> Library:
        """Read every file; used at start and when asked to reload everything."""
        if not self.directory.exists():
            log.warning(
                "briefings directory %s does not exist; serving no briefings", self.directory
            )
            paths: list[Path] = []
        else:
            paths = briefing_paths(self.directory)
        gone = set(self._good) - set(paths)
        return self._apply([load_file(p) for p in paths], gone)

    def refresh(self, changed: Iterable[Path], *, warm: bool = False) -> Library:
        """Re-read the files that changed (or disappeared) and swap in the new library,
        with its lazy indexes built first when `warm`."""
        loaded: list[LoadedFile] = []
        gone: set[Path] = set()
        for path in sorted(set(changed)):
            if not is_briefing_name(path, self.directory):
                continue
            if path.is_file():
                loaded.append(load_file(path))
            else:
                gone.add(path)
        return self._apply(loaded, gone, warm=warm)

    def _apply(self, loaded: list[LoadedFile], gone: set[Path], *, warm: bool = False) -> Library:
        for path in gone:
            self._good.pop(path, None)
            self._accepted.pop(path, None)
            self._file_problems.pop(path, None)
        for result in loaded:
            self._file_problems[result.path] = result.problems
            if result.briefing is not None:
                self._good[result.path] = result.briefing
            for problem in result.problems:
                log.warning("%s", problem)
            if result.problems and result.path in self._good:
                log.warning("%s: serving its last good version", result.path)
        # Files that did not change keep their place; changed and new ones must fit around them.
        changed = {result.path for result in loaded}
        order = [p for p in self._accepted if p in self._good and p not in changed]
        order += sorted(p for p in self._good if p not in order)
        accepted, clashes = assemble(
            [Candidate(p, self._good[p], self._accepted.get(p)) for p in order]
        )
        for problem in clashes:
            log.warning("%s", problem)
        self._accepted = accepted
        self.problems = tuple(p for ps in self._file_problems.values() for p in ps) + tuple(clashes)
        library = Library(accepted.values())
        self.library = library.warmed() if warm else library
        return library

    async def watch(self, stop: asyncio.Event | None = None) -> None:
        """Reload changed files until `stop` is set; one batch of changes, one new library."""
        if not self.directory.exists():
            return
        async for changes in awatch(self.directory, stop_event=stop, debounce=300, step=100):
            paths = {Path(p) for _, p in changes}
            if paths:
                library = await asyncio.to_thread(self.refresh, paths, warm=True)
                log.info(
                    "briefings reloaded: %d served, %d problems", len(library), len(self.problems)
                )
