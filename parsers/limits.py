"""How much one document may cost the parser: the limits every reader and
the worker process hold it to, with sane defaults, each overridable by an
environment variable (``NIANBAO_MAX_PAGES=5000``) or in code::

    from parsers import limits
    limits.configure(pages=5000, seconds=300)      # this process and its workers
    limits.current().pages

A document past a limit is refused with ``LimitExceeded``, a ``ReadError``
whose message names the limit and the variable that raises it.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

from .model import ReadError

ENV_PREFIX = "NIANBAO_MAX_"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Every limit; sizes in bytes, time in seconds, memory in MiB."""

    document_bytes: int = 200 * MIB       # any document as fetched or read from disk
    markup_bytes: int = 20 * MIB          # an HTML page or a text file
    zip_member_bytes: int = 64 * MIB      # one decompressed member of a ZIP package (DOCX, XLSX, OFD, ODT, ZIP)
    zip_total_bytes: int = 256 * MIB      # all members of one ZIP package, decompressed
    zip_members: int = 5000               # members in one ZIP package
    pages: int = 2000                     # pages of a PDF or OFD
    frames: int = 100                     # frames (pages) of a TIFF or other multi-frame image
    image_pixels: int = 60_000_000        # pixels of one image frame (a 7,700 x 7,700 scan)
    expanded_numbers: int = 100_000       # numbers one compact notation may stand for (OFD ``g N d``)
    seconds: float = 180.0                # wall-clock time to parse one document in a worker (OCR: ~20 s a page)
    memory_mb: int = 1024                 # data memory of a worker process (RLIMIT_DATA)
    inline_bytes: int = 2 * MIB           # HTML/text at most this big is parsed in-process, without a worker

    @classmethod
    def from_env(cls, environ=None) -> Limits:
        """The defaults overridden by ``NIANBAO_MAX_<NAME>`` variables;
        a value that is not a positive number is a ValueError naming it."""
        environ = os.environ if environ is None else environ
        changes = {}
        for field in dataclasses.fields(cls):
            raw = environ.get(env_name(field.name))
            if raw is not None:
                changes[field.name] = _positive(field, raw)
        return cls(**changes)

    def replace(self, **changes) -> Limits:
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ValueError(f"unknown limit(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **changes)


def env_name(limit: str) -> str:
    return ENV_PREFIX + limit.upper()


def _positive(field: dataclasses.Field, raw: str):
    kind = float if field.type in (float, "float") else int
    try:
        value = kind(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{env_name(field.name)}={raw!r}: a positive {kind.__name__} is needed")
    return value


class LimitExceeded(ReadError):
    """A document past one of the limits; the message names the limit."""

    def __init__(self, what: str, limit: str, value) -> None:
        self.limit = limit
        super().__init__(f"over a limit: {what}; the limit is {_show(limit, value)} "
                         f"(set {env_name(limit)} to change it)")


_UNITS = {"pages": "pages", "frames": "frames", "zip_members": "members", "image_pixels": "pixels",
          "expanded_numbers": "numbers"}


def _show(limit: str, value) -> str:
    if limit.endswith("_bytes"):
        return f"{value / MIB:g} MiB" if value >= MIB else f"{value:,} bytes"
    if limit == "memory_mb":
        return f"{value:,} MiB of memory"
    if limit == "seconds":
        return f"{value:g} seconds"
    return f"{value:,} {_UNITS.get(limit, '')}".rstrip()


def check(limit: str, actual, what: str, limits: Limits | None = None) -> None:
    """Raise LimitExceeded when ``actual`` is over ``limit``; ``what``
    describes the thing counted, e.g. ``"the PDF has 100,000 pages"``."""
    allowed = getattr(limits or current(), limit)
    if actual > allowed:
        raise LimitExceeded(what, limit, allowed)


_current: Limits | None = None


def current() -> Limits:
    """The limits in force in this process: as configured, else from the environment."""
    global _current
    if _current is None:
        _current = Limits.from_env()
    return _current


def configure(limits: Limits | None = None, **changes) -> Limits:
    """Set the limits of this process (and of the workers it starts from
    now on): ``limits`` as given, or the current ones with ``changes``."""
    global _current
    _current = (limits or current()).replace(**changes)
    return _current
