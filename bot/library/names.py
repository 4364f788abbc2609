"""The name normaliser: how a typed name becomes something comparable.

Users type names as they heard them: `Jolani`, `al-Julani`, `Golani`, `الجولاني`, `AL JOLANI`,
`jolanni`. Two forms are produced for every name and every query, by rules rather than by lists
of special cases:

* the *Latin form*: Arabic script transliterated by a table (other scripts by anyascii),
  case folded, diacritics stripped, apostrophes and ayn/hamza marks dropped, hyphens made spaces,
  the Arabic article (al-, el-, ad-, ash-, ...) removed, doubled letters collapsed;
* the *skeleton* of each word: its consonants after folding the transliteration pairs that
  spellings of the same sound disagree on (j/dj, sh/ch, q/k, z/s, ou/u/w, ee/i/y, ...).
  A Latin `g` writes either Arabic jim (Golani = Jolani) or qaf (Gaddafi = Qaddafi), so it is
  kept as the class `G`, which `skeleton_keys` reads both ways: `jolani`, `julani`, `golani`,
  `jawlani` and `jwlany` (from `الجولاني`) share the key `jln`; `gaddafi`, `qaddafi`, `kadhafi`
  and `القذافي` share `kdf`.

Everything here is a pure function of its argument.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

__all__ = ["NameForm", "latin", "name_form", "skeleton", "skeleton_keys", "text_words", "words"]

# Arabic (and the Persian/Urdu letters) to Latin. Short vowels are unwritten in Arabic, so the
# result is a consonant-heavy form; the skeleton is what makes it meet the Latin spellings.
_ARABIC = {
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ٱ": "a",
    "ء": "",
    "ؤ": "",
    "ئ": "",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "و": "w",
    "ي": "y",
    "ى": "a",
    "پ": "p",
    "چ": "ch",
    "ژ": "zh",
    "گ": "g",
    "ک": "k",
    "ی": "y",
    "ے": "e",
    "ں": "n",
    "ـ": "",  # tatweel, a stretching stroke
}
_ARABIC_BLOCK = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")
_ARABIC_ARTICLE = "ال"

# Standalone articles and the assimilated forms of "al" before sun letters. Removed as words.
_ARTICLES = frozenset(
    {"al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "es", "ez"}
)
# Titles and honorifics are not names: `President Assad` is looked up as `Assad`.
_TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "president",
        "gen",
        "general",
        "col",
        "colonel",
        "sheikh",
        "shaikh",
        "sheik",
        "king",
        "emir",
        "minister",
        "prime",
        "sir",
        "judge",
        "senator",
        "commander",
        "syrian",
        "former",
        "leader",
    }
)
# Marks that stand for ayn and hamza in transliterations, and apostrophes of every kind.
_MARKS = re.compile(r"['`´ʻʼʽʾʿˈ’‘‛′]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DOUBLED = re.compile(r"(.)\1+")

# Transliteration pairs folded in a skeleton, longest first within each rule list.
_SKELETON_PAIRS = (
    ("dsch", "j"),  # German: Dscholani
    ("dzh", "j"),  # from Cyrillic: Dzholani
    ("sch", "S"),
    ("zh", "S"),  # ж: Prigozhin, Prigoschin
    ("sh", "S"),
    ("ch", "S"),
    ("kh", "k"),
    ("gh", "G"),  # ghayn: Baghdad, Bagdad
    ("dj", "j"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("ck", "k"),
    ("x", "ks"),
    ("g", "G"),  # jim or qaf, see skeleton_keys
    ("q", "k"),
    ("c", "k"),
    ("v", "f"),
    ("z", "s"),  # German and Slavic spellings: Selenskyj, Zelensky
)
_SKELETON_VOWELS = re.compile(r"[aeiouwy]")


_SPLIT = re.compile(r"[\s\-\u2010-\u2015\u2212_/.,;:!?()\[\]{}\"“”«»]+")


_FINAL_YJ = re.compile(r"(?<=[iy])j$")  # the -ий ending written -yj, -ij: Selenskyj


def _finish(skel: str) -> str:
    if len(skel) > 2 and skel.endswith("h"):  # a final -h often writes ta marbuta: Hamah, Hama
        skel = skel[:-1]
    return _DOUBLED.sub(r"\1", skel)


@lru_cache(maxsize=1 << 18)
def _latin_skeleton(word: str) -> str:
    word = _FINAL_YJ.sub("", word)
    for pair, folded in _SKELETON_PAIRS:
        word = word.replace(pair, folded)
    return _finish(_SKELETON_VOWELS.sub("", word))


def _arabic_word(word: str) -> tuple[str, str]:
    """Latin form and skeleton of an Arabic-script word, letter by letter.

    Letter by letter because a digraph in the output (ت then ح gives `th`) must not be read as
    the one letter ث when the skeleton is taken.
    """
    if word.startswith(_ARABIC_ARTICLE) and len(word) > 3:
        word = word[2:]
    letters = [_ARABIC.get(ch, "") for ch in word]
    form = _DOUBLED.sub(r"\1", "".join(letters))
    return form, _finish("".join(_latin_skeleton(letter) for letter in letters))


@lru_cache(maxsize=1 << 18)
def _other_words(word: str) -> tuple[str, ...]:
    text = _MARKS.sub("", anyascii(_MARKS.sub("", word)).lower())
    folded = (_DOUBLED.sub(r"\1", w) for w in _NON_WORD.split(text) if w)
    return tuple(w for w in folded if w not in _ARTICLES)


def _analyse(text: str) -> list[tuple[str, str | None]]:
    """Latin-form words, each with its skeleton when the script fixed it (Arabic), else None."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    forms: list[tuple[str, str | None]] = []
    for raw in _SPLIT.split(text):
        if raw.isascii() or not _ARABIC_BLOCK.search(raw):
            forms += [(w, None) for w in _other_words(raw)]
            continue
        for chunk in _ARABIC_BLOCK.split(raw):
            forms += [(w, None) for w in _other_words(chunk)]
        forms += [_arabic_word(a) for a in _ARABIC_BLOCK.findall(raw)]
    return [(w, s) for w, s in forms if w and w not in _ARTICLES]


@lru_cache(maxsize=131072)
def _analyse_name(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    analysed = _analyse(text)
    kept = [(w, s) for w, s in analysed if w not in _TITLES] or analysed  # all titles: keep them
    return (
        tuple(w for w, _ in kept),
        tuple(_latin_skeleton(w) if s is None else s for w, s in kept),
    )


def latin(text: str) -> str:
    """The Latin matching form of a name: lowercase ASCII words separated by single spaces."""
    return " ".join(_analyse_name(text)[0])


def words(text: str) -> tuple[str, ...]:
    """The words of a name's Latin form, titles (`President`, `Dr`) left out."""
    return _analyse_name(text)[0]


def text_words(text: str) -> tuple[str, ...]:
    """The Latin-form words of running text, every word kept (the same words `_analyse`
    gives, in one pass over the whole text when it is ASCII, the common case)."""
    if text.isascii():
        split = _NON_WORD.split(_MARKS.sub("", text.lower()))
        folded = [_undoubled(w) for w in split if w]
        return tuple([w for w in folded if w not in _ARTICLES])
    return tuple(w for w, _ in _analyse(text))


@lru_cache(maxsize=1 << 18)
def _undoubled(word: str) -> str:
    return _DOUBLED.sub(r"\1", word)


def skeleton(word: str) -> str:
    """The consonant skeleton of one Latin-form word (`jolani` -> `jln`, `shara` -> `Sr`)."""
    return _latin_skeleton(word)


@lru_cache(maxsize=1 << 18)
def skeleton_keys(skel: str) -> tuple[str, ...]:
    """The keys a skeleton is found under: the ambiguous `G` read as jim (`j`) and as qaf
    (`k`), so `golani` meets `jolani` and `gaddafi` meets `qaddafi` (not `jolani` `qaddafi`)."""
    if "G" not in skel:
        return (skel,)
    return (
        _DOUBLED.sub(r"\1", skel.replace("G", "j")),
        _DOUBLED.sub(r"\1", skel.replace("G", "k")),
    )


@dataclass(frozen=True, slots=True)
class NameForm:
    """One way of writing a name, prepared for matching."""

    text: str
    latin: str
    words: tuple[str, ...]
    skeletons: tuple[str, ...]


def name_form(text: str) -> NameForm:
    ws, skels = _analyse_name(text)
    return NameForm(text=text, latin=" ".join(ws), words=ws, skeletons=skels)
