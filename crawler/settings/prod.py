"""The ``prod`` profile for scheduled crawls: slower and more patient than base.

    SCRAPY_SETTINGS_MODULE=crawler.settings.prod nianbao crawl --all
"""

from crawler.settings import *  # noqa: F401,F403

DOWNLOAD_DELAY = 3.0
AUTOTHROTTLE_START_DELAY = 3.0
AUTOTHROTTLE_MAX_DELAY = 120.0
RETRY_TIMES = 5
NIANBAO_RETRY_BACKOFF_MAX = 300.0
CONCURRENT_REQUESTS = 16
LOG_LEVEL = "INFO"
