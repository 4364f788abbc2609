"""Hypothesis strategies shared by the renderers' property tests."""

from __future__ import annotations

from hypothesis import strategies as st

from bot.core import Choice, FactLine, QuoteLine, Reply, ReplyKind, SourceLine

__all__ = ["replies"]

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
_small = st.text(max_size=80)
replies = st.builds(
    Reply,
    title=st.none() | _small,
    subtitle=st.none() | _small,
    paragraphs=st.lists(st.text(max_size=5000), max_size=3).map(tuple),
    facts=st.lists(st.builds(FactLine, _text, st.none() | st.integers(1, 9)), max_size=30).map(
        tuple
    ),
    quotes=st.lists(
        st.builds(
            QuoteLine,
            st.text(max_size=3000),
            _small,
            st.none() | _small,
            st.none() | st.integers(1, 9),
            st.none() | _small,
        ),
        max_size=8,
    ).map(tuple),
    sources=st.lists(
        st.builds(
            SourceLine,
            _small,
            st.none() | _small,
            st.none() | st.from_regex(r"https?://[^\s]{1,80}", fullmatch=True),
            st.none() | st.dates(),
        ),
        max_size=4,
    ).map(tuple),
    choices=st.lists(st.builds(Choice, _small, _small), max_size=5).map(tuple),
    choices_title=st.none() | _small,
    related=st.lists(st.builds(Choice, _small, _small), max_size=8).map(tuple),
    related_title=st.none() | _small,
    kind=st.sampled_from(ReplyKind),
    date=st.none() | st.dates(),
)
