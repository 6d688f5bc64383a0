"""The ``fast`` profile: politeness off, for sites on this machine only (the
mock government web that the demo, the tests and the benchmarks crawl).
Loopback sites answer at once: no delays, no AutoThrottle, retries without
backoff, and a browser challenge that never clears is given up after 15 s
instead of 60.  robots.txt is still obeyed.  Never use it on a real site.

    SCRAPY_SETTINGS_MODULE=crawler.settings.fast nianbao crawl --start-url http://127.0.0.1:8000/
"""

from crawler.settings import *  # noqa: F401,F403

DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = False
NIANBAO_RETRY_BACKOFF_BASE = 0
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 15_000
