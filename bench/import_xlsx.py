"""Benchmark: reading and applying spreadsheet imports, in the worker's code.

Three files: a 2,000-row IKU sheet (the longest the portal reads), a 4 MB-class file whose
sheet unpacks to 46 MB (refused before it is read), and a sheet of 100,000 filled cells.
Each is read in a process of its own (so that its peak memory is its own), side by side
with what reading used to do (openpyxl loading the whole workbook twice, for values and for
formulas); then the 2,000-row reading is applied as a new draft, as the worker does.

    DEBUG=1 .venv/bin/python bench/import_xlsx.py [--runs 3]

It uses a throwaway SQLite database in a temporary folder; your own data is not touched.
"""

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEADER = ["Tujuan", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Formulasi"]
YEARS = list(range(2025, 2030))


def _book(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rows_2000() -> bytes:
    header = HEADER + ["Baseline"] + [f"Target {y}" for y in YEARS]
    return _book(
        [header]
        + [
            [f"Tujuan {n // 200}", f"Sasaran {n // 20}", f"Indikator kinerja nomor {n}", "%"]
            + ["(A/B) x 100%", "10,5", 11, 12, "13,5", 14, "15,25"]
            for n in range(2000)
        ]
    )


def unpacks_to_46_mb() -> bytes:
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Sasaran %d</t></is></c></row>' % (n, n, n)
        for n in range(1, 12_000)
    )
    sheet = b"<worksheet><sheetData>" + rows * 49 + b"</sheetData></worksheet>"
    source = zipfile.ZipFile(io.BytesIO(_book([HEADER])))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet
            target.writestr(item.filename, data)
    return patched.getvalue()


def cells_100000() -> bytes:
    return _book(
        [HEADER + [f"K{n}" for n in range(45)]]
        + [["T", "S", f"IKU {n}", "%", "x"] + ["y"] * 45 for n in range(1999)]
    )


def child(how: str, path: str) -> None:
    """Read one file one way; print seconds and peak memory (MB) as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iku_portal.settings")
    import django

    django.setup()
    from openpyxl import load_workbook

    from indicators.spreadsheets.importing import UnreadableFile, read

    content = Path(path).read_bytes()
    started = time.perf_counter()
    outcome = ""
    if how == "portal":
        try:
            outcome = f"{len(read('bench.xlsx', content, period=(2025, 2029)).items)} IKU"
        except UnreadableFile as error:
            outcome = "refused: " + " ".join(error.messages)[:60]
    else:  # what reading used to do: the whole workbook, twice
        for data_only in (True, False):
            book = load_workbook(io.BytesIO(content), data_only=data_only)
            rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        outcome = f"{len(rows)} rows"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "outcome": outcome}))


def run_child(how: str, path: Path) -> dict:
    done = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", how, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DEBUG": "1"},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def apply_2000(folder: Path, content: bytes) -> float:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iku_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", no_logins=True, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from django.contrib.auth import get_user_model

    from indicators.models import ImportBatch, Indicator
    from indicators.spreadsheets.importing import read
    from indicators.spreadsheets.steps import import_apply
    from organizations.models import OrganizationUnit

    user = get_user_model().objects.create(username="bench", is_superuser=True)
    unit = OrganizationUnit.objects.order_by("id").first()
    batch = ImportBatch.objects.create(
        user=user, unit=unit, period_start=2045, period_end=2049, name="bench.xlsx"
    )
    header = HEADER + [f"Target {y + 20}" for y in YEARS]
    content = _book(
        [header]
        + [
            [f"Tujuan {n // 200}", f"Sasaran {n // 20}", f"IKU nomor {n}", "%", "x"]
            + [11, 12, "13,5", 14, "15,25"]
            for n in range(2000)
        ]
    )
    reading = read("bench.xlsx", content, period=(2045, 2049))
    started = time.perf_counter()
    document = import_apply(batch=batch, reading=reading, user=user)
    seconds = time.perf_counter() - started
    assert Indicator.objects.filter(document=document).count() == 2000
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("HOW", "PATH"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        files = {
            "2,000 rows": rows_2000(),
            "unpacks to 46 MB": unpacks_to_46_mb(),
            "100,000 cells": cells_100000(),
        }
        print(f"{'file':<18} {'size':>8} {'way':<8} {'median s':>9} {'peak MB':>8}  outcome")
        for name, content in files.items():
            path = folder / "file.xlsx"
            path.write_bytes(content)
            medians = {}
            for how in ("portal", "old"):
                runs = []
                for _ in range(args.runs):
                    runs.append(run_child(how, path))
                    if how == "old" and runs[-1]["seconds"] > 60:
                        break  # one such run says enough
                seconds = statistics.median(r["seconds"] for r in runs)
                medians[how] = seconds
                peak = max(r["peak_mb"] for r in runs)
                size = f"{len(content) / 1024:.0f} kB"
                print(
                    f"{name:<18} {size:>8} {how:<8} {seconds:>9.2f} {peak:>8.0f}  "
                    f"{runs[0]['outcome']}"
                )
            print(f"{'':<18} {'':>8} {'ratio':<8} {medians['portal'] / medians['old']:>9.2f}")
        seconds = apply_2000(folder, files["2,000 rows"])
        print(f"applying 2,000 rows as a new draft (bulk writes, with history): {seconds:.2f} s")


if __name__ == "__main__":
    main()
