"""Reading one briefing file: parse, validate, check, and say exactly what is wrong.

The fast path is PyYAML's C loader and pydantic; positions are only worked out for a file that
has problems (see `problems.locate_lines`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .checks import check_briefing, misspelt_fields
from .problems import Loc, Problem, field_name, locate_lines
from .schema import Briefing

__all__ = ["LoadedFile", "briefing_paths", "is_briefing_name", "load_file", "problems_at"]

_SUFFIXES = (".yaml", ".yml")


class _Loader(yaml.CSafeLoader):
    """The C loader, leaving dates as text so that pydantic checks them and a bad one
    (`2025-02-30`) is reported against its field instead of failing the whole parse, and
    refusing a field given twice (PyYAML would keep the last one without a word)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        if len(set(keys)) != len(keys):
            seen: set[str] = set()
            for key, _ in node.value:
                if key.value in seen and key.tag != "tag:yaml.org,2002:merge":
                    raise _GivenTwice(str(key.value), key.start_mark.line + 1)
                seen.add(key.value)
        return super().construct_mapping(node, deep)


class _GivenTwice(ValueError):
    def __init__(self, field: str, line: int) -> None:
        super().__init__(field)
        self.field, self.line = field, line


def _text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _text)


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """The outcome of reading one file: a briefing, or the problems that keep it out."""

    path: Path
    briefing: Briefing | None
    problems: tuple[Problem, ...] = ()


def is_briefing_name(path: Path, directory: Path) -> bool:
    """A YAML file not hidden below `directory` (editors' swap and backup files are hidden)."""
    try:
        parts = path.relative_to(directory).parts
    except ValueError:
        parts = (path.name,)
    return path.suffix in _SUFFIXES and not any(part.startswith(".") for part in parts)


def briefing_paths(directory: Path) -> list[Path]:
    """Every briefing file below `directory`, in a stable order."""
    if directory.is_file():
        return [directory]
    return sorted(p for p in directory.rglob("*") if is_briefing_name(p, directory) and p.is_file())


def problems_at(path: Path, text: str, findings: Sequence[tuple[Loc, str]]) -> tuple[Problem, ...]:
    """Attach lines to field-path findings in the file whose text is `text`."""
    lines = locate_lines(text, [loc for loc, _ in findings])
    return tuple(
        Problem(path, line, field_name(loc), message)
        for line, (loc, message) in zip(lines, findings, strict=True)
    )


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required"
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, ")
    message = error["msg"][0].lower() + error["msg"][1:]
    if kind.endswith("_type") or kind.endswith("_parsing"):
        message += f", got {_shown(error['input'])}"
    return message


def _validation_findings(errors: Iterable[ErrorDetails]) -> list[tuple[Loc, str]]:
    return [(tuple(e["loc"]), _message(e)) for e in errors]


def _syntax_problem(path: Path, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else 1
    message = f"is not valid YAML: {getattr(exc, 'problem', None) or exc}"
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 != line:
        what = re.sub(r"^while \w+ ", "", context)  # "while scanning a plain scalar"
        message += (
            f" (in the {what.removeprefix('a ')} that starts on line {context_mark.line + 1})"
        )
    return Problem(path, line, "(file)", message)


def load_file(path: Path) -> LoadedFile:
    """Read, parse, validate and check one briefing file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return LoadedFile(
            path, None, (Problem(path, 1, "(file)", f"is not UTF-8 text ({exc.reason})"),)
        )
    except OSError as exc:
        return LoadedFile(
            path, None, (Problem(path, 1, "(file)", f"cannot be read: {exc.strerror}"),)
        )
    try:
        data = yaml.load(text, Loader=_Loader)  # a safe loader: plain data only
    except yaml.YAMLError as exc:
        return LoadedFile(path, None, (_syntax_problem(path, exc),))
    except _GivenTwice as exc:
        problem = Problem(path, exc.line, exc.field, "is given twice; keep one of them")
        return LoadedFile(path, None, (problem,))
    except (ValueError, TypeError, RecursionError) as exc:  # a constructor refused a value
        problem = Problem(path, 1, "(file)", f"cannot be read as YAML: {exc}")
        return LoadedFile(path, None, (problem,))
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {type(data).__name__}, not a mapping of fields"
        return LoadedFile(path, None, (Problem(path, 1, "(file)", f"is {what}"),))
    try:
        briefing = Briefing.model_validate(data)
    except ValidationError as exc:
        return LoadedFile(path, None, problems_at(path, text, _validation_findings(exc.errors())))
    findings = misspelt_fields(data) + check_briefing(briefing)
    if findings:
        return LoadedFile(path, None, problems_at(path, text, findings))
    return LoadedFile(path, briefing)
