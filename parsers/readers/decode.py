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


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data``; ``declared`` is the charset the page or server claims.

    Order: a byte-order mark wins; valid UTF-8 with non-ASCII content is
    UTF-8 whatever the label says (GBK text is practically never valid
    UTF-8); then the declared charset, then GB18030, then charset-normalizer's
    best guess, and finally GB18030 with replacement characters.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom):].decode(encoding, errors="replace"), encoding)
    claimed = canonical_charset(declared)
    warnings: list[str] = []
    if declared and claimed is None:
        warnings.append(f"unknown charset {declared!r} declared; guessed the encoding")

    text = _strict(data, "utf-8")
    if text is not None:
        if claimed not in (None, "utf-8", "ascii") and not text.isascii():
            warnings.append(f"page declares charset {declared!r} but is UTF-8; decoded as UTF-8")
        return Decoded(text, "utf-8", warnings)
    if claimed is not None and claimed != "utf-8":
        text = _strict(data, claimed)
        if text is not None and not (claimed in _SINGLE_BYTE and _is_chinese_gb(data)):
            return Decoded(text, claimed, warnings)

    text, encoding = _strict(data, "gb18030"), "gb18030"
    if text is None:
        best = charset_normalizer.from_bytes(data).best()
        if best is not None:
            text, encoding = str(best), best.encoding
        else:
            text = data.decode("gb18030", errors="replace")
            warnings.append("text is not valid in any known encoding; undecodable bytes replaced")
    if claimed is not None and claimed != encoding:
        warnings.append(f"page declares charset {declared!r} but is not valid {claimed}; decoded as {encoding}")
    return Decoded(text, encoding, warnings)
