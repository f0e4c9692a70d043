"""Benchmark: server time of the one-IKU edit form (its GET, and a POST that saves) against a
trivial logged-in page (the password-change form), as a ratio.

    DEBUG=1 .venv/bin/python bench/edit_form.py [--runs 60] [--iku 20] [--profile]

Requests go through Django's full stack (middleware, sessions, templates) with the test
client, on a throwaway SQLite database; the pages are asked in turn (round robin,
bench/side_by_side.py), so that a busy moment of a shared machine falls on every page alike.
`--profile` adds a cProfile of the form's GET (its top entries by own time and by cumulative
time).
"""

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_pdf import generated_document, setup_django  # noqa: E402
from side_by_side import Page, get, report  # noqa: E402


def post_data(indicator) -> dict:
    """What the form sends back unchanged: every field at its initial value, the IKU's
    current version."""
    from indicators.tree.forms import IndicatorForm

    form = IndicatorForm(instance=indicator, document=indicator.document)
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    data["version"] = indicator.version
    return data


def profile_get(client, url, requests: int = 50) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(15)
    stats.sort_stats("cumulative").print_stats(30)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--iku", type=int, default=20, help="IKU in the document")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse

        from indicators.models import Indicator, YearlyTarget
        from organizations.models import Membership

        document = generated_document(args.iku)
        YearlyTarget.objects.bulk_create(
            YearlyTarget(indicator=indicator, year=year, value=year - 2000)
            for indicator in document.indicators.all()
            for year in range(document.period_start, document.period_end + 1)
        )
        indicator = document.indicators.order_by("order").first()
        user = get_user_model().objects.create_user("bench.staf", password="bench-pass-123")  # noqa: S106
        Membership.objects.create(user=user, unit=document.unit, role="staf")
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        trivial = reverse("password_change")
        form_url = reverse("indicators:indicator_edit", args=[indicator.pk])
        data = post_data(indicator)

        def current_version():  # read before the POST, not timed
            data["version"] = Indicator.objects.values_list("version", flat=True).get(
                pk=indicator.pk
            )

        report(
            [
                Page("trivial page (password change form)", get(client, trivial)),
                Page(f"one-IKU edit form, GET ({args.iku} IKU)", get(client, form_url)),
                Page(
                    "one-IKU edit form, POST that saves",
                    # As a browser sends the form (it names no enctype): URL-encoded, not the
                    # test client's multipart, whose parsing the portal never meets here.
                    lambda: client.post(
                        form_url, urlencode(data), content_type="application/x-www-form-urlencoded"
                    ),
                    status=302,
                    prepare=current_version,
                ),
            ],
            args.runs,
        )
        if args.profile:
            print(profile_get(client, form_url))


if __name__ == "__main__":
    main()
