"""Base Scrapy settings for the nianbao crawler (the ``base`` profile).

Profiles: ``crawler.settings`` (this module, polite defaults), ``crawler.settings.dev``
(adds an HTTP cache for working on adapters offline), ``crawler.settings.prod``
(longer delays, bigger retries) and ``crawler.settings.fast`` (politeness off, for the
mock web on this machine: the demo, the tests, the benchmarks). Pick one with
``SCRAPY_SETTINGS_MODULE``.
Every setting can be overridden on the command line: ``nianbao crawl -s NAME=VALUE``.
"""

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Politeness: say who we are, obey robots.txt (a registry site may override it,
# with its reason recorded), one request at a time per host, adaptive delays.
USER_AGENT = "nianbao/0.1 (+https://github.com/nianbao/nianbao; open-government report archive)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024
DOWNLOAD_WARNSIZE = 50 * 1024 * 1024

# Robustness: retries with exponential backoff (crawler.backoff).
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
NIANBAO_RETRY_BACKOFF_BASE = 2.0
NIANBAO_RETRY_BACKOFF_MAX = 60.0

# Discovery: how many links deep to look for the report column from a home page,
# and how deep sub-columns may nest below a column.
NIANBAO_DISCOVERY_DEPTH = 3
NIANBAO_LIST_DEPTH = 3
# How many candidate pages discovery looks at per site (best first), and how
# many pages one report column may ask for (crawler.paging; logged when reached).
NIANBAO_DISCOVERY_MAX_PAGES = 40
NIANBAO_MAX_LIST_PAGES = 300
NIANBAO_MAX_LIST_LINKS = 2_000   # links read from one page (more: logged, the rest left unread)
# Re-render empty lists in Chromium (scrapy-playwright); off for plain-HTML runs.
NIANBAO_BROWSER_ENABLED = True
NIANBAO_WARC_MAX_SIZE = 1024 * 1024 * 1024

TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Only requests with meta playwright=True go to Chromium; the handler hands
# every other request to Scrapy's own HTTP handler.
DOWNLOAD_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": "/usr/bin/chromium",
    "args": [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ],
}
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 60_000

DOWNLOADER_MIDDLEWARES = {
    # scope first: nothing off-site is fetched, not even its robots.txt
    "crawler.scope.ScopeMiddleware": 40,
    "crawler.backoff.BackoffMiddleware": 545,
    "crawler.incremental.ConditionalRequestMiddleware": 560,
    "crawler.challenge.ChallengeMiddleware": 595,
    # decompress before the WARC recorder, which sits before redirects and
    # retries so that every response is archived (3xx, 412 and 5xx included)
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": 620,
    "crawler.warc.WarcMiddleware": 610,
    # a redirect back into its own chain is a fault, not a duplicate to drop
    "crawler.faults.RedirectLoopMiddleware": 605,
    # last on the way back: pages are decoded and parsed in a worker thread, not on the event loop
    "crawler.prepare.ParseInThreadMiddleware": 50,
}
ITEM_PIPELINES = {
    "crawler.pipelines.ArchivePipeline": 300,
}

# Where the archive and the stored files go (``--db``, ``--data-dir``); the
# archival components are off (NotConfigured) when these are empty.
NIANBAO_DB = ""
NIANBAO_DATA_DIR = ""

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
