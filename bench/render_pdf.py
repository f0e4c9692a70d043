"""Benchmark: PDF rendering of IKU documents.

Renders the two demo documents and generated lengkap documents of 25, 50, 100, 200 and 300
IKU several times each and prints, per document, the median time of the portal's full render
(the snapshot's queries, the templates, the one layout with the cells that go on over page
breaks put in, see indicators/printing/page_breaks.py, the PDF) and of WeasyPrint alone on the
same final HTML, and their ratio; then a line fitted to each over the generated sizes: seconds
per IKU (the slope), the fixed cost, and how straight it is (R², 1 is a straight line).
With --presets, the 100-IKU document in every preset, as a ratio to lengkap.

    make bench            # or: DEBUG=1 .venv/bin/python bench/render_pdf.py [--runs 5]

It uses a throwaway SQLite database in a temporary folder; your own data is not touched.
"""

import argparse
import gc
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(db_path: Path) -> None:
    os.environ["DEBUG"] = "1"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iku_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", no_logins=True, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def generated_document(count: int, period_start: int = 2024):
    """A lengkap document with `count` indicators under 2 goals and 10 sasaran."""
    from indicators.models import Goal, GoalIndicator, IKUDocument, Indicator, StrategicTarget

    sumsel = (
        IKUDocument.objects.filter(unit__government="Provinsi Sumatera Selatan", unit__kind="dinas")
        .order_by("id")
        .first()
    )
    document = IKUDocument.objects.create(
        unit=sumsel.unit,
        period_start=period_start,
        period_end=period_start + 4,
        layout="lengkap",
        signatory=sumsel.signatory,
        signature_place="Palembang",
        signature_date=sumsel.signature_date,
    )
    targets = []
    for g in range(2):
        goal = Goal.objects.create(document=document, order=g, text=f"Tujuan pembangunan {g + 1}")
        GoalIndicator.objects.create(goal=goal, text=f"Indikator tujuan {g + 1}")
        for s in range(5):
            targets.append(
                StrategicTarget.objects.create(
                    document=document, goal=goal, order=s, text=f"Sasaran strategis {g + 1}.{s + 1}"
                )
            )
    Indicator.objects.bulk_create(
        Indicator(
            document=document,
            strategic_target=targets[i % len(targets)],
            order=i,
            name=f"Persentase capaian layanan koperasi nomor {i + 1}",
            formula=f"(Jumlah capaian {i + 1} - Capaian tahun lalu) / Capaian tahun lalu × 100%",
            data_source="Bidang Pemberdayaan Koperasi\nBidang Kelembagaan",
            responsible="Dinas Koperasi, Usaha Kecil dan Menengah",
        )
        for i in range(count)
    )
    return document


def paired_medians(full, alone, runs: int) -> tuple[float, float]:
    """Median seconds of two functions, run alternately so that both see the same machine."""
    times_full, times_alone = [], []
    for _ in range(runs):
        for function, times in ((full, times_full), (alone, times_alone)):
            gc.collect()
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
    return statistics.median(times_full), statistics.median(times_alone)


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
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100, 200, 300])
    parser.add_argument("--presets", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from pypdf import PdfReader

        from core.rendering.engine import html_to_pdf
        from indicators.models import IKUDocument
        from indicators.printing.pdf import document_html, document_pdf

        documents = [
            (
                "Sumsel (demo, lengkap)",
                IKUDocument.objects.get(unit__government="Provinsi Sumatera Selatan", revision=1),
            ),
            ("Jambi (demo, ringkas)", IKUDocument.objects.get(unit__government="Provinsi Jambi")),
        ]
        generated = {
            size: generated_document(size, period_start=2100 + 10 * n)
            for n, size in enumerate(args.sizes)
        }
        documents += [(f"Generated, {size} IKU", document) for size, document in generated.items()]
        document_pdf(documents[0][1])  # warm up: fonts, stylesheet, templates
        print(f"runs per figure: {args.runs}; median seconds")
        print(
            f"{'document':<26}{'pages':>6}{'full render':>13}{'WeasyPrint alone':>18}{'ratio':>8}"
        )
        times = {}
        for label, document in documents:
            html = document_html(document)
            pdf = document_pdf(document)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            full, alone = paired_medians(
                lambda d=document: document_pdf(d), lambda h=html: html_to_pdf(h), args.runs
            )
            times[document.pk] = (full, alone)
            print(f"{label:<26}{pages:>6}{full:>13.3f}{alone:>18.3f}{full / alone:>8.3f}")
        if len(generated) > 1:
            sizes = list(generated)
            for label, which in (("full render", 0), ("WeasyPrint alone", 1)):
                slope, intercept, r2 = fit(sizes, [times[d.pk][which] for d in generated.values()])
                print(f"{label}: {slope * 1000:.1f} ms per IKU + {intercept:.2f} s, R² {r2:.4f}")
        if args.presets and 100 in generated:
            presets(generated[100], args.runs)


def presets(document, runs: int) -> None:
    """The generated 100-IKU document in every preset, timed round-robin, as a ratio to the
    lengkap preset (the same machine for each preset: it is noisy)."""
    from pypdf import PdfReader

    from indicators.layouts import PRESETS
    from indicators.models import IKUDocument
    from indicators.printing.pdf import document_pdf

    times = {layout: [] for layout in PRESETS}
    pages = {}
    for _ in range(runs):
        for layout in PRESETS:
            IKUDocument.objects.filter(pk=document.pk).update(layout=layout)
            document.refresh_from_db()
            gc.collect()
            start = time.perf_counter()
            pdf = document_pdf(document)
            times[layout].append(time.perf_counter() - start)
            pages[layout] = len(PdfReader(io.BytesIO(pdf)).pages)
    base = statistics.median(times["lengkap"])
    print(f"\n100 IKU per preset; median seconds of {runs} round-robin runs")
    print(f"{'preset':<14}{'pages':>6}{'render':>10}{'vs lengkap':>12}")
    for layout, values in times.items():
        median = statistics.median(values)
        print(f"{layout:<14}{pages[layout]:>6}{median:>10.3f}{median / base:>12.2f}")


if __name__ == "__main__":
    main()
