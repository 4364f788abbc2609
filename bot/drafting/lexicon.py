"""Words the drafting rules share: what is not a name, and the titles before names."""

from __future__ import annotations

import re

__all__ = ["NOT_NAMES", "TITLES", "strip_title"]

# fmt: off
NOT_NAMES = frozenset((  # capitalised at the start of a sentence without being names
    "a", "about", "according", "after", "also", "although", "an", "and", "as", "at", "because",
    "before", "but", "by", "during", "for", "from", "he", "her", "his", "however", "if", "in",
    "it", "its", "last", "meanwhile", "more", "most", "new", "now", "of", "on", "once", "one",
    "our", "she", "since", "so", "some", "such", "that", "the", "their", "then", "there",
    "these", "they", "this", "those", "though", "to", "today", "under", "until", "we", "when",
    "where", "whether", "which", "while", "who", "with", "yesterday",
))
# fmt: on
TITLES = (
    r"President|Prime Minister|Minister|General|Gen\.|Colonel|Col\.|Sheikh|King|Queen|"
    r"Prince|Emir|Senator|Judge|Mayor|Governor|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Professor|Prof\.|"
    r"Commander|Chancellor|Pope|Ayatollah|Imam|Chief"
)
_LEADING_TITLE = re.compile(rf"^(?:(?:{TITLES})\s+)+")


def strip_title(name: str) -> str:
    """`Mayor Ines Ortega` -> `Ines Ortega`; a name that is only a title stays as it is."""
    stripped = _LEADING_TITLE.sub("", name)
    return stripped or name
