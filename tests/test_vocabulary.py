"""The vocabulary's typo and prefix searches."""

from __future__ import annotations

from bot.library.vocabulary import Vocabulary

WORDS = ["jolani", "julian", "golan", "hama", "hamas", "homs", "aleppo", "damascus", "falahi"]


def test_close_finds_typos_best_first() -> None:
    vocabulary = Vocabulary(WORDS)
    assert vocabulary.close("jolnai", cutoff=70, limit=5)[0][0] == "jolani"
    assert [w for w, _ in vocabulary.close("damascas", cutoff=70, limit=5)] == ["damascus"]
    assert vocabulary.close("zelensky", cutoff=70, limit=5) == []


def test_close_respects_cutoff_and_limit() -> None:
    vocabulary = Vocabulary(WORDS)
    found = vocabulary.close("hama", cutoff=50, limit=2)
    assert len(found) == 2 and all(score >= 50 for _, score in found)
    assert found[0] == ("hama", 100.0)


def test_prefix_and_membership() -> None:
    vocabulary = Vocabulary(WORDS)
    assert vocabulary.starting("ham", limit=10) == ["hama", "hamas"]
    assert vocabulary.starting("ham", limit=1) == ["hama"]
    assert "homs" in vocabulary and "hom" not in vocabulary
