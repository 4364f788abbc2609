"""briefbot: a chat bot that answers with article-based briefings."""

__version__ = "0.1.0"
