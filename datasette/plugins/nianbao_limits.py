"""Limits that hold for any SQL a reader sends.

Datasette's time limit (``sql_time_limit_ms``) interrupts a query between
SQLite's steps, but one function call is one step: ``printf('%.*c',
900000000, 'x')`` or a ``replace`` that expands a string ran for half a
minute and took gigabytes. So every connection also gets:

- ``SQLITE_LIMIT_LENGTH``: no string or blob a query builds (``printf``,
  ``zeroblob``, ``randomblob``, ``replace``, ``||``, ``group_concat`` …) may
  be longer than ``MAX_VALUE_BYTES``; past it SQLite stops the query with
  "string or blob too big". Every value the archive stores is far smaller.
- ``SQLITE_LIMIT_LIKE_PATTERN_LENGTH``: LIKE / GLOB patterns of at most
  ``MAX_LIKE_PATTERN_BYTES``.
- ``printf`` / ``format`` refused in a reader's SQL ("not authorized to use
  function: printf"; the archive's views may use them): SQLite 3.40 writes
  ``'%.*c'`` character by character, 900 million times, whatever the limit.
- ``instr``, ``replace`` and two-argument ``trim`` / ``ltrim`` / ``rtrim`` in
  linear time: SQLite's own search the needle at every position (an 8 MB
  needle in a 16 MB string would run for hours inside one step); these use
  Python's string search (two-way, linear), a ``replace`` whose answer would
  pass the limit is refused before it is built, and a trim takes at most
  ``MAX_TRIM_CHARACTERS`` different characters.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

MAX_VALUE_BYTES = 16 * 1024 * 1024
MAX_LIKE_PATTERN_BYTES = 200
MAX_TRIM_CHARACTERS = 64
# Refused in a reader's SQL (allowed inside the archive's own views, which use them on short
# values): SQLite 3.40's printf writes a '%.*c' of 900 million characters one by one, past any limit.
REFUSED_FUNCTIONS = {"printf", "format"}


def _text(value):
    """A value as SQLite's text functions see it (None stays None)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def instr(haystack, needle):
    """1-based position of ``needle`` in ``haystack`` (bytes in blobs, characters in text), 0 if absent."""
    if haystack is None or needle is None:
        return None
    if isinstance(haystack, bytes) and isinstance(needle, bytes):
        return haystack.find(needle) + 1
    return _text(haystack).find(_text(needle)) + 1


def replace(text, old, new):
    """SQLite's replace; one whose answer would pass MAX_VALUE_BYTES is refused
    before it is built (OverflowError: SQLite's "string or blob too big")."""
    if text is None or old is None or new is None:
        return None
    text, old, new = _text(text), _text(old), _text(new)
    if old == "":
        return text
    grows = len(new.encode()) - len(old.encode())
    if grows > 0 and len(text.encode()) + text.count(old) * grows > MAX_VALUE_BYTES:
        raise OverflowError("string or blob too big")
    return text.replace(old, new)


def _trimmer(strip: str):
    def trim(text, characters):
        if text is None or characters is None:
            return None
        drop = set(_text(characters))
        if len(drop) > MAX_TRIM_CHARACTERS:
            raise ValueError(f"trim with more than {MAX_TRIM_CHARACTERS} different characters")
        return getattr(_text(text), strip)("".join(drop))
    return trim


LINEAR_FUNCTIONS = {
    ("instr", 2): instr, ("replace", 3): replace, ("trim", 2): _trimmer("strip"),
    ("ltrim", 2): _trimmer("lstrip"), ("rtrim", 2): _trimmer("rstrip"),
}


def _authorize(action, _arg1, function, _database, view):
    if action == sqlite3.SQLITE_FUNCTION and view is None and function.lower() in REFUSED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def limit_connection(conn: sqlite3.Connection) -> None:
    conn.set_authorizer(_authorize)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, MAX_LIKE_PATTERN_BYTES)
    for (name, arity), function in LINEAR_FUNCTIONS.items():
        conn.create_function(name, arity, function, deterministic=True)


@hookimpl
def prepare_connection(conn):
    limit_connection(conn)
