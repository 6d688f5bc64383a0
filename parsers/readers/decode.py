"""Bytes to text for the text-based formats (HTML, plain text): BOM first,
then the declared charset, then UTF-8 and GB18030, then charset-normalizer.

Chinese government sites label pages GBK or GB2312 but print characters only
GB18030 has, and some pages claim UTF-8 while being GBK: every GB charset is
decoded as its superset GB18030, and a declared charset that does not decode
is overruled with a warning instead of producing mojibake.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB_ALIASES = {"gbk", "gb2312", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312", "gb18030"}


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    cut: bool = False       # the bytes end in the middle of a character (a cut file)


def canonical_charset(name: str | None) -> str | None:
    """The Python codec to use for a charset label, GB labels -> gb18030;
    None when the label is missing or unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _GB_ALIASES:
        return "gb18030"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return "gb18030" if codec in _GB_ALIASES else codec


# Single-byte charsets decode any bytes at all, so a page that declares one
# and holds valid GB18030 Chinese text is GB18030 (CMS templates often say
# iso-8859-1 or windows-1252 by default).
_SINGLE_BYTE = {"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15"}


def _is_chinese_gb(data: bytes) -> bool:
    text = _strict(data, "gb18030")
    if text is None:
        return False
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return han >= 2 and han >= 0.3 * sum(1 for ch in text if ord(ch) > 127)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


_CUT_REASONS = frozenset({"unexpected end of data", "incomplete multibyte sequence"})


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text that has no byte-order
    mark, else None. The evidence: the zero high bytes of ASCII characters
    (digits, spaces, line ends) fall on one side of each byte pair, and the
    sample decodes to printable text."""
    sample = data[:4096]
    sample = sample[:len(sample) // 2 * 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) < max(2, len(sample) // 100) or min(even, odd) * 3 > max(even, odd):
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    text = sample.decode(encoding, errors="replace")
    printable = sum(1 for ch in text if (ch.isprintable() and ch != "\ufffd") or ch in "\t\r\n")
    return encoding if printable >= 0.95 * len(text) else None


def _cut_or_strict(data: bytes, encoding: str) -> tuple[str | None, bool]:
    """``data`` decoded strictly, and whether it was cut inside its last
    character (that partial character is dropped); None when it does not
    decode."""
    try:
        return data.decode(encoding), False
    except UnicodeDecodeError as err:
        if err.end != len(data) or err.start < len(data) - 3 or err.reason not in _CUT_REASONS:
            return None, False
        return _strict(data[:err.start], encoding), True
    except LookupError:
        return None, False


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data``; ``declared`` is the charset the page or server claims.

    Order: a byte-order mark wins, then UTF-16 recognised without one; valid UTF-8 with non-ASCII content is
    UTF-8 whatever the label says (GBK text is practically never valid
    UTF-8); then the declared charset, then GB18030, then charset-normalizer's
    best guess, and finally GB18030 with replacement characters.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom):].decode(encoding, errors="replace"), encoding)
    encoding = utf16_without_bom(data) if b"\x00" in data[:4096] else None
    if encoding:
        return Decoded(data.decode(encoding, errors="replace"), encoding)
    claimed = canonical_charset(declared)
    warnings: list[str] = []
    if declared and claimed is None:
        warnings.append(f"unknown charset {declared!r} declared; guessed the encoding")

    text, cut = _cut_or_strict(data, "utf-8")
    if text is not None:
        if claimed not in (None, "utf-8", "ascii") and not text.isascii():
            warnings.append(f"page declares charset {declared!r} but is UTF-8; decoded as UTF-8")
        return Decoded(text, "utf-8", warnings, cut)
    if claimed is not None and claimed != "utf-8":
        text = _strict(data, claimed)
        if text is not None and not (claimed in _SINGLE_BYTE and _is_chinese_gb(data)):
            return Decoded(text, claimed, warnings)

    (text, cut), encoding = _cut_or_strict(data, "gb18030"), "gb18030"
    if text is None:
        best = charset_normalizer.from_bytes(data).best()
        if best is not None:
            text, encoding = str(best), best.encoding
        else:
            text = data.decode("gb18030", errors="replace")
            warnings.append("text is not valid in any known encoding; undecodable bytes replaced")
    if claimed is not None and claimed != encoding:
        warnings.append(f"page declares charset {declared!r} but is not valid {claimed}; decoded as {encoding}")
    return Decoded(text, encoding, warnings, cut)
