"""Turn one annual-report document into the canonical facts of schema.md.

Pure functions: bytes in, a ``Report`` out; no network, no database.

    from parsers import parse_bytes, parse_path
    report = parse_path("report.pdf")
    report.facts["applications.new_received.total"].value
"""

from .parse import parse_bytes, parse_path
from .result import FactValue, Report

__all__ = ["parse_bytes", "parse_path", "Report", "FactValue"]
