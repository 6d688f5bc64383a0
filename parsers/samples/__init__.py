"""Synthetic annual reports with known answers: ``make_truth`` makes one
report as data, ``render`` prints it in one of ``SHAPES`` (HTML as CMSs
serve it, DOCX, PDF, plain text), ``generate_corpus`` writes many of them
with a ``truth.jsonl`` of what a perfect parser returns.

    from parsers.samples import make_truth, render
    truth = make_truth(7, level="township", misprint=True)
    data, ext = render(truth, "pdf_ruled")
    truth.expected()["failing_checks"]
"""

from .corpus import generate_corpus
from .render import SHAPES, render
from .truth import Truth, make_truth

__all__ = ["SHAPES", "Truth", "generate_corpus", "make_truth", "render"]
