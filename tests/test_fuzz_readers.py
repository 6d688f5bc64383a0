"""Fuzz every reader with hypothesis: a seed document of any format (see
``bench.fuzz.seeds``), damaged by a drawn list of the damage model's
operations and perhaps renamed, is read and mapped, or refused with a
ReadError in words — never another exception. A few dozen examples here;
``python -m bench fuzz --n 10000`` runs ten thousand in workers."""

import functools
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import fuzz
from parsers.parse import report_from
from parsers.readers import ReadError, read_document


@functools.cache
def seeds() -> list[fuzz.Seed]:
    return fuzz.seeds()


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pick=st.integers(min_value=0),
       damage=st.lists(st.tuples(st.sampled_from(fuzz.DAMAGE), st.integers(0, 2**32)), min_size=1, max_size=3),
       rename=st.sampled_from((None,) + fuzz.EXTENSIONS))
def test_a_damaged_document_is_read_or_refused_in_words(pick, damage, rename):
    seed = seeds()[pick % len(seeds())]
    data = seed.data
    for operation, state in damage:
        data = operation(data, random.Random(state))
    name = seed.name if rename is None else Path(seed.name).stem + rename
    try:
        report = report_from(read_document(data, name), name, None)
    except ReadError as exc:
        assert str(exc).strip() and "Traceback" not in str(exc)
    else:
        assert all(isinstance(e, str) and e for e in report.errors)


def test_the_seeds_cover_every_reader():
    from parsers.readers.formats import BY_NAME
    from parsers.readers.sniff import sniff

    readers = {BY_NAME[sniff(s.data, s.name)].reader for s in seeds()}
    assert readers == {"pdf", "docx", "office", "html", "text", "ofd", "image"}


def test_the_damage_is_drawn_by_seed():
    seed = seeds()[0]
    first = fuzz.damaged(seed, random.Random(7))
    assert fuzz.damaged(seed, random.Random(7)) == first
    assert fuzz.damaged(seed, random.Random(8)) != first
