"""Benchmark: server time of the document editor with 100 indicators, against a trivial
logged-in page (the password-change form), as a ratio.

    DEBUG=1 .venv/bin/python bench/editor_speed.py [--runs 30]

Requests go through Django's full stack (middleware, sessions, templates) with the test
client, on a throwaway SQLite database; no network, so only server time is measured. The pages
are asked in turn (round robin, bench/side_by_side.py).
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_pdf import generated_document, setup_django  # noqa: E402
from side_by_side import Page, get, report  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--iku", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse

        from indicators.models import YearlyTarget
        from organizations.models import Membership

        document = generated_document(args.iku)
        YearlyTarget.objects.bulk_create(
            YearlyTarget(indicator=indicator, year=year, value=year - 2000)
            for indicator in document.indicators.all()
            for year in range(document.period_start, document.period_end + 1)
        )
        user = get_user_model().objects.create_user("bench.staf", password="bench-pass-123")  # noqa: S106
        Membership.objects.create(user=user, unit=document.unit, role="staf")
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        pages = [
            ("trivial page (password change form)", reverse("password_change")),
            (
                f"document editor, {args.iku} IKU",
                reverse("indicators:document_detail", args=[document.pk]),
            ),
            ("document list", reverse("indicators:document_list")),
            ("dashboard", reverse("indicators:dashboard")),
        ]
        report([Page(label, get(client, url)) for label, url in pages], args.runs, width=40)


if __name__ == "__main__":
    main()
