"""A sorted vocabulary of words with the two searches both indexes need: words close in
spelling (typos) and words beginning with a prefix.

Typos are found by letter trigrams first (a word that is a typo of another still shares a third
of its trigrams with it), then scored by rapidfuzz's ratio on those few candidates only, so a
search costs about a millisecond over a hundred thousand words.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process

__all__ = ["Vocabulary"]

_MAX_CANDIDATES = 2000  # words sharing the most trigrams, scored for a typo


def _trigrams(word: str) -> set[str]:
    padded = f"${word}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Vocabulary:
    """An immutable set of words."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted(set(words))
        grams: dict[str, list[int]] = defaultdict(list)
        for n, word in enumerate(self.words):
            for gram in _trigrams(word):
                grams[gram].append(n)
        self._grams = dict(grams)

    def __contains__(self, word: object) -> bool:
        i = bisect.bisect_left(self.words, word) if isinstance(word, str) else len(self.words)
        return i < len(self.words) and self.words[i] == word

    def close(self, word: str, *, cutoff: float, limit: int) -> list[tuple[str, float]]:
        """Words whose spelling is at least `cutoff` (0-100) like `word`, closest first."""
        grams = _trigrams(word)
        counts: Counter[int] = Counter()
        for gram in grams:
            counts.update(self._grams.get(gram, ()))
        needed = max(1, len(grams) // 3)
        near = [n for n, c in counts.items() if c >= needed]
        if len(near) > _MAX_CANDIDATES:
            near = [n for n, _ in counts.most_common(_MAX_CANDIDATES)]
        found = process.extract(
            word,
            [self.words[n] for n in near],
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            limit=limit,
        )
        return [(candidate, score) for candidate, score, _ in found]

    def starting(self, prefix: str, *, limit: int) -> list[str]:
        """Words that begin with `prefix`, in order."""
        start = bisect.bisect_left(self.words, prefix)
        out = []
        for candidate in self.words[start : start + limit]:
            if not candidate.startswith(prefix):
                break
            out.append(candidate)
        return out
