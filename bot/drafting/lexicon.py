"""Words the drafting rules share: what is not a name, and the titles before names."""

from __future__ import annotations

import re

__all__ = ["NOT_NAMES", "TITLES", "is_heading", "looks_like_person", "strip_title"]

# fmt: off
NOT_NAMES = frozenset((  # capitalised at the start of a sentence without being names
    "a", "about", "according", "after", "also", "although", "an", "and", "as", "at", "because",
    "before", "but", "by", "during", "for", "from", "he", "her", "his", "however", "if", "in",
    "it", "its", "last", "meanwhile", "more", "most", "new", "now", "of", "on", "once", "one",
    "our", "she", "since", "so", "some", "such", "that", "the", "their", "then", "there",
    "these", "they", "this", "those", "though", "to", "today", "under", "until", "we", "when",
    "where", "whether", "which", "while", "who", "with", "yesterday",
))
# Words that make a capitalised phrase an organisation, a place or a date rather than a person.
NOT_PERSON_WORDS = frozenset((
    "agency", "airport", "army", "assembly", "association", "authority", "bank", "brigade",
    "brigades", "bureau", "city", "coalition", "commission", "committee", "company", "corps",
    "council", "county", "court", "department", "district", "forces", "foundation", "front",
    "government", "group", "guard", "hospital", "house", "institute", "island", "kingdom",
    "league", "media", "ministry", "monday", "movement", "museum", "nations", "network",
    "news", "office", "organisation", "organization", "parliament", "party", "police",
    "post", "province", "region", "republic", "river", "school", "sea", "square", "state",
    "states", "street", "times", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "june", "july", "august",
    "september", "october", "november", "december", "union", "university", "valley",
    "radio", "television", "tv", "press", "channel", "magazine", "journal", "gazette",
    "tribune", "herald", "daily", "telegraph", "broadcasting",
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


def looks_like_person(name: str) -> bool:
    """A capitalised phrase of two words or more that names no organisation, place or date and
    is no acronym: `Martin Griffiths`, not `United Nations`, `US` or `Security Council`."""
    words = name.split()
    return (
        len(words) >= 2
        and not any(w.isupper() and len(w) > 1 for w in words)
        and not any(_bare(w) in NOT_PERSON_WORDS for w in words)
        and words[0].casefold() not in NOT_NAMES
    )


def _bare(word: str) -> str:
    return word.casefold().strip(".,;:").removesuffix("'s").removesuffix("’s")


def is_heading(line: str) -> bool:
    """A title-case line without a full stop (`Islamist Rebels Capture Hama`): its capitals
    mark no names."""
    words = line.split()
    if not words or line.rstrip().endswith((".", "”", '"', "?", "!")):
        return False
    return sum(w[:1].isupper() for w in words) >= 0.6 * len(words)
