"""Benchmark: the pemda's ranking of units (performance) with 500 units × 20 IKU × 4 quarters
of realisasi, against a trivial logged-in page (the password-change form), as a ratio.

    DEBUG=1 .venv/bin/python bench/ranking.py [--units 500] [--runs 15] [--database-url URL]

Without --database-url it builds a throwaway SQLite database; with one (an empty PostgreSQL
database) it builds there. Requests go through Django's whole stack with the test client.
The first request of the ranking is its first sight (answered at once; a worker is asked for the
standings); the script then computes them as the worker would, and measures the page warm.
The generated documents are marked signed directly in SQL (on PostgreSQL with the database's
guard set aside for that statement, as a superuser): signing through the portal would render
500 PDFs, which is not what is measured here.
"""

import argparse
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from side_by_side import Page, get, report  # noqa: E402


def setup(database_url: str) -> None:
    os.environ["DEBUG"] = "1"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iku_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(units: int, per_unit: int, year: int):
    from django.contrib.auth import get_user_model
    from django.db import connection

    from indicators.models import IKUDocument, Indicator, StrategicTarget, YearlyTarget
    from organizations.models import Membership, OrganizationUnit
    from performance.models import Realisasi, ReportingPeriod

    pemda = OrganizationUnit.objects.create(name="Pemerintah Provinsi Contoh", kind="pemprov")
    OrganizationUnit.objects.bulk_create(
        OrganizationUnit(name=f"Dinas Contoh {n:04d}", parent=pemda, kind="dinas")
        for n in range(units)
    )
    opd = list(OrganizationUnit.objects.filter(parent=pemda))
    IKUDocument.objects.bulk_create(
        IKUDocument(unit=u, period_start=year - 2, period_end=year + 2, layout="ringkas")
        for u in opd
    )
    documents = list(IKUDocument.objects.filter(unit__parent=pemda))
    StrategicTarget.objects.bulk_create(
        StrategicTarget(document=d, order=0, text="Sasaran strategis contoh") for d in documents
    )
    targets = {t.document_id: t for t in StrategicTarget.objects.filter(document__in=documents)}
    Indicator.objects.bulk_create(
        Indicator(
            document=d,
            strategic_target=targets[d.pk],
            order=i,
            name=f"Indikator kinerja contoh {i}",
            satuan="%",
            frequency="triwulanan",
            calculation_type="kumulatif",
        )
        for d in documents
        for i in range(per_unit)
    )
    indicators = list(
        Indicator.objects.filter(document__in=documents).values_list("pk", "document__unit_id")
    )
    YearlyTarget.objects.bulk_create(
        YearlyTarget(indicator_id=pk, year=year, value=Decimal(100)) for pk, _u in indicators
    )
    ReportingPeriod.objects.bulk_create(
        ReportingPeriod(unit=u, year=year, number=n) for u in opd for n in range(1, 5)
    )
    periods = {(p.unit_id, p.number): p.pk for p in ReportingPeriod.objects.filter(year=year)}
    Realisasi.objects.bulk_create(
        Realisasi(
            period_id=periods[(unit_id, q)],
            indicator_id=pk,
            year=year,
            kind="triwulan",
            number=q,
            value=Decimal(20 + (pk * 7 + q) % 11),
        )
        for pk, unit_id in indicators
        for q in range(1, 5)
    )
    with connection.cursor() as cursor:  # signed, without rendering 500 PDFs
        if connection.vendor == "postgresql":
            # The database's own guard refuses a status no transition made; the bench (a
            # superuser on a throwaway database) sets it aside for this one statement.
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "UPDATE indicators_ikudocument SET status = 'signed' WHERE unit_id IN "
            "(SELECT id FROM organizations_organizationunit WHERE parent_id = %s)",
            [pemda.pk],
        )
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("ANALYZE")
    user = get_user_model().objects.create_user("bench.kepala", password="bench-pass-123")  # noqa: S106
    Membership.objects.create(user=user, unit=pemda, role="kepala")
    return user


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--iku", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        from django.test import Client
        from django.urls import reverse

        year = 2025
        started = time.perf_counter()
        user = build(args.units, args.iku, year)
        took = time.perf_counter() - started
        print(f"built {args.units} units × {args.iku} IKU × 4 quarters in {took:.1f} s")
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        pages = [
            ("trivial page (password change form)", reverse("password_change")),
            (f"ranking of {args.units} units", reverse("performance:ranking") + f"?tahun={year}"),
        ]
        for label, url in pages:
            started = time.perf_counter()
            client.get(url)  # the ranking's first sight: answered at once, a worker asked
            print(f"first request, {label}: {(time.perf_counter() - started) * 1000:.0f} ms")
        from performance.models import StandingsJob
        from performance.standings import standings_compute_year

        started = time.perf_counter()  # what the worker then does
        standings_compute_year(year=year, job_id=StandingsJob.objects.get(year=year).pk)
        print(f"the worker computes every standing: {(time.perf_counter() - started):.1f} s")
        # Side by side: the pages in turn, so that the machine's noise falls on both.
        report([Page(label, get(client, url)) for label, url in pages], args.runs, width=40)


if __name__ == "__main__":
    main()
