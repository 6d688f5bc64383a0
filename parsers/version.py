"""The parser's version, recorded with every report it reads.

``PARSER_VERSION`` is the date of the last change to what parsing yields
(``YYYY.MM.DD``, with ``.N`` appended for a second change the same day).
Bump it in the commit that changes any fact, check, title, agency, year or
template a parse gives for some document (a reader, a label or value rule,
a metadata rule, a check); a change that yields the same output for every
document (a refactor, a speed-up) keeps it.  ``nianbao reparse`` re-reads
the archived originals of reports whose version is older
(``version_key`` orders versions)."""

from __future__ import annotations

PARSER_VERSION = "2026.11.29.4"


def version_key(version: str | None) -> tuple[int, ...]:
    """A version as a tuple that orders correctly (``2026.11.29.2`` after
    ``2026.11.29``); no version (a report archived before versions were
    recorded) is the oldest of all.  ValueError for a malformed version."""
    if not version:
        return ()
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        raise ValueError(f"not a parser version (YYYY.MM.DD[.N]): {version!r}") from None
