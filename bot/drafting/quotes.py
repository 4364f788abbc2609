"""Direct quotations and who said them, by rules (no model): pure functions over plain text.

A quotation is a span between quotation marks (straight or curly) that reads as speech: four
words or more, or ending in sentence punctuation; shorter ones are scare quotes or titles. Its
speaker is found, in this order, from: a speech verb after it (`"...," said X`, `"...", X said`,
`"...," X, 45, a farmer, told AFP`, `lamented one refugee`), the subject of the speech verb
nearest before it in its sentence (`X told Al Jazeera: "..."`, `Mr X said the strike was
"..."`), the subject of a sentence in which a participle introduces it (`fighters ...,
chanting "..."`), a pronoun (`he added`) standing for the person named last before it, or the
quote it continues (`"...," said X. "..."` in the same paragraph). No one named: the words that
describe the speaker (`one refugee`, `the ministry`, `a senior official`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import NOT_NAMES, looks_like_person, strip_title

__all__ = ["Quote", "extract_quotes"]

_SPEECH = (
    r"said|says|say|stated|states|told|tells|added|adds|lamented|laments|explained|explains|"
    r"noted|notes|warned|warns|asked|asks|insisted|insists|declared|declares|wrote|writes|"
    r"continued|continues|replied|replies|argued|argues|claimed|claims|recalled|recalls|"
    r"remarked|remarks|announced|announces|acknowledged|admitted|urged|urges|cautioned|"
    r"conceded|stressed|emphasised|emphasized|shouted|chanted|exclaimed|tweeted|posted|"
    r"according to|expressed|proclaimed|proclaiming|chanting|saying|adding|telling|shouting"
)
_QUOTE = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
# The full stop of `Dr.`, `Mr.`, `Gen.` ends no sentence: it is held as a one-dot leader while
# the rules run and given back in what they return.
_ABBREVIATION = re.compile(r"\b(Dr|Mr|Mrs|Ms|Prof|Gen|Col|Lt|Sgt|Capt|Sen|Rep|Gov|St|Jr|Sr)\.")
_HELD_DOT = "\u2024"
_NAME_WORD = (
    r"(?:[A-Z][\w'’.\u2024-]*|al-[A-Z][\w'’-]*|el-[A-Z][\w'’-]*|bin|ibn|Abu|de|van|von|da|di)"
)
_NAME = re.compile(rf"\b[A-Z][\w'’.\u2024-]*(?:\s+{_NAME_WORD})*")
_AFTER = re.compile(  # `"...," said X` or `"...," X, a former general, told Reuters`
    rf"^[\s,;:–—-]*(?:(?P<verb>(?i:{_SPEECH}))\s+(?P<who>[^.,;!?“\"]+)"
    rf"|(?P<who2>(?:[A-Z]|(?:the|a|an|one|he|she|they)\b)[^.;!?“\"]{{0,120}}?)\s+"
    rf"(?P<verb2>(?i:{_SPEECH}))\b)",
)
_SPEECH_VERB = re.compile(rf"\b(?:{_SPEECH})\b", re.I)
_PARTICIPLE_START = re.compile(r"^[A-Z][a-z]+(?:ed|ing|ly)$")  # `Asked whether ...`
_PRONOUNS = {"he", "she", "they", "him", "her"}
_ACRONYM = re.compile(r"^[A-Z]{2,}(?:['’]s)?$")

_PARTICIPLES = re.compile(r"\b(?:chanting|proclaiming|saying|shouting|adding)\b[\s,]*$", re.I)
_LOWER_START = re.compile(r"^(?:the|a|an|one|two|some|many|several|another)\b", re.I)
_TRAILING = re.compile(r"[\s,;:–—-]+$")


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    speaker: str | None  # a person's name as the article writes it
    description: str | None  # who spoke, when no one is named ("one refugee")


def _is_speech(text: str) -> bool:
    words = text.split()
    return len(words) >= 4 or text.rstrip().endswith((".", "!", "?", ","))


def _name_in(phrase: str) -> str | None:
    """The first proper name in a phrase such as `military expert Hatem Al Falahi, a ...`."""
    for match in _NAME.finditer(phrase):
        words = match.group().strip(" ,.").split()
        while words and (words[0].lower() in NOT_NAMES or _ACRONYM.match(words[0])):
            words.pop(0)  # "The", "US" in "US envoy Amos Hochstein"
        if len(words) == 1 and match.start() == 0 and _PARTICIPLE_START.match(words[0]):
            continue  # "Asked whether talks would resume, Hassan replied"
        if words:
            return strip_title(" ".join(words).replace(_HELD_DOT, "."))
    return None


def _description(subject: str) -> str | None:
    """Who spoke, when no one is named: the part of the subject that says it (`the ministry`
    in `In a statement, the ministry`; `A senior US official` before `, speaking ...`)."""
    for part in subject.split(","):
        if _LOWER_START.match(part.strip()):
            return part.strip().replace(_HELD_DOT, ".")
    return None


def _last_person(text: str, speakers: list[str]) -> str | None:
    """The person named last in `text`: a full name, or the surname of an earlier speaker
    (`he` after `The UN's humanitarian chief, Martin Griffiths, warned ...`)."""
    surnames = {s.split()[-1] for s in speakers}
    for match in reversed(list(_NAME.finditer(text))):
        name = match.group().replace(_HELD_DOT, ".").strip(" ,.")
        name = strip_title(name.removesuffix("’s").removesuffix("'s"))
        words = name.split()
        while words and words[0].lower() in NOT_NAMES:
            words.pop(0)
        name = " ".join(words)
        if looks_like_person(name) or name in surnames:
            return name
    return None


def _who(phrase: str) -> tuple[str | None, str | None]:
    """(name, description) from the words naming a speaker."""
    phrase = phrase.strip(" ,.")
    if phrase.lower() in _PRONOUNS:
        return "", None  # "" marks a pronoun: the caller resolves it
    name = _name_in(phrase)
    if name and _LOWER_START.match(phrase) and len(name.split()) < 2:
        name = None  # "The Islamist fighters": a description with an adjective, not a name
    if name:
        return name, None
    if _LOWER_START.match(phrase) or phrase[:1].islower():
        return None, phrase.split(",")[0].strip()
    return None, None


def _sentence_before(text: str, start: int) -> str:
    head = text[:start]
    cut = max(
        head.rfind(". "), head.rfind("! "), head.rfind("? "), head.rfind("”"), head.rfind("\n")
    )
    return head[cut + 1 :].strip()


def _open_quote(paragraph: str) -> bool:
    """True when a quotation opened in `paragraph` is not closed there."""
    return paragraph.count("“") > paragraph.count("”") or paragraph.count('"') % 2 == 1


def _paragraphs(text: str) -> list[str]:
    """Paragraphs, with a quotation that runs on (a paragraph left open, the next one opening
    with a quotation mark, as news style has it) joined into one."""
    out: list[str] = []
    for paragraph in (p.strip() for p in re.split(r"\n\s*\n|\n", text)):
        if not paragraph:
            continue
        if out and _open_quote(out[-1]) and paragraph[:1] in '“"':
            out[-1] = f"{out[-1]} {paragraph[1:]}"
        else:
            out.append(paragraph)
    return out


def extract_quotes(text: str) -> list[Quote]:
    """Every direct quotation in `text` with its speaker, in order."""
    quotes: list[Quote] = []
    last_named: str | None = None
    paragraphs = _paragraphs(_ABBREVIATION.sub(rf"\1{_HELD_DOT}", text))
    for index, paragraph in enumerate(paragraphs):
        previous: Quote | None = None
        for match in _QUOTE.finditer(paragraph):
            body = (match.group(1) or match.group(2)).strip().replace(_HELD_DOT, ".")
            if not _is_speech(body):
                continue
            before = _sentence_before(paragraph, match.start())
            continues = previous is not None and before[:1].islower()  # `and proclaiming, "..."`
            name, description = (None, None) if continues else _attribution(paragraph, match)
            if name == "":  # a pronoun: the person named last before it, else the last speaker
                context = _QUOTE.sub(
                    " ",
                    " ".join([*paragraphs[max(0, index - 1) : index], paragraph[: match.start()]]),
                )
                name = _last_person(context, [q.speaker for q in quotes if q.speaker]) or last_named
            if name is None and description is None and previous is not None:
                name, description = previous.speaker, previous.description
            quote = Quote(body, name, description)
            quotes.append(quote)
            previous = quote
            if name:
                last_named = name
    return quotes


def _attribution(paragraph: str, match: re.Match[str]) -> tuple[str | None, str | None]:
    after = _AFTER.match(paragraph[match.end() :])
    if after:
        phrase = after.group("who") or after.group("who2") or ""
        name, description = _who(phrase)
        if name is not None or description is not None:
            return name, description
    before = _sentence_before(paragraph, match.start())
    verb = next(reversed(list(_SPEECH_VERB.finditer(before))), None)  # the verb nearest it
    if before.endswith(":") or verb:
        # `X told Al Jazeera:`, `Mr Hassan said the strike was "..."`, `the army said that "..."`
        if _PARTICIPLES.search(before):  # "fighters ..., chanting": the sentence's subject
            subject = re.split(r",|\b(?:have|has|had|were|was|are|is)\b", before)[0]
            return _who(subject)
        subject = _TRAILING.sub("", before[: verb.start()] if verb else before)
        name = _name_in(subject)
        if name and not (_LOWER_START.match(subject) and len(name.split()) < 2):
            return name, None
        if re.search(r"\b(he|she|they)\s*$", subject, re.I):
            return "", None
        description = _description(subject)
        if description:  # "A senior US official, speaking on condition of anonymity, said:"
            return None, description
    return None, None
