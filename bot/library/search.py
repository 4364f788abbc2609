"""Finding briefings by topic: an id, a tag, a person, an organisation, a place, or words.

`find_briefings` is what `/brief`, `/facts`, `/sources` and `/search` share. Words are matched in
the Latin form (so `Hamah` finds `Hama`), weighted by rarity, with typo-tolerant fallback.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .library import Library
from .name_index import MATCH_SCORE
from .names import latin, text_words
from .schema import Briefing
from .vocabulary import Vocabulary

__all__ = ["BriefingMatch", "TextIndex", "find_briefings"]

# fmt: off
_STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he",
    "her", "his", "in", "into", "is", "it", "its", "of", "on", "or", "our", "she", "that", "the",
    "their", "them", "they", "this", "to", "was", "we", "were", "what", "when", "where", "which",
    "who", "will", "with", "about", "after", "all", "also", "any", "been", "can", "did", "do",
    "does", "had", "how", "more", "most", "new", "not", "now", "over", "than", "then", "there",
    "these", "those", "up", "us", "very",
))
# fmt: on
_MIN_WORDS_SCORE = 0.35  # the share of a search's weight that must be found
_WORDS_BONUS = 8.0  # added, times the words score, to a briefing matched for another reason
# How much a word found in each part of a briefing counts, out of 1.
_FIELD_WEIGHTS = (("title", 1.0), ("tags", 1.0), ("summary", 0.7), ("facts", 0.7), ("quotes", 0.5))


def _field_texts(b: Briefing) -> Iterable[tuple[str, str]]:
    yield "title", b.title
    yield "tags", " ".join(b.tags)
    yield "summary", b.summary
    yield "facts", " ".join(f.text for f in b.key_facts)
    yield (
        "quotes",
        " ".join(
            " ".join(filter(None, (q.text, q.speaker_description, q.context))) for q in b.quotes
        ),
    )


def query_words(text: str) -> list[str]:
    """The words of a search that carry meaning."""
    return [w for w in dict.fromkeys(text_words(text)) if w not in _STOPWORDS]


class TextIndex:
    """Words of every briefing's title, tags, summary, facts and quotes."""

    def __init__(self, briefings: Iterable[Briefing]) -> None:
        self._briefings = list(briefings)
        weights = dict(_FIELD_WEIGHTS)
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        for i, b in enumerate(self._briefings):
            # heaviest field first, so a word keeps the weight of the best place it is in
            fields = sorted(_field_texts(b), key=lambda item: -weights[item[0]])
            seen: set[str] = set()
            for field, text in fields:
                weight = weights[field]
                found = set(text_words(text)) - seen
                for word in found:
                    postings[word][i] = weight
                seen |= found
        self._postings = dict(postings)
        self._vocabulary = Vocabulary(self._postings)

    def _idf(self, word: str) -> float:
        return math.log(1 + len(self._briefings) / (1 + len(self._postings.get(word, ()))))

    def _spellings(self, word: str) -> list[tuple[str, float]]:
        """The indexed words a query word stands for: itself, or close misspellings of it."""
        if word in self._postings:
            return [(word, 1.0)]
        if len(word) < 4:
            return []
        return [(w, score / 100) for w, score in self._vocabulary.close(word, cutoff=84, limit=3)]

    def search(self, text: str) -> dict[str, float]:
        """Briefing id -> a 0-1 score of how well the words of `text` are covered."""
        words = query_words(text)
        scores: dict[int, float] = defaultdict(float)
        total = 0.0
        for word in words:
            matches = self._spellings(word)
            idf = self._idf(word)
            total += idf
            for found, closeness in matches:
                for i, weight in self._postings[found].items():
                    scores[i] += idf * weight * closeness / max(1, len(matches))
        if not total:
            return {}
        return {self._briefings[i].id: s / total for i, s in scores.items() if s > 0}


@dataclass(frozen=True, slots=True)
class BriefingMatch:
    """A briefing found for a topic, with a 0-100 score and what matched."""

    briefing: Briefing
    score: float
    reason: str


def find_briefings(library: Library, topic: str, *, limit: int = 10) -> list[BriefingMatch]:
    """Briefings about `topic`, best first (newer first among equals).

    The strongest reason a briefing matches (its id, a tag, an entity or person in it, its words)
    gives its score; how well its words match adds a little, so among briefings that all mention
    Ukraine the one with Ukraine in its title comes first.
    """
    words = library.text_index.search(topic)
    best: dict[str, tuple[float, str]] = {}

    def offer(briefing_id: str, score: float, reason: str) -> None:
        if briefing_id in library.by_id and score > best.get(briefing_id, (0.0, ""))[0]:
            best[briefing_id] = (score, reason)

    slug = topic.strip().lower()
    if slug in library.by_id:
        offer(slug, 100.0, "id")
    for briefing_id in library.tags.get(latin(topic), ()):
        offer(briefing_id, 92.0, "tag")
    for match in library.entity_index.lookup(topic, min_score=MATCH_SCORE, limit=5):
        entity = library.entities[match.key]
        for briefing_id in entity.briefing_ids:
            offer(briefing_id, 0.9 * match.score, f"{entity.kind} {entity.name}")
    for match in library.people_index.lookup(topic, min_score=MATCH_SCORE, limit=5):
        person = library.people[match.key]
        for briefing_id in person.briefing_ids:
            offer(briefing_id, 0.88 * match.score, f"person {person.name}")
    for briefing_id, (score, reason) in list(best.items()):
        best[briefing_id] = (score + _WORDS_BONUS * words.get(briefing_id, 0.0), reason)
    for briefing_id, score in words.items():
        if score >= _MIN_WORDS_SCORE:
            offer(briefing_id, 85.0 * score, "words")
    position = library.position
    ranked = sorted(best.items(), key=lambda item: (-round(item[1][0], 1), position[item[0]]))
    return [BriefingMatch(library.by_id[bid], score, why) for bid, (score, why) in ranked[:limit]]
