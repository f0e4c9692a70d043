"""Benchmark: pages at national scale against the same pages at a small scale, at first sight
and warm.

Two databases built by `manage.py generate_scale` (e.g. 100 and 20,000 units, 20 IKU each) are
measured in alternating rounds, so that the machine's noise falls on both. Each round is a new
process per database (a new connection: the server's and Django's caches of that process cold).
In it every page is asked once, in turn: its *first sight*; then each page `--runs` times: its
*warm* time, the median. Both are divided by the trivial page's warm time in the same process (its
cost). The scale ratio of a page is its cost on the large database over its cost on the small
one: the aim is at most 2, first sight and warm.

The ranking's first sight is the first view of a year whose standings were never computed (a
year of its own, its job and queued task removed afterwards): the page answers at once and a
worker computes them. Its warm time is that of a year whose standings are all kept; the first
round computes them once if they are not (as a worker would: about a minute at 20,000 units).

    python manage.py generate_scale --units 100     # into DATABASE_URL=.../iku_scale_100
    python manage.py generate_scale --units 20000   # into DATABASE_URL=.../iku_scale_20000
    DEBUG=1 .venv/bin/python bench/scale.py --small postgres://.../iku_scale_100 \\
        --large postgres://.../iku_scale_20000 [--rounds 5] [--runs 10]
"""

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


YEAR = 2025  # measured by every generated document (2021-2025)
FIRST_SIGHT_YEAR = 2000  # no document measures it: never computed, so first seen here


def measure(runs: int) -> dict:
    """In a child process bound to one database: {page: (first sight ms, warm median ms)}."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iku_portal.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from django_tasks_db.models import DBTaskResult

    from indicators.models import IKUDocument, SignedVersion
    from performance.models import StandingsJob, YearStanding
    from performance.standings import standings_compute_year

    User = get_user_model()
    admin, _created = User.objects.get_or_create(
        username="scale.admin", defaults={"is_staff": True, "is_superuser": True}
    )
    job = StandingsJob.objects.filter(year=YEAR).first()
    if job is None or job.finished_at is None:  # once per database, as a worker would
        StandingsJob.objects.filter(year=YEAR).delete()
        job = StandingsJob.objects.create(year=YEAR)
        standings_compute_year(year=YEAR, job_id=job.pk)

    def forget_first_sight():
        StandingsJob.objects.filter(year=FIRST_SIGHT_YEAR).delete()
        YearStanding.objects.filter(year=FIRST_SIGHT_YEAR).delete()
        DBTaskResult.objects.filter(
            task_path__endswith="compute_year_standings", args_kwargs__args=[FIRST_SIGHT_YEAR]
        ).delete()

    forget_first_sight()
    staf = User.objects.filter(username__startswith="skala", username__endswith=".staf").first()
    document = IKUDocument.objects.filter(unit__memberships__user=staf).order_by("id").first()
    code = SignedVersion.objects.order_by("id").values_list("code", flat=True).first()
    staff, root = Client(SERVER_NAME="localhost"), Client(SERVER_NAME="localhost")
    staff.force_login(staf)
    root.force_login(admin)
    documents = reverse("indicators:document_list")
    units = reverse("admin:organizations_organizationunit_changelist")
    admin_documents = reverse("admin:indicators_ikudocument_changelist")
    ranking = reverse("performance:ranking")
    pages = {
        "trivial page": (staff, reverse("password_change")),
        "dashboard": (staff, reverse("indicators:dashboard")),
        "editor, 20 IKU": (staff, reverse("indicators:document_detail", args=[document.pk])),
        "document list (admin), page 1": (root, documents),
        "document list (admin), page 50": (root, documents + "?page=50"),
        "document list, a common word": (root, documents + "?q=koperasi"),
        "document list, a rare word": (root, documents + "?q=pertumbuhan"),
        "document list, no hits": (root, documents + "?q=zzqqxxyy"),
        "document list, a filter": (root, documents + "?status=superseded"),
        "admin: IKU changelist": (root, reverse("admin:indicators_indicator_changelist")),
        "admin: IKU search": (root, reverse("admin:indicators_indicator_changelist") + "?q=air"),
        "admin: documents": (root, admin_documents),
        "admin: documents, a common word": (root, admin_documents + "?q=dinas"),
        "admin: documents, no hits": (root, admin_documents + "?q=zzqqxxyy"),
        "admin: units": (root, units),
        "admin: units, a rare word": (root, units + "?q=pertumbuhan"),
        "admin: units, a common word": (root, units + "?q=dinas"),
        "ranking (admin), first sight": (root, f"{ranking}?tahun={FIRST_SIGHT_YEAR}"),
        "ranking (admin)": (root, f"{ranking}?tahun={YEAR}"),
        "verification page (public)": (
            Client(SERVER_NAME="localhost"),
            reverse("indicators:verify", args=[code]),
        ),
    }
    staff.get(reverse("password_change"))  # the process's own start, not any page's
    first = {}
    for name, (client, url) in pages.items():
        gc.collect()
        start = time.perf_counter()
        response = client.get(url)
        first[name] = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (url, response.status_code)
    # The ranking's first sight only once: its later views would read the job it asked for.
    forget_first_sight()
    result = {}
    for name, (client, url) in pages.items():
        if name.endswith("first sight"):
            result[name] = (first[name], first[name])
            continue
        times = []
        for _ in range(runs):
            gc.collect()
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        result[name] = (first[name], statistics.median(times))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", help="DATABASE_URL of the small database")
    parser.add_argument("--large", help="DATABASE_URL of the large database")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.runs)))
        return
    costs = {"small": [], "large": []}
    for _ in range(args.rounds):
        for size in ("small", "large"):
            env = {**os.environ, "DEBUG": "1", "DATABASE_URL": getattr(args, size)}
            out = subprocess.run(  # noqa: S603
                [sys.executable, __file__, "--child", "--runs", str(args.runs)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            times = json.loads(out.strip().splitlines()[-1])
            base = times["trivial page"][1]
            costs[size].append(
                {
                    page: (first / base, warm / base, first, warm)
                    for page, (first, warm) in times.items()
                }
            )
    print(
        f"{args.rounds} rounds × {args.runs} requests per page; cost = page / trivial page (warm)"
    )
    header = ("page", "small ms", "large ms", "ratio", "small ms", "large ms", "ratio")
    print(f"{'':<36}{'first sight':>36}{'warm':>36}")
    print(f"{header[0]:<36}" + "".join(f"{h:>12}" for h in header[1:]))
    for page in costs["small"][0]:
        cells = []
        for index in (0, 1):
            small = statistics.median(c[page][index] for c in costs["small"])
            large = statistics.median(c[page][index] for c in costs["large"])
            small_ms = statistics.median(c[page][index + 2] for c in costs["small"])
            large_ms = statistics.median(c[page][index + 2] for c in costs["large"])
            cells += [f"{small_ms:.1f}", f"{large_ms:.1f}", f"{large / small:.2f}"]
        print(f"{page:<36}" + "".join(f"{c:>12}" for c in cells))


if __name__ == "__main__":
    main()
