"""The application's entry point: the ``nianbao`` command group (``cli``), one
module of click commands per job (``parse``, ``crawl``, ``sites``,
``reparse``, ``commands`` for the archive's ingest, coverage and serve) and
the offline ``demo``.  It sits above ``parsers``, ``archive`` and ``crawler``
and puts them together; nothing below imports it."""
