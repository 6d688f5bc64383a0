"""``generate_corpus``: many synthetic reports over every shape, template,
level and misprint, written to a directory with ``truth.jsonl`` (one line
per file: its name, shape and ``Truth.expected()``)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from .pdf import docx_to_pdf
from .render import SHAPES, render
from .truth import LEVEL_NAMES, make_truth

TEMPLATES = ("2021", "2021", "2021", "2019", "legacy")


def plan(n: int, seed: int) -> list[tuple[int, str, str, str, bool]]:
    """(truth seed, shape, template, level, misprint) for n documents, shapes in turn."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        template = rng.choice(TEMPLATES) if i % 10 else "legacy"
        misprint = template != "legacy" and rng.random() < 0.2
        out.append((seed * 100_000 + i, SHAPES[i % len(SHAPES)], template,
                    rng.choice(tuple(LEVEL_NAMES)), misprint))
    return out


def generate_corpus(out_dir, n: int, seed: int) -> list[tuple[Path, dict]]:
    """Write n reports under out_dir and ``truth.jsonl``; return (path, expected) pairs."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    items = [(make_truth(s, template=t, level=lv, misprint=m), shape) for s, shape, t, lv, m in plan(n, seed)]
    # One LibreOffice call converts every pdf_word document (and caches them).
    docx_to_pdf([render(truth, "docx")[0] for truth, shape in items if shape == "pdf_word"])
    result = []
    with open(out / "truth.jsonl", "w", encoding="utf-8") as lines:
        for i, (truth, shape) in enumerate(items):
            data, ext = render(truth, shape)
            path = out / f"{i:04d}-{shape}{ext}"
            path.write_bytes(data)
            expected = truth.expected()
            lines.write(json.dumps({"file": path.name, "shape": shape, "seed": truth.seed, **expected},
                                   ensure_ascii=False) + "\n")
            result.append((path, expected))
    return result
