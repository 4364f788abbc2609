"""Finding people, organisations and places by any name users type.

A query is cut into Latin-form words (see `names`). Each query word gathers the indexed words it
resembles: the same word, the same consonant skeleton (transliteration variants), a close
spelling by rapidfuzz's ratio (typos) and, from four letters on, words it begins. Each indexed
name is then scored by how well all query words are covered; an entity scores its best name.
Candidate generation goes through dictionaries (words, skeletons, and letter trigrams for the
typos), so a lookup stays around a millisecond with a hundred thousand names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from .names import NameForm, name_form, skeleton_keys
from .vocabulary import Vocabulary

__all__ = ["MATCH_SCORE", "SUGGEST_SCORE", "NameIndex", "NameMatch"]

MATCH_SCORE = 80.0
"""An entity scoring at least this is taken to be the one meant."""
SUGGEST_SCORE = 62.0
"""Below a match, at least this is worth offering as "did you mean"."""

_WORD_FLOOR = 70.0  # a query word resembling nothing better than this counts as unmatched
_FUZZY_CUTOFF = 70.0
_PER_WORD = 40  # resembling words gathered per query word
_MAX_FORMS = 600  # names scored per lookup, rarest query words first
_ARTICLE_PREFIXES = ("al", "el")
_GAPS = re.compile(r"[\s\-\u2010-\u2015]+")


@dataclass(frozen=True, slots=True)
class NameMatch:
    """An entity found by a lookup, with the name that matched it."""

    key: str
    score: float
    form: str
    exact: bool


def _skeleton_score(query: str, word: str, skeleton_len: int) -> float:
    ratio = fuzz.ratio(query, word)
    if skeleton_len >= 2:
        return 80.0 + 0.15 * ratio
    return 70.0 + 0.15 * ratio if ratio >= 50 else 0.0


class NameIndex:
    """An immutable index of (key, name) pairs."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        self._forms: list[NameForm] = []
        self._keys: list[str] = []
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._word_forms: dict[str, list[int]] = defaultdict(list)
        self._skeleton_words: dict[str, set[str]] = defaultdict(set)
        seen: set[tuple[str, str]] = set()
        for key, text in names:
            form = name_form(text)
            if not form.words or (key, form.latin) in seen:
                continue
            seen.add((key, form.latin))
            i = len(self._forms)
            self._forms.append(form)
            self._keys.append(key)
            self._exact[form.latin].append(i)
            for word, skel in zip(form.words, form.skeletons, strict=True):
                postings = self._word_forms[word]
                if not postings or postings[-1] != i:
                    postings.append(i)
                for key in skeleton_keys(skel) if skel else ():
                    self._skeleton_words[key].add(word)
        self._vocabulary = Vocabulary(self._word_forms)

    def __len__(self) -> int:
        return len(self._forms)

    def lookup(
        self,
        query: str,
        *,
        min_score: float = SUGGEST_SCORE,
        limit: int = 10,
        prefix_from: int = 4,
    ) -> list[NameMatch]:
        """Entities resembling `query`, best first, each once, scoring at least `min_score`.

        A query word of `prefix_from` letters or more also matches the words it begins
        (autocomplete passes 2: `jol` offers Jolani).
        """
        form = name_form(query)
        if not form.words:
            return []
        best: dict[str, NameMatch] = {}
        for i in self._exact.get(form.latin, ()):
            best[self._keys[i]] = NameMatch(self._keys[i], 100.0, self._forms[i].text, True)
        # An exact hit needs no typo search: only namesakes are looked for beside it.
        resemblances = [
            self._resembling(w, s, typos=not best, prefix_from=prefix_from)
            for w, s in zip(form.words, form.skeletons, strict=True)
        ]
        for i in self._candidates(resemblances):
            key = self._keys[i]
            if key in best and best[key].exact:
                continue
            score = self._score(form.words, resemblances, self._forms[i])
            if score >= min_score and (key not in best or score > best[key].score):
                best[key] = NameMatch(key, score, self._forms[i].text, False)
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.form))
        if len(form.words) > 1 and (not ranked or ranked[0].score < MATCH_SCORE):
            # A compound written apart: `Nasr Allah`, `نصر الله`, `Abdel Rahman`.
            joined = _GAPS.sub("", query)
            if joined != query:
                for match in self.lookup(
                    joined, min_score=min_score, limit=limit, prefix_from=prefix_from
                ):
                    if match.score > best.get(match.key, match).score or match.key not in best:
                        best[match.key] = match
                ranked = sorted(best.values(), key=lambda m: (-m.score, m.form))
        return ranked[:limit]

    def _resembling(
        self, word: str, skel: str, *, typos: bool, prefix_from: int
    ) -> dict[str, float]:
        """Indexed words resembling one query word, each with a 0-100 similarity."""
        found: dict[str, float] = {}

        def offer(candidate: str, score: float) -> None:
            if score > found.get(candidate, 0.0):
                found[candidate] = score

        variants = [word]
        if word.startswith(_ARTICLE_PREFIXES) and len(word) >= 6:  # article glued on: aljolani
            variants.append(word[2:])
        for variant in variants:
            if variant in self._word_forms:
                offer(variant, 100.0)
            variant_skel = skel if variant is word else name_form(variant).skeletons[0]
            for key in skeleton_keys(variant_skel):
                for candidate in self._skeleton_words.get(key, ()):
                    offer(candidate, _skeleton_score(variant, candidate, len(key)))
            if typos:
                for candidate, score in self._vocabulary.close(
                    variant, cutoff=_FUZZY_CUTOFF, limit=_PER_WORD
                ):
                    offer(candidate, score)
            if len(variant) >= prefix_from:
                for candidate in self._vocabulary.starting(variant, limit=_PER_WORD):
                    offer(candidate, max(82.0, fuzz.ratio(variant, candidate)))
        return found

    def _candidates(self, resemblances: list[dict[str, float]]) -> list[int]:
        """Names holding a resembling word for every query word (or, failing that, for any)."""
        postings = [
            {i for word in found for i in self._word_forms[word]} for found in resemblances if found
        ]
        if not postings:
            return []
        postings.sort(key=len)
        common = set.intersection(*postings) if len(postings) == len(resemblances) else set()
        pool = common or set().union(*postings[:2])
        return sorted(pool)[:_MAX_FORMS]

    @staticmethod
    def _score(
        query: tuple[str, ...], resemblances: list[dict[str, float]], form: NameForm
    ) -> float:
        """How well a name covers the query: the closeness of the words that match, lowered
        for query words that match nothing (`Ahmed Hussein al-Sharaa` still finds `Ahmed
        al-Sharaa`, `Ahmed Karimi` does not) and, a little, for name words left unused."""
        matched = total = query_letters = 0.0
        used: set[int] = set()
        for word, found in zip(query, resemblances, strict=True):
            query_letters += len(word)
            best, best_j = 0.0, -1
            for j, candidate in enumerate(form.words):
                s = found.get(candidate, 0.0)
                if s > best and j not in used:
                    best, best_j = s, j
            if best >= _WORD_FLOOR:
                used.add(best_j)
                total += best * len(word)
                matched += len(word)
        if not matched:
            return 0.0
        query_cover = matched / query_letters
        form_letters = sum(len(w) for w in form.words)
        form_cover = sum(len(form.words[j]) for j in used) / form_letters
        return total / matched * (0.6 + 0.4 * query_cover) * (0.9 + 0.1 * form_cover)
