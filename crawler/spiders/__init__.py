"""The crawler's one spider: ``reports`` (crawler.spiders.reports)."""
