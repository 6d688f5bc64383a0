"""Per-site crawl outcome and the exit code a scheduler sees.

Components count per-site events in Scrapy's stats under
``nianbao/sites/<site>/<event>``; at the end ``site_statuses`` turns them into
one status per site and ``exit_code`` into the process's exit code."""

from __future__ import annotations

EXIT_OK = 0            # every site crawled
EXIT_PARTIAL = 1       # some sites failed or were blocked
EXIT_CONFIG = 2        # bad arguments, unknown site, unreadable registry
EXIT_UNREACHABLE = 3   # no site could be crawled at all

EXIT_CODES_HELP = (
    "Exit codes: 0 every site crawled; 1 partial (some sites failed or were blocked); "
    "2 configuration error; 3 nothing reachable."
)

EVENTS = ("responses", "lists", "report_links", "documents", "reports", "errors", "challenges", "blocked", "vanished")


STATS_PREFIX = "nianbao/sites/"


def stat_key(site: str, event: str) -> str:
    return f"{STATS_PREFIX}{site}/{event}"


def site_counts(stats: dict, site: str) -> dict[str, int]:
    return {event: int(stats.get(stat_key(site, event), 0)) for event in EVENTS}


def site_status(counts: dict[str, int]) -> str:
    """ok: a report column was read; blocked: a challenge stopped us; not_found:
    the site answered but no report column was found; failed: no answer."""
    if counts["lists"] or counts["reports"]:
        return "ok"
    if counts["blocked"]:
        return "blocked"
    if counts["responses"]:
        return "not_found"
    return "failed"


def site_statuses(stats: dict, sites: list[str]) -> dict[str, dict]:
    result = {}
    for site in sites:
        counts = site_counts(stats, site)
        result[site] = {"status": site_status(counts), **counts}
    return result


def exit_code(statuses: dict[str, dict]) -> int:
    ok = sum(1 for s in statuses.values() if s["status"] == "ok")
    if statuses and ok == len(statuses):
        return EXIT_OK
    return EXIT_PARTIAL if ok else EXIT_UNREACHABLE
