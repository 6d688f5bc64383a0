"""200 readers at once on a 5,000-report archive served by ``nianbao serve``:
the stored query answers each within 1 s at the 95th percentile, the first
requests ever included, while queries that try to build huge values are
refused beside them (the figures: ``python -m bench serveload``)."""

import pytest
from server_helpers import free_port

from bench.archive import build
from bench.serveload import measure

pytestmark = pytest.mark.slow  # builds a 5,000-report archive and serves it


def test_200_readers_of_a_stored_query_keep_p95_under_a_second(tmp_path):
    db = tmp_path / "nianbao.db"
    build(db, 5000)
    result = measure(db, free_port(), 200)
    assert result["statuses"] == [200]
    assert result["attack_statuses"] == [400, 400, 400, 400]
    assert result["p95"] < 1.0, result
