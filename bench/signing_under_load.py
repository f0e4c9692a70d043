"""Load test: the default setup (SQLite, the development server and a task worker, as
`make run` starts them) while a large document is signed.

A reader asks the dashboard and the public verification page in turn, first with nothing
else going on (idle), then while the worker signs a 300-IKU document (its PDF and Manual IKU
laid out and stored). Prints, for both phases, how many pages were asked, p50, p99 and the
errors (any answer other than 200), and the ratio of the p99s.

    .venv/bin/python bench/signing_under_load.py [--iku 300] [--idle-seconds 20] [--readers 2]

Built on a throwaway SQLite database in a temporary folder.
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
PORT = 8766


def environment(folder: Path) -> dict:
    return {
        **os.environ,
        "DEBUG": "1",  # as make run
        "DATABASE_URL": f"sqlite:///{folder / 'signing.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "DJANGO_SETTINGS_MODULE": "iku_portal.settings",
    }


def prepare(env: dict, iku: int) -> dict:
    """Migrate, build a submitted document of `iku` IKU and a signed one (for the verification
    page), and a logged-in session of a reader."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.test import override_settings
    from django.urls import reverse
    from render_pdf import generated_document

    from indicators.models import IKUDocument
    from indicators.tests.factories import sign
    from indicators.workflow import services as workflow
    from organizations.models import Membership

    call_command("migrate", verbosity=0)
    call_command("load_demo", no_logins=True, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    big = generated_document(iku)
    user_model = get_user_model()
    staf = user_model.objects.create_user("bench.staf", password="bench-pass-123")  # noqa: S106
    kepala = user_model.objects.create_user("bench.kepala", password="bench-pass-123")  # noqa: S106
    jambi = IKUDocument.objects.get(unit__government="Provinsi Jambi")
    for unit in (big.unit, jambi.unit):
        Membership.objects.create(user=staf, unit=unit, role=Membership.Role.STAF)
        Membership.objects.create(user=kepala, unit=unit, role=Membership.Role.KEPALA)
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ):
        version = sign(jambi, staf=staf, kepala=kepala)  # for the verification page
    workflow.document_submit(document=big, user=staf)
    session = SessionStore()
    session[SESSION_KEY] = str(staf.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = staf.get_session_auth_hash()
    session.create()
    return {
        "cookie": f"sessionid={session.session_key}",
        "pages": [
            reverse("indicators:dashboard"),
            reverse("indicators:verify", args=[version.code]),
        ],
        "document": big,
        "kepala": kepala,
    }


def read_pages(pages, cookie, stop: threading.Event, results: list, lock) -> None:
    """Ask the pages in turn until `stop`, keeping (seconds, status) of each answer."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    mine = []
    while not stop.is_set():
        for path in pages:
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
            mine.append((time.perf_counter() - start, status))
    with lock:
        results.extend(mine)


def measure(pages, cookie, readers: int, until) -> dict:
    """`readers` readers asking `pages` until `until()` is true."""
    stop, results, lock = threading.Event(), [], threading.Lock()
    threads = [
        threading.Thread(target=read_pages, args=(pages, cookie, stop, results, lock))
        for _ in range(readers)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    while not until():
        time.sleep(0.2)
    stop.set()
    for thread in threads:
        thread.join()
    times = sorted(seconds for seconds, _status in results)
    n = len(times)
    return {
        "seconds": time.perf_counter() - started,
        "asked": n,
        "p50": statistics.median(times) * 1000 if n else 0,
        "p99": times[min(n - 1, int(n * 0.99))] * 1000 if n else 0,
        "errors": sum(1 for _seconds, status in results if status != 200),
    }


def main():
    from processes import stop  # bench/ is on the path when run as a script

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iku", type=int, default=300)
    parser.add_argument("--idle-seconds", type=float, default=20)
    parser.add_argument("--readers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = environment(Path(folder))
        prepared = prepare(env, args.iku)
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{PORT}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        worker = subprocess.Popen(  # noqa: S603
            ["nice", "-n", "19", sys.executable, "manage.py", "db_worker", "--no-reload"]
            + ["--no-startup-delay", "--interval", "0.5"],
            cwd=ROOT,
            env=env,
        )
        try:
            time.sleep(4)
            pages, cookie = prepared["pages"], prepared["cookie"]
            deadline = time.perf_counter() + args.idle_seconds
            idle = measure(pages, cookie, args.readers, lambda: time.perf_counter() > deadline)

            from django.db import transaction

            from indicators.models import IKUDocument
            from indicators.workflow import services as workflow

            document = prepared["document"]
            with transaction.atomic():  # as the kepala's request does
                workflow.request_signing(document=document, user=prepared["kepala"])
            signing_started = time.perf_counter()

            def signed():
                status = IKUDocument.objects.filter(pk=document.pk).values_list("status").get()
                return status[0] == IKUDocument.Status.SIGNED

            busy = measure(pages, cookie, args.readers, signed)
            took = time.perf_counter() - signing_started
            print(f"{args.iku}-IKU document signed in {took:.1f} s; {args.readers} readers")
            print(f"{'phase':<16}{'asked':>7}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
            for name, r in (("idle", idle), ("while signing", busy)):
                print(f"{name:<16}{r['asked']:>7}{r['p50']:>9.1f}{r['p99']:>9.1f}{r['errors']:>8}")
            print(f"p99 while signing: {busy['p99'] / idle['p99']:.2f}× idle")
        finally:
            stop(server, worker)


if __name__ == "__main__":
    main()
