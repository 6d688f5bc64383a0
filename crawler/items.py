"""What the spider hands to the pipeline: one fetched document (a report page
or an attachment) with the hints the list and page gave about it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CapturedDocument:
    url: str
    body: bytes = field(repr=False)
    content_type: str
    fetched_at: str
    site: str
    kind: str                                   # "page" or "attachment"
    filename: str | None = None                 # name with extension, for the parser
    title: str | None = None                    # list title or ArticleTitle
    year: int | None = None                     # from the title, else PubDate − 1
    agency: str | None = None                   # from the title, else the site's name
    published: str | None = None                # PubDate / list date
    level: str | None = None
    region_code: str | None = None
    page_url: str | None = None                 # the report page an attachment hangs on
    attachments: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict, repr=False)
    sha256: str | None = None                   # the body's digest, computed once by the WARC recorder
