"""Benchmark: the markup of stacked formulas in the printed document.

Lays out the same generated 100-IKU document (one stacked fraction per IKU, in the lengkap
layout) with the formula stylesheet of each variant, alternately, and prints the median
WeasyPrint time of each, its ratio to the first, and the page count (which must not change).
It also writes page 2 of each variant as PNG, to compare by eye that they print the same.

    DEBUG=1 .venv/bin/python bench/formula_markup.py [--runs 5] [--png-dir /tmp/formula-markup]
"""

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_pdf import generated_document, setup_django  # noqa: E402

VARIANTS = {
    "table cells (inline-table)": "",
    "inline blocks": """
        .formula { display: inline-block; }
        .formula > .f-part { display: inline-block; vertical-align: middle; }
    """,
    "fraction as table rows": """
        .frac { display: inline-table; }
        .frac > .frac-num, .frac > .frac-den { display: table-row; }
    """,
    "no stacking (reference: not the same print)": """
        .formula, .formula > .f-part, .frac, .frac > .frac-num, .frac > .frac-den {
            display: inline; border: 0; padding: 0; margin: 0; }
    """,
    "inline flex": """
        .formula { display: inline-flex; align-items: center; flex-wrap: wrap; }
        .formula > .f-part { display: block; }
    """,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--png-dir", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from core.rendering.engine import layout as _layout
        from indicators.printing.pdf import document_html

        html = document_html(generated_document(100))
        variants = {
            name: html.replace("</head>", f"<style>{css}</style></head>", 1)
            for name, css in VARIANTS.items()
        }
        times = {name: [] for name in variants}
        pages = {}
        for _ in range(args.runs):
            for name, variant in variants.items():
                gc.collect()
                start = time.perf_counter()
                rendered = _layout(variant)
                pdf = rendered.write_pdf()
                times[name].append(time.perf_counter() - start)
                pages[name] = len(rendered.pages)
                if args.png_dir:
                    out = Path(args.png_dir)
                    out.mkdir(parents=True, exist_ok=True)
                    slug = name.split(" (")[0].replace(" ", "-")
                    (out / f"{slug}.pdf").write_bytes(pdf)
        base = statistics.median(times[next(iter(variants))])
        print(f"100 IKU, lengkap, {args.runs} runs each, alternated; median seconds")
        for name in variants:
            median = statistics.median(times[name])
            print(f"{name:<46}{median:>8.3f} s{median / base:>8.2f}x{pages[name]:>5} pages")


if __name__ == "__main__":
    main()
