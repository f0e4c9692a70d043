"""Benchmark: pages at national scale against the same pages at a small scale.

Two databases built by `manage.py generate_scale` (e.g. 100 and 20,000 units, 20 IKU each) are
measured in alternating rounds, so that the machine's noise falls on both. In each round every
page is timed with Django's test client through the whole stack, together with a trivial page
(the password-change form); a page's cost is its median time divided by the trivial page's in
the same process. The scale ratio of a page is its cost on the large database over its cost on
the small one: the aim is at most 2.

    python manage.py generate_scale --units 100     # into DATABASE_URL=.../iku_scale_100
    python manage.py generate_scale --units 20000   # into DATABASE_URL=.../iku_scale_20000
    DEBUG=1 .venv/bin/python bench/scale.py --small postgres://.../iku_scale_100 \\
        --large postgres://.../iku_scale_20000 [--rounds 3] [--runs 10]
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


def measure(runs: int) -> dict:
    """In a child process bound to one database: median ms of every page."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iku_portal.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from indicators.models import IKUDocument, SignedVersion

    User = get_user_model()
    admin, _created = User.objects.get_or_create(
        username="scale.admin", defaults={"is_staff": True, "is_superuser": True}
    )
    staf = User.objects.filter(username__startswith="skala", username__endswith=".staf").first()
    document = IKUDocument.objects.filter(unit__memberships__user=staf).order_by("id").first()
    code = SignedVersion.objects.order_by("id").values_list("code", flat=True).first()
    staff, root = Client(SERVER_NAME="localhost"), Client(SERVER_NAME="localhost")
    staff.force_login(staf)
    root.force_login(admin)
    documents = reverse("indicators:document_list")
    pages = {
        "trivial page": (staff, reverse("password_change")),
        "dashboard": (staff, reverse("indicators:dashboard")),
        "editor, 20 IKU": (staff, reverse("indicators:document_detail", args=[document.pk])),
        "document list (admin), page 1": (root, documents),
        "document list (admin), page 50": (root, documents + "?page=50"),
        "document list (admin), a search": (root, documents + "?q=koperasi"),
        "document list (admin), no hits": (root, documents + "?q=zzqqxxyy"),
        "document list (admin), a filter": (root, documents + "?status=superseded"),
        "admin: IKU changelist": (root, reverse("admin:indicators_indicator_changelist")),
        "admin: IKU search": (root, reverse("admin:indicators_indicator_changelist") + "?q=air"),
        "admin: documents": (root, reverse("admin:indicators_ikudocument_changelist")),
        "admin: units": (root, reverse("admin:organizations_organizationunit_changelist")),
        "verification page (public)": (
            Client(SERVER_NAME="localhost"),
            reverse("indicators:verify", args=[code]),
        ),
    }
    for client, url in pages.values():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    result = {}
    for name, (client, url) in pages.items():
        times = []
        for _ in range(runs):
            gc.collect()
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        result[name] = statistics.median(times)
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
            base = times["trivial page"]
            costs[size].append({page: ms / base for page, ms in times.items()})
            costs[size][-1]["_ms"] = times
    print(f"{args.rounds} rounds × {args.runs} requests per page; cost = page / trivial page")
    header = ("page", "small ms", "large ms", "small cost", "large cost", "ratio")
    print(f"{header[0]:<36}" + "".join(f"{h:>12}" for h in header[1:]))
    for page in costs["small"][0]:
        if page == "_ms":
            continue
        small = statistics.median(c[page] for c in costs["small"])
        large = statistics.median(c[page] for c in costs["large"])
        small_ms = statistics.median(c["_ms"][page] for c in costs["small"])
        large_ms = statistics.median(c["_ms"][page] for c in costs["large"])
        cells = (f"{small_ms:.1f}", f"{large_ms:.1f}", f"{small:.2f}", f"{large:.2f}")
        print(f"{page:<36}" + "".join(f"{c:>12}" for c in cells) + f"{large / small:>12.2f}")


if __name__ == "__main__":
    main()
