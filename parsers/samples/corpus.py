"""``generate_corpus``: many synthetic reports over every shape, template,
level and misprint, written to a directory with ``truth.jsonl`` (one line
per file: its name, shape and what a perfect parser returns).  With
``damaged=True`` each report also suffers the damage ``damage.draw_damage``
draws for it, and its truth says what is still recoverable."""

from __future__ import annotations

import json
import random
from pathlib import Path

from .damage import damaged_expected, draw_damage
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


def generate_corpus(out_dir, n: int, seed: int, *, damaged: bool = False) -> list[tuple[Path, dict]]:
    """Write n reports under out_dir and ``truth.jsonl``; return (path, expected) pairs."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    items = []
    for s, shape, t, lv, m in plan(n, seed):
        truth = make_truth(s, template=t, level=lv, misprint=m)
        items.append((truth, shape, draw_damage(s) if damaged else None))
    # One LibreOffice call converts every pdf_word document (and caches them).
    docx_to_pdf([render(truth, "docx", damage)[0] for truth, shape, damage in items if shape == "pdf_word"])
    result = []
    with open(out / "truth.jsonl", "w", encoding="utf-8") as lines:
        for i, (truth, shape, damage) in enumerate(items):
            data, ext = render(truth, shape, damage)
            path = out / f"{i:04d}-{shape}{ext}"
            path.write_bytes(data)
            expected = damaged_expected(truth, damage)
            extra = {"damage": damage.kinds} if damage else {}
            lines.write(json.dumps({"file": path.name, "shape": shape, "seed": truth.seed, **extra, **expected},
                                   ensure_ascii=False) + "\n")
            result.append((path, expected))
    return result
