"""``python -m nianbao COMMAND``: the same as the ``nianbao`` console script
(the crawl, the demo and the tests start the crawler this way in a child
process, since Twisted's reactor cannot restart inside one process)."""

from nianbao.cli import main

main(prog_name="python -m nianbao")
