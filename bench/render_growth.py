"""Benchmark: how a document's PDF render grows with its number of IKU.

Renders generated lengkap documents of 25, 50, 100, 200 and 300 IKU (the full render: the
snapshot, the templates, one layout with the continued cells put in, see
indicators/printing/page_breaks.py) and WeasyPrint alone on the same final HTML,
and fits a line to each: seconds per IKU (the slope), the fixed cost, and how straight the
line is (R², 1 is a straight line). Growth must be linear in IKU.

    DEBUG=1 .venv/bin/python bench/render_growth.py [--runs 3]

It uses a throwaway SQLite database in a temporary folder; your own data is not touched.
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SIZES = [25, 50, 100, 200, 300]


def fit(xs, ys) -> tuple[float, float, float]:
    """Least squares: slope, intercept, R²."""
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = mean_y - slope * mean_x
    total = sum((y - mean_y) ** 2 for y in ys)
    residual = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    return slope, intercept, 1 - residual / total if total else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        from render_pdf import generated_document, paired_medians, setup_django

        setup_django(Path(folder) / "bench.sqlite3")
        from core.rendering.engine import html_to_pdf
        from indicators.printing.pdf import document_html, document_pdf

        full_times, alone_times = [], []
        print(f"runs per figure: {args.runs}; median seconds")
        print(f"{'IKU':>5}{'full render':>13}{'WeasyPrint alone':>18}{'ratio':>8}")
        for n, size in enumerate(SIZES):
            document = generated_document(size, period_start=2100 + 10 * n)
            html = document_html(document)
            document_pdf(document)  # warm up
            full, alone = paired_medians(
                lambda d=document: document_pdf(d), lambda h=html: html_to_pdf(h), args.runs
            )
            full_times.append(full)
            alone_times.append(alone)
            print(f"{size:>5}{full:>13.2f}{alone:>18.2f}{full / alone:>8.2f}")
        for label, times in (("full render", full_times), ("WeasyPrint alone", alone_times)):
            slope, intercept, r2 = fit(SIZES, times)
            print(f"{label}: {slope * 1000:.1f} ms per IKU + {intercept:.2f} s fixed, R² {r2:.4f}")


if __name__ == "__main__":
    main()
