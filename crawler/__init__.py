"""The harvester: Scrapy spiders, CMS adapters and the archival record of every capture."""
