"""What parsing one document yields: the ``Report`` with its facts, checks,
metadata and errors, and its JSON form (the ``parse`` command's output and
the archive's input)."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import version
from .schema import CheckResult


@dataclass
class FactValue:
    """One number as read: its value (int, 万元 float, or None when printed
    empty/—/无), the raw text as printed, where it was read, and how its row
    and column were recognised: ``exact`` (the label as the format prints
    it), ``fuzzy`` (most of the label, a typo aside) or ``position`` (its
    number or its place among the rows and columns recognised)."""

    key: str
    value: int | float | None
    raw: str
    location: str = ""
    match: str = "exact"


@dataclass
class Report:
    path: str | None = None
    format: str | None = None
    sha256: str | None = None
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    template: str = "unknown"
    facts: dict[str, FactValue] = field(default_factory=dict)
    checks: list[CheckResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    text: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    parser_version: str = field(default_factory=lambda: version.PARSER_VERSION)

    def values(self) -> dict[str, int | float | None]:
        return {k: f.value for k, f in self.facts.items()}

    def to_json(self) -> dict:
        """The ``parse`` command's object for this report."""
        return {
            "path": self.path,
            "title": self.title,
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
            "facts": self.values(),
            "checks": [c.to_dict() for c in self.checks],
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            # how each fact not placed by its exact label was placed
            "matches": {k: f.match for k, f in self.facts.items() if f.match != "exact"},
        }
