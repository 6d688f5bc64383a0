"""Chinese search in Datasette's own search box: replace Datasette's
``escape_fts`` SQL function with ``archive.search.escape_fts``, which turns
the typed words into the bigram phrases the archive's index holds.
``trylast`` makes ours the last registration, so it wins."""

from archive.search import escape_fts
from datasette import hookimpl


@hookimpl(trylast=True)
def prepare_connection(conn):
    conn.create_function("escape_fts", 1, escape_fts, deterministic=True)
