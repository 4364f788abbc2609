"""Evaluation of drafting on hand-annotated articles: quote recall and precision, speaker
attribution accuracy, people recall.

    .venv/bin/python bench/drafting_eval.py

Annotation files: `tests/data/articles/*.yaml` (each a list of {file, quotes: [{text, speaker}],
people: [{name, aliases}]}, the article beside it; the first is the shared Hama gold set). A gold
quote is found when an extracted quote contains it (or it contains the extracted one) after
folding case and punctuation; `unknown` and `anonymous` speakers must come out unnamed.
Targets: quote recall 0.95, quote precision 0.9, speaker accuracy 0.9, people recall 0.9.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.drafting.article import read_article
from bot.drafting.people import find_people, person_for
from bot.drafting.quotes import extract_quotes
from bot.library.names import latin

ROOT = Path(__file__).resolve().parent.parent
SETS = sorted((ROOT / "tests" / "data" / "articles").glob("*.yaml"))
TARGETS = {
    "quote recall": 0.95,
    "quote precision": 0.9,
    "speaker accuracy": 0.9,
    "people recall": 0.9,
}
_UNNAMED = {"unknown", "anonymous", ""}


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _same(gold: str, found: str) -> bool:
    a, b = _fold(gold), _fold(found)
    return bool(a) and bool(b) and (a in b or b in a)


def evaluate() -> dict[str, float]:
    gold_quotes = found_quotes = recalled = precise = right_speaker = 0
    gold_people = found_people = 0
    for annotated in SETS:
        if not annotated.exists():
            continue
        for entry in yaml.safe_load(annotated.read_text(encoding="utf-8")):
            article = read_article(annotated.parent / entry["file"])
            quotes = extract_quotes(article.text)
            people = find_people(article.text, quotes)
            gold_people_forms = {
                g["name"]: {latin(f) for f in (g["name"], *g.get("aliases", []))}
                for g in entry.get("people", [])
            }
            for gold in entry["quotes"]:
                gold_quotes += 1
                match = next((q for q in quotes if _same(gold["text"], q.text)), None)
                if match is None:
                    continue
                recalled += 1
                speaker = str(gold.get("speaker") or "").strip()
                if speaker.lower() in _UNNAMED:
                    right_speaker += match.speaker is None
                elif match.speaker is not None:
                    wanted = gold_people_forms.get(speaker, {latin(speaker)})
                    said_by = person_for(match.speaker, people)  # as the draft resolves it
                    written = (said_by.name, *said_by.aliases) if said_by else (match.speaker,)
                    right_speaker += bool({latin(f) for f in written} & wanted)
            found_quotes += len(quotes)
            precise += sum(any(_same(g["text"], q.text) for g in entry["quotes"]) for q in quotes)
            for wanted in gold_people_forms.values():
                gold_people += 1
                found_people += any(
                    {latin(f) for f in (p.name, *p.aliases)} & wanted for p in people
                )
    return {
        "quote recall": recalled / gold_quotes if gold_quotes else 0.0,
        "quote precision": precise / found_quotes if found_quotes else 0.0,
        "speaker accuracy": right_speaker / recalled if recalled else 0.0,
        "people recall": found_people / gold_people if gold_people else 0.0,
        "articles": float(sum(len(yaml.safe_load(p.read_text())) for p in SETS if p.exists())),
    }


def main() -> int:
    figures = evaluate()
    print(f"{int(figures.pop('articles'))} annotated article(s)")
    for name, value in figures.items():
        target = TARGETS[name]
        print(f"{name:<18} {value:6.3f}  target {target}  {'ok' if value >= target else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
