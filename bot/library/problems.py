"""Problems found in briefing files, each pointing at a file, a line and a field.

Parsing keeps no positions (it is the hot path); only when a file has a problem is it composed
again into YAML nodes, whose marks give the line of the field a problem names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["Loc", "Problem", "field_name", "locate_lines"]

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """`FILE:LINE: field: message`, the form editors and their tools read."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{_shown_path(self.path)}:{self.line}: {self.field}: {self.message}"


def _shown_path(path: Path) -> Path:
    """Relative to the working directory when the file is below it, as editors see it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def field_name(loc: Loc) -> str:
    """`("quotes", 2, "speaker")` -> `quotes[2].speaker`; the empty path is the whole file."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(file)"


def _walk(node: yaml.Node, loc: Loc) -> int:
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    node = value
                    # a scalar sits on its key's line; a block collection's own mark is the
                    # line after it, so point at the key instead
                    line = (
                        key.start_mark.line + 1
                        if not isinstance(value, yaml.ScalarNode)
                        else (value.start_mark.line + 1)
                    )
                    break
            else:
                return line
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def locate_lines(text: str, locs: Sequence[Loc]) -> list[int]:
    """The line of each field path in a YAML document (1 where it cannot be placed)."""
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        root = None
    if root is None:
        return [1 for _ in locs]
    return [_walk(root, loc) for loc in locs]
