"""Benchmark: the cascading pages of a pemda with 50 dinas × 5 bidang × 5 sasaran, each against a
trivial page in the same process (the aim: at most 3×), and their number of queries.

The database is built by `manage.py generate_scale --cascade 50` (a province, its 50 dinas and
their 250 bidang, every document signed with 5 sasaran linked to the level above). Each round is
a new process (cold caches); in it every page is asked once (first sight), then all pages in
turn, `--runs` times (warm: each page's median). The cost of a page is its warm median over the
trivial page's (the median of the rounds).

    DATABASE_URL=postgres://.../iku_cascade .venv/bin/python manage.py generate_scale \\
        --units 100 --cascade 50
    DEBUG=1 DATABASE_URL=postgres://.../iku_cascade .venv/bin/python bench/cascading.py \\
        [--rounds 5] [--runs 10]
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
YEAR = 2023  # covered by every generated document (2021-2025)


def pages(reverse, province, dinas) -> dict:
    alignment = reverse("indicators:government_alignment", args=[province.pk])
    found = {
        "trivial page": reverse("password_change"),
        "pemda view, all levels, page 1": f"{alignment}?tahun={YEAR}",
        "pemda view, page 10": f"{alignment}?tahun={YEAR}&page=10",
        "pemda view, the 50 dinas": f"{alignment}?tahun={YEAR}&tingkat=1",
        "unit page of the province": reverse("organizations:unit_profile", args=[province.pk]),
        "unit page of a dinas": reverse("organizations:unit_profile", args=[dinas.pk]),
    }
    found.update(tree_pages(reverse, province))
    return found


def tree_pages(reverse, province) -> dict:
    """The pohon kinerja from the province down: as it opens (folded) and opened whole."""
    from django.urls import NoReverseMatch

    try:
        tree = reverse("performance:performance_tree", args=[province.pk])
    except NoReverseMatch:
        return {}
    return {
        "pohon kinerja, folded": f"{tree}?tahun={YEAR}",
        "pohon kinerja, all open": f"{tree}?tahun={YEAR}&buka=semua",
    }


def measure(runs: int) -> dict:
    """In a child process: {page: (first sight ms, warm median ms, queries)}."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iku_portal.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from organizations.models import OrganizationUnit

    province = OrganizationUnit.objects.get(name="Pemerintah Provinsi Cascading Skala")
    dinas = province.children.order_by("id").first()
    admin, _created = get_user_model().objects.get_or_create(
        username="cascade.admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(admin)
    urls = pages(reverse, province, dinas)
    client.get(urls["trivial page"])  # the process's own start, not any page's
    result = {}
    for name, url in urls.items():
        gc.collect()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            first = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (url, response.status_code)
        result[name] = [first, None, len(queries)]
    # Warm: the pages in turn, each once per run, so that a slower moment of a shared machine
    # falls on all of them alike (not on whichever page was being timed then).
    times = {name: [] for name in urls}
    for _ in range(runs):
        for name, url in urls.items():
            gc.collect()
            start = time.perf_counter()
            client.get(url)
            times[name].append((time.perf_counter() - start) * 1000)
    for name in urls:
        result[name][1] = statistics.median(times[name])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.runs)))
        return
    rounds = []
    for _ in range(args.rounds):
        out = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--child", "--runs", str(args.runs)],
            env={**os.environ, "DEBUG": "1"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rounds.append(json.loads(out.strip().splitlines()[-1]))
    print(f"{args.rounds} rounds × {args.runs} requests per page; cost = page / trivial page")
    print(f"{'page':<36}{'first ms':>10}{'warm ms':>10}{'cost':>8}{'queries':>9}")
    for page in rounds[0]:
        first = statistics.median(r[page][0] for r in rounds)
        warm = statistics.median(r[page][1] for r in rounds)
        cost = statistics.median(r[page][1] / r["trivial page"][1] for r in rounds)
        print(f"{page:<36}{first:>10.1f}{warm:>10.1f}{cost:>8.2f}{rounds[0][page][2]:>9}")


if __name__ == "__main__":
    main()
