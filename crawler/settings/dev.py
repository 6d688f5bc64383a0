"""The ``dev`` profile: base settings plus Scrapy's HTTP cache, so that adapter
work replays pages from disk instead of hitting government sites again.

    SCRAPY_SETTINGS_MODULE=crawler.settings.dev nianbao crawl --site fj-pingtan
"""

from crawler.settings import *  # noqa: F401,F403

HTTPCACHE_ENABLED = True
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_EXPIRATION_SECS = 0
HTTPCACHE_IGNORE_HTTP_CODES = [412, 429, 500, 502, 503, 504]
LOG_LEVEL = "DEBUG"
