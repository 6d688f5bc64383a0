"""The documents inside a zip attachment, read with the parser's capped ZIP
reader (``parsers.readers.zips.ZipPackage``, limits ``NIANBAO_MAX_ZIP_*``:
member count, each member's and all members' decompressed size, checked on
the sizes declared before anything is decompressed and again as each member
streams out). Reading stops at a limit, which ``problems`` names (a zip that
declares too much gives nothing); a damaged member is left out and named.

Names written by Chinese Windows tools are GBK without the UTF-8 flag.

    found = zip_members(data)
    found.members    # [(name, bytes)]
    found.problems   # [("too_large", "too large: the member '报告.pdf' of a ZIP attachment declares …")]
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from parsers.limits import LimitExceeded
from parsers.model import ReadError
from parsers.readers.formats import ATTACHMENT_EXTENSIONS
from parsers.readers.zips import ZipPackage


@dataclass
class ZipContents:
    members: list[tuple[str, bytes]] = field(default_factory=list)
    # (kind, message): "too_large" names the limit reached, "error" the damage
    problems: list[tuple[str, str]] = field(default_factory=list)


def member_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def zip_members(data: bytes) -> ZipContents:
    """The document members (by extension; not nested zips) of a zip file."""
    found = ZipContents()
    try:
        package = ZipPackage(data, "a ZIP attachment")
        for info in package.infos:
            name = member_name(info)
            if PurePosixPath(name).suffix.lower() not in ATTACHMENT_EXTENSIONS or name.lower().endswith(".zip"):
                continue
            try:
                found.members.append((name, package.read(info.filename)))
            except LimitExceeded:
                raise
            except ReadError as error:
                found.problems.append(("error", str(error)))
    except LimitExceeded as error:  # the members read before the limit are kept
        found.problems.append(("too_large", str(error)))
    except ReadError as error:
        found.problems.append(("error", str(error)))
    return found
