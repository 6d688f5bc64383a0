"""The width of text in a monospaced font, where a Chinese (wide or
full-width) character takes two columns: how a fixed-width text report lines
up its columns (``readers.text`` reads them by it, ``samples.text`` prints
them) and how the command line lines up its tables."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Display columns of ``text``: wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` display columns (never cut)."""
    return text + " " * max(width - display_width(text), 0)
