"""The briefing library: files on disk in, an indexed immutable `Library` out."""

from .library import EntityRecord, Library, PersonRecord, QuoteRef
from .loader import LoadedFile, load_file
from .name_index import MATCH_SCORE, SUGGEST_SCORE, NameIndex, NameMatch
from .problems import Problem
from .schema import Briefing, Entity, KeyFact, Person, Quote, Source
from .search import BriefingMatch, find_briefings
from .store import LibraryStore

__all__ = [
    "MATCH_SCORE",
    "SUGGEST_SCORE",
    "Briefing",
    "BriefingMatch",
    "Entity",
    "EntityRecord",
    "KeyFact",
    "Library",
    "LibraryStore",
    "LoadedFile",
    "NameIndex",
    "NameMatch",
    "Person",
    "PersonRecord",
    "Problem",
    "Quote",
    "QuoteRef",
    "Source",
    "find_briefings",
    "load_file",
]
