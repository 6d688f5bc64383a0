"""The documents inside a zip attachment, read within limits: at most
``max_members`` documents, each at most ``max_member_bytes`` decompressed,
all of them together at most ``max_total_bytes``. What is past a limit is
left out and named in ``problems``, before anything is decompressed: the
sizes a member declares are checked, and Python's zipfile never gives more
than a member declares (one that lies fails its CRC check: damaged).

Names written by Chinese Windows tools are GBK without the UTF-8 flag.

    found = zip_members(data, max_members=200, max_member_bytes=64 << 20, max_total_bytes=256 << 20)
    found.members    # [(name, bytes)]
    found.problems   # [("too_large", "the member '报告.pdf' declares 1,073,741,824 bytes, over …")]
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from parsers.readers.formats import ATTACHMENT_EXTENSIONS

MIB = 1 << 20


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


def zip_members(data: bytes, *, max_members: int, max_member_bytes: int, max_total_bytes: int) -> ZipContents:
    """The document members (by extension; not nested zips) of a zip file."""
    found = ZipContents()

    def refuse(message: str) -> None:
        found.problems.append(("too_large", message))

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        found.problems.append(("error", f"not a readable zip file ({error})"))
        return found
    documents = [(member_name(info), info) for info in archive.infolist() if not info.is_dir()]
    documents = [(name, info) for name, info in documents
                 if PurePosixPath(name).suffix.lower() in ATTACHMENT_EXTENSIONS and not name.lower().endswith(".zip")]
    if len(documents) > max_members:
        refuse(f"{len(documents)} documents in the zip, only the first {max_members} read (NIANBAO_ZIP_MAX_MEMBERS)")
    total = 0
    for name, info in documents[:max_members]:
        room = min(max_member_bytes, max_total_bytes - total)
        if info.file_size > room or room <= 0:
            which = "the zip's total" if room < max_member_bytes else "a member's"
            refuse(f"the member {name!r} declares {info.file_size:,} bytes, over {which} limit "
                   f"({_limits(max_member_bytes, max_total_bytes)})")
            continue
        try:
            content = archive.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as error:
            found.problems.append(("error", f"the member {name!r} is damaged ({error})"))
            continue
        total += len(content)
        found.members.append((name, content))
    return found


def _limits(member: int, total: int) -> str:
    return (f"NIANBAO_ZIP_MEMBER_MAX_SIZE {member / MIB:g} MiB a member, "
            f"NIANBAO_ZIP_MAX_SIZE {total / MIB:g} MiB in all")
