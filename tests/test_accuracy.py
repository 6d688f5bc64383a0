"""Parser accuracy on ~150 unseen synthetic reports over every shape, each
damaged as real reports are (``parsers.samples.damage``: typos in labels,
broken headers, rows split over a page break, padded and full-width
numbers, export residue, tables cut off): at least 99.5% of facts exact and
90% of documents perfect (facts, title, agency, year, template and failing
checks), against a truth that only drops what the damage made
unrecoverable.  LibreOffice PDFs are cached by content hash, so only the
first run pays for soffice."""

from collections import defaultdict

import pytest

from parsers import parse_bytes
from parsers.samples import generate_corpus
from parsers.samples.score import rates, score

N_DOCUMENTS = 154   # eleven of each of the fourteen shapes
SEED = 2026


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    corpus = generate_corpus(tmp_path_factory.mktemp("corpus"), N_DOCUMENTS, SEED, damaged=True)
    return [score(path.name, expected, parse_bytes(path.read_bytes(), path.name).to_json())
            for path, expected in corpus]


def _report(scores) -> str:
    by_shape = defaultdict(list)
    for s in scores:
        by_shape[s.name.split("-", 1)[1].rsplit(".", 1)[0]].append(s)
    lines = ["shape         facts exact  perfect docs"]
    for shape, group in sorted(by_shape.items()):
        facts, perfect = rates(group)
        lines.append(f"{shape:13s} {facts:10.2%}  {perfect:7.0%}")
    worst = sorted((s for s in scores if not s.perfect), key=lambda s: (-len(s.fact_diffs), s.name))
    return "\n".join(lines + ["", "worst documents:"] + [s.describe() for s in worst[:12]])


def test_facts_exact(scores):
    facts, _ = rates(scores)
    assert facts >= 0.995, f"{facts:.2%} of facts exact\n{_report(scores)}"


def test_documents_perfect(scores):
    _, perfect = rates(scores)
    assert perfect >= 0.90, f"{perfect:.0%} of documents perfect\n{_report(scores)}"
