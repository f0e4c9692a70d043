"""Benchmark: how long a person waits for the PDF of a changed document, and for a signature,
on the default setup (SQLite and one task worker started as `make run` starts it).

For generated lengkap documents of 6, 20, 100 and 300 IKU, with a real worker:
- "asked right after an edit": an IKU is saved, and at once the PDF is asked for as the
  browser does (GET the PDF address; while the waiting page answers, ask again every 0.25 s):
  the seconds from the edit to the PDF;
- "asked once the edit settled": an IKU is saved, nothing happens for the settle time
  (PRERENDER_SETTLE_SECONDS, after which the worker renders the draft on its own), then the
  PDF is asked for the same way: the seconds from the end of the settle time to the PDF;
- "signing": the document is submitted and the kepala asks for the signature: the seconds
  from the request to the document's signed state (its sealed PDF stored, the page saying
  "ditandatangani"); "Manual IKU": to its sealed Manual IKU stored, which follows.

    .venv/bin/python bench/first_pdf.py [--sizes 6 20 100 300]

Built on a throwaway SQLite database and media folder in a temporary folder.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
SETTLE_SECONDS = 5.0
POLL_SECONDS = 0.25


def environment(folder: Path) -> dict:
    return {
        **os.environ,
        "DEBUG": "1",  # as make run
        "DATABASE_URL": f"sqlite:///{folder / 'first-pdf.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "DEMO_CA_DIR": str(folder / "demo-ca"),  # signatures sealed as under make run
        "SIGNING_SECOND_FACTOR": "0",
        "PRERENDER_DRAFTS": "1",
        "PRERENDER_SETTLE_SECONDS": str(SETTLE_SECONDS),
        "DJANGO_SETTINGS_MODULE": "iku_portal.settings",
    }


def prepare(env: dict, sizes) -> dict:
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from render_pdf import generated_document

    from indicators.models import PrerenderRequest
    from organizations.models import Membership

    call_command("migrate", verbosity=0)
    call_command("make_demo_ca", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("load_demo", no_logins=True, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    documents = {size: generated_document(size, 2030 + 5 * n) for n, size in enumerate(sizes)}
    # Building them asked for their renders once they settle: not what is measured.
    PrerenderRequest.objects.all().delete()
    unit = next(iter(documents.values())).unit
    user_model = get_user_model()
    staf = user_model.objects.create_user("bench.staf", password="bench-pass-123")  # noqa: S106
    kepala = user_model.objects.create_user("bench.kepala", password="bench-pass-123")  # noqa: S106
    Membership.objects.create(user=staf, unit=unit, role=Membership.Role.STAF)
    Membership.objects.create(user=kepala, unit=unit, role=Membership.Role.KEPALA)
    return {"documents": documents, "staf": staf, "kepala": kepala}


def edit(document, mark: str) -> None:
    """An IKU of `document` saved with a changed name, as the edit form saves it."""
    indicator = document.indicators.order_by("order").first()
    indicator.name = f"Persentase capaian layanan koperasi ({mark})"
    indicator.save()


def wait_for_pdf(client, document) -> float:
    """Ask for the PDF as the browser does until it comes; the moment it came."""
    from django.urls import reverse

    url = reverse("indicators:document_pdf", args=[document.pk])
    while True:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"] == "application/pdf":
            return time.perf_counter()
        if response.status_code not in (200, 202):  # 202: the waiting page
            raise RuntimeError(f"{url} answered {response.status_code}")
        time.sleep(POLL_SECONDS)


def signing_times(document, staf, kepala) -> tuple[float, float]:
    """Seconds from the request to the signed state, and to the Manual IKU stored."""
    from django.db import transaction

    from indicators.models import IKUDocument, SignedVersion
    from indicators.workflow import services as workflow

    workflow.document_submit(document=document, user=staf)
    with transaction.atomic():  # as the kepala's request does
        workflow.request_signing(document=document, user=kepala)
    started, signed = time.perf_counter(), None
    while True:
        now = time.perf_counter()
        if signed is None:
            status = IKUDocument.objects.filter(pk=document.pk).values_list("status", flat=True)
            if status.get() == IKUDocument.Status.SIGNED:
                signed = now - started
        if (
            signed is not None
            and SignedVersion.objects.filter(document=document, manual_sha256__gt="").exists()
        ):
            return signed, now - started
        time.sleep(POLL_SECONDS)


def main():
    from processes import stop  # bench/ is on the path when run as a script

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[6, 20, 100, 300])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = environment(Path(folder))
        prepared = prepare(env, args.sizes)
        worker = subprocess.Popen(  # noqa: S603 - as make run starts it
            ["nice", "-n", "19", sys.executable, "manage.py", "db_worker", "--no-reload"]
            + ["--no-startup-delay", "--interval", "0.5"],
            cwd=ROOT,
            env=env,
        )
        try:
            from django.test import Client

            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(prepared["staf"])
            time.sleep(3)  # the worker up
            print(f"settle time {SETTLE_SECONDS:.0f} s; seconds a person waits")
            print(
                f"{'IKU':>5}{'right after an edit':>22}{'after it settled':>19}"
                f"{'signing':>10}{'Manual IKU':>12}"
            )
            for size, document in prepared["documents"].items():
                edit(document, "a")
                edited = time.perf_counter()
                right_after = wait_for_pdf(client, document) - edited
                edit(document, "b")
                time.sleep(SETTLE_SECONDS)
                settled = time.perf_counter()
                after_settle = wait_for_pdf(client, document) - settled
                signing, manual = signing_times(document, prepared["staf"], prepared["kepala"])
                print(
                    f"{size:>5}{right_after:>22.1f}{after_settle:>19.1f}"
                    f"{signing:>10.1f}{manual:>12.1f}"
                )
        finally:
            stop(worker)


if __name__ == "__main__":
    main()
