"""Rules that span files: briefing ids are unique, and a shared id keeps one name everywhere.

Files are taken in order and each is accepted only if it agrees with those accepted before it;
a file that now disagrees falls back to its last accepted version when that one still agrees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .loader import problems_at
from .problems import Loc, Problem
from .schema import Briefing

__all__ = ["Candidate", "assemble"]

_SHARED = ("people", "organizations", "places")


@dataclass(frozen=True, slots=True)
class Candidate:
    path: Path
    briefing: Briefing
    fallback: Briefing | None = None  # the last version accepted, tried if `briefing` clashes


@dataclass
class _Seen:
    ids: dict[str, Path]
    names: dict[tuple[str, str], tuple[str, Path]]


def _clashes(briefing: Briefing, seen: _Seen) -> list[tuple[Loc, str]]:
    found: list[tuple[Loc, str]] = []
    if briefing.id in seen.ids:
        found.append(
            (("id",), f"the briefing id '{briefing.id}' is already used by {seen.ids[briefing.id]}")
        )
    for section in _SHARED:
        for i, item in enumerate(getattr(briefing, section)):
            known = seen.names.get((section, item.id))
            if known is not None and known[0] != item.name:
                found.append(
                    (
                        (section, i, "name"),
                        f"'{item.name}' differs from '{known[0]}', "
                        f"the name {known[1]} gives the id '{item.id}'; use one name and "
                        "put other forms in aliases",
                    )
                )
    return found


def _register(path: Path, briefing: Briefing, seen: _Seen) -> None:
    seen.ids[briefing.id] = path
    for section in _SHARED:
        for item in getattr(briefing, section):
            seen.names.setdefault((section, item.id), (item.name, path))


def _file_problems(path: Path, findings: list[tuple[Loc, str]]) -> tuple[Problem, ...]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    return problems_at(path, text, findings)


def assemble(candidates: Sequence[Candidate]) -> tuple[dict[Path, Briefing], list[Problem]]:
    """The briefings that agree with each other, and the problems of those that do not."""
    seen = _Seen({}, {})
    accepted: dict[Path, Briefing] = {}
    problems: list[Problem] = []
    for candidate in candidates:
        findings = _clashes(candidate.briefing, seen)
        if not findings:
            accepted[candidate.path] = candidate.briefing
        else:
            problems.extend(_file_problems(candidate.path, findings))
            fallback = candidate.fallback
            if fallback is None or fallback is candidate.briefing or _clashes(fallback, seen):
                continue
            accepted[candidate.path] = fallback
        _register(candidate.path, accepted[candidate.path], seen)
    return accepted, problems
