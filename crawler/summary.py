"""Per-site crawl outcome and the exit code a scheduler sees.

Components count per-site events in Scrapy's stats under
``nianbao/sites/<site>/<event>`` and note faults with ``record_fault`` (a
count per kind of fault, see ``crawler.faults``, and the first reason of
each under ``nianbao/reasons/``); at the end ``site_statuses`` turns them
into one status and one reason per site, and ``exit_code`` into the
process's exit code."""

from __future__ import annotations

from scrapy.statscollectors import StatsCollector

from .faults import KINDS

EXIT_OK = 0            # every site crawled, reports archived from each
EXIT_PARTIAL = 1       # some sites not ok, or the crawl was interrupted (it resumes)
EXIT_CONFIG = 2        # bad arguments, unknown site, unreadable registry
EXIT_UNREACHABLE = 3   # nothing archived from any site

EXIT_CODES_HELP = (
    "Exit codes: 0 every site crawled and reports archived from each; 1 partial (some sites not ok, "
    "or the crawl was interrupted: the same command resumes it); 2 configuration error; "
    "3 nothing archived from any site (the summary says why, site by site)."
)

# Every status a site can end with, in the order they are decided.
STATUSES = {
    "interrupted": "the crawl was stopped before it finished (Ctrl-C, SIGTERM); the same command resumes it",
    "ok": "reports were archived",
    "blocked": "a JavaScript challenge the browser could not pass",
    "disallowed": "robots.txt disallows the pages that lead to the reports",
    "too_large": "an answer over DOWNLOAD_MAXSIZE, or a zip attachment past its limits",
    "redirect_loop": "redirects that never end in a page (more than REDIRECT_MAX_TIMES)",
    "server_error": "the server answered with errors (HTTP 5xx)",
    "unreachable": "no answer: connection refused or reset, timed out, or no such host",
    "failed": "fetches failed otherwise (HTTP 4xx, other errors)",
    "empty": "the report column was read but no report was archived from it",
    "not_found": "the site answered but no report column was found",
}
# Which fault decides the status of a site that archived nothing.
_FAULT_STATUS = {"robots": "disallowed", "too_large": "too_large", "redirect_loop": "redirect_loop",
                 "server_error": "server_error", "unreachable": "unreachable", "http_error": "failed",
                 "error": "failed"}

EVENTS = ("responses", "lists", "report_links", "documents", "reports", "errors", "challenges", "blocked", "vanished")

STATS_PREFIX = "nianbao/sites/"
REASONS_PREFIX = "nianbao/reasons/"  # not under STATS_PREFIX: those are counts, summed on resume


def stat_key(site: str, event: str) -> str:
    return f"{STATS_PREFIX}{site}/{event}"


def record_fault(stats: StatsCollector, site: str, kind: str, reason: str) -> None:
    """Count a fault of ``kind`` (one of ``faults.KINDS``) for ``site`` and
    keep the first reason given for that kind. Every kind but ``robots`` is an
    error too (a page robots.txt disallows is left out by every crawl alike)."""
    if kind != "robots":
        stats.inc_value(stat_key(site, "errors"))
    stats.inc_value(stat_key(site, kind))
    if stats.get_value(f"{REASONS_PREFIX}{site}/{kind}") is None:
        stats.set_value(f"{REASONS_PREFIX}{site}/{kind}", reason)


def site_counts(stats: dict, site: str) -> dict[str, int]:
    return {event: int(stats.get(stat_key(site, event), 0)) for event in EVENTS + KINDS}


def site_status(counts: dict[str, int], *, finished: bool = True) -> str:
    """The first of ``STATUSES`` that holds: a site is ``ok`` only when reports
    were archived from it; one that archived nothing is named by its fault."""
    if not finished:
        return "interrupted"
    if counts["reports"]:
        return "ok"
    if counts["blocked"]:
        return "blocked"
    for kind, status in _FAULT_STATUS.items():
        if counts.get(kind):
            return status
    if counts["lists"]:
        return "empty"
    if counts["responses"]:
        return "not_found"
    return "failed"


def _reason(stats: dict, site: str, status: str, counts: dict[str, int], finish_reason: str | None) -> str:
    faults = [(kind, stats.get(f"{REASONS_PREFIX}{site}/{kind}")) for kind in KINDS if counts.get(kind)]
    first = {kind: reason for kind, reason in faults if reason}
    if status == "interrupted":
        if finish_reason is None:
            return "the crawl was stopped hard before it finished; the same command starts it again"
        return f"the crawl stopped ({finish_reason}) before it finished; the same command resumes it"
    if status == "ok":
        also = f"; {counts['errors']} failed fetches, first: {next(iter(first.values()))}" if first else ""
        return f"{counts['reports']} reports archived{also}"
    kind = next((k for k, s in _FAULT_STATUS.items() if s == status and counts.get(k)), None)
    if kind:
        return first.get(kind) or STATUSES[status]
    if status == "not_found":
        return f"the site answered ({counts['responses']} pages) but no report column was found"
    if status == "failed" and not counts["errors"]:
        return "no answer"
    return STATUSES[status]


def site_statuses(stats: dict, sites: list[str], finish_reason: str | None = "finished") -> dict[str, dict]:
    """{site: {status, reason, counts…, faults: {kind: count}}} at the end of a crawl."""
    finished = finish_reason == "finished"
    result = {}
    for site in sites:
        counts = site_counts(stats, site)
        status = site_status(counts, finished=finished)
        result[site] = {"status": status, "reason": _reason(stats, site, status, counts, finish_reason),
                        **{event: counts[event] for event in EVENTS},
                        "faults": {kind: counts[kind] for kind in KINDS if counts[kind]}}
    return result


def exit_code(statuses: dict[str, dict]) -> int:
    values = [s["status"] for s in statuses.values()]
    if values and all(status == "ok" for status in values):
        return EXIT_OK
    return EXIT_PARTIAL if "ok" in values or "interrupted" in values else EXIT_UNREACHABLE
