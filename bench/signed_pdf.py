"""Benchmark: serving a signed PDF (stored bytes) against rendering the document again.

    DEBUG=1 .venv/bin/python bench/signed_pdf.py [--runs 15]

Signs the Jambi demo document in a throwaway SQLite database and media folder, then times
the PDF request of the signed document (served from storage) and a fresh render of the same
document; both through Django's full stack with the test client.
"""

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["MEDIA_ROOT"] = str(Path(folder) / "media")
        from render_pdf import setup_django

        setup_django(Path(folder) / "bench.sqlite3")
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse

        from indicators.models import IKUDocument
        from indicators.printing.pdf import document_pdf
        from indicators.workflow import services as workflow
        from indicators.workflow import signing
        from organizations.models import Membership

        document = IKUDocument.objects.get(unit__government="Provinsi Jambi")
        kepala = get_user_model().objects.create_user("bench.kepala")
        Membership.objects.create(user=kepala, unit=document.unit, role="kepala")
        workflow.document_submit(document=document, user=kepala)
        signing.document_sign(
            document=document, user=kepala, verification_url=lambda c: f"http://x/{c}/"
        )
        client = Client(SERVER_NAME="localhost")
        client.force_login(kepala)
        url = reverse("indicators:document_pdf", args=[document.pk])
        client.get(url)
        document_pdf(document)

        def timed(function):
            times = []
            for _ in range(args.runs):
                gc.collect()
                start = time.perf_counter()
                function()
                times.append((time.perf_counter() - start) * 1000)
            return statistics.median(times)

        served = timed(lambda: client.get(url))
        rendered = timed(lambda: document_pdf(document))
        print(f"runs: {args.runs}; median")
        print(f"signed PDF served from storage   {served:8.1f} ms")
        print(f"the same document rendered again {rendered:8.1f} ms")
        print(f"ratio                            {rendered / served:8.1f}x")


if __name__ == "__main__":
    main()
