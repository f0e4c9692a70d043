"""Load test: gunicorn (with gunicorn.conf.py) and a task worker on loopback, logged in.

Measures, at 16 and 64 connections, requests per second, p50, p99 and errors of: a trivial page
(the password-change form), the editor of a 100-IKU document, the document list, the dashboard
and the public verification page; then the trivial page's p99 while 300-IKU PDFs are being
asked for all the time (they are rendered by the worker, off the request).

    .venv/bin/python bench/load.py [--seconds 60] [--connections 16 64]

Built on a throwaway SQLite database, or an empty PostgreSQL one (--database-url). The load
comes from wrk where it is installed (Debian: apt install wrk), else from Python threads with
keep-alive connections (http.client); either runs on the same machine as the server: figures
are comparable with each other, run by run, not with another machine's.
"""

import argparse
import http.client
import os
import re
import shutil
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
PORT = 8765


def environment(folder: Path, database_url: str) -> dict:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "load-test-only-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url or f"sqlite:///{folder / 'load.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "BIND": f"127.0.0.1:{PORT}",
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        # The public verification page is rate-limited per address (60 a minute): from the
        # one address of the load, the page measured would be the refusal.
        "VERIFY_LOOKUPS_PER_MINUTE": "100000000",
        "DJANGO_SETTINGS_MODULE": "iku_portal.settings",
    }


def prepare(env: dict) -> dict:
    """Migrate, build the data and a logged-in session; returns the paths to load."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    from render_pdf import generated_document

    call_command("load_demo", no_logins=True, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from django.contrib.auth import get_user_model

    from indicators.models import IKUDocument, YearlyTarget
    from indicators.tests.factories import sign
    from organizations.models import Membership

    document = generated_document(100)
    big = generated_document(300, period_start=2029)
    YearlyTarget.objects.bulk_create(
        YearlyTarget(indicator=i, year=y, value=y - 2000)
        for i in document.indicators.all()
        for y in range(document.period_start, document.period_end + 1)
    )
    User = get_user_model()
    staf = User.objects.create_user("load.staf", password="load-pass-123")  # noqa: S106
    kepala = User.objects.create_user("load.kepala", password="load-pass-123")  # noqa: S106
    jambi = IKUDocument.objects.get(unit__government="Provinsi Jambi")
    for unit in (document.unit, jambi.unit):
        Membership.objects.create(user=staf, unit=unit, role="staf")
        Membership.objects.create(user=kepala, unit=unit, role="kepala")
    from django.test import override_settings

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ):
        version = sign(jambi, staf=staf, kepala=kepala)  # for the verification page
    session = SessionStore()
    session[SESSION_KEY] = str(staf.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = staf.get_session_auth_hash()
    session.create()
    return {
        "cookie": f"sessionid={session.session_key}",
        "trivial page": reverse("password_change"),
        "editor, 100 IKU": reverse("indicators:document_detail", args=[document.pk]),
        "document list": reverse("indicators:document_list"),
        "dashboard": reverse("indicators:dashboard"),
        "verification page": reverse("indicators:verify", args=[version.code]),
        "pdf, 300 IKU": reverse("indicators:document_pdf", args=[big.pk]),
    }


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match[1]) * _UNITS[match[2]]


def hammer_wrk(path: str, cookie: str, connections: int, seconds: float) -> dict:
    """The same measure taken by wrk (a C load generator, far lighter than Python threads)."""
    output = subprocess.run(  # noqa: S603
        ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds:g}s"]
        + ["--latency", "--timeout", "30s", "-H", f"Cookie: {cookie}"]
        + [f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return wrk_figures(output)


def wrk_figures(output: str) -> dict:
    """Requests/s, p50, p99 (ms) and errors from wrk's report (with --latency)."""
    # wrk prints "1.10s " (a trailing space) once a percentile reaches a second.
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.M))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    for kind in re.findall(r"Socket errors: (.*)", output):
        errors += sum(int(n) for n in re.findall(r"\d+", kind))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": _ms(percentiles["50"]),
        "p99": _ms(percentiles["99"]),
        "errors": errors,
    }


def hammer_threads(path: str, cookie: str, connections: int, seconds: float) -> dict:
    """`connections` keep-alive connections asking for `path` for `seconds`."""
    latencies, errors, lock = [], [0], threading.Lock()
    stop = time.perf_counter() + seconds

    def run():
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine, failed = [], 0
        while time.perf_counter() < stop:
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                continue
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=run) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    n = len(latencies)
    return {
        "rps": n / seconds,
        "p50": statistics.median(latencies) * 1000 if n else 0,
        "p99": latencies[min(n - 1, int(n * 0.99))] * 1000 if n else 0,
        "errors": errors[0],
    }


def options(argv=None) -> argparse.Namespace:
    """The command line's options; --port becomes the one port every helper talks to."""
    global PORT  # noqa: PLW0603 - the one port every helper of this script talks to
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, nargs="+", default=[16, 64])
    parser.add_argument(
        "--database-url", default="", help="an empty PostgreSQL database (default: SQLite)"
    )
    parser.add_argument("--port", type=int, default=PORT, help=f"the server's port ({PORT})")
    parser.add_argument(
        "--pages",
        nargs="+",
        metavar="PAGE",
        help="only these pages (e.g. trivial editor); the trivial page is always measured",
    )
    parser.add_argument(
        "--no-pdf", action="store_true", help="leave out the trivial page while PDFs are asked"
    )
    parser.add_argument(
        "--client",
        choices=["auto", "wrk", "threads"],
        default="auto",
        help="the load generator: wrk (if installed; auto) or Python threads",
    )
    args = parser.parse_args(argv)
    PORT = args.port
    return args


def main():
    from processes import stop  # bench/ is on the path when run as a script

    args = options()
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "threads"
    elif client == "wrk" and not shutil.which("wrk"):
        sys.exit("wrk is not installed: use --client threads (or auto, which falls back to it)")
    measure = hammer_wrk if client == "wrk" else hammer_threads
    with tempfile.TemporaryDirectory() as folder:
        env = environment(Path(folder), args.database_url)
        paths = prepare(env)
        cookie = paths.pop("cookie")
        pdf = paths.pop("pdf, 300 IKU")
        if args.pages:
            paths = {
                name: path
                for name, path in paths.items()
                if name == "trivial page" or any(name.startswith(p) for p in args.pages)
            }
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "iku_portal.wsgi"], cwd=ROOT, env=env
        )
        # The worker at the lowest CPU priority (as the README advises for
        # one machine): a render takes what the pages leave.
        worker = subprocess.Popen(  # noqa: S603
            ["nice", "-n", "19", sys.executable, "manage.py", "db_worker", "--no-startup-delay"]
            + ["--interval", "0.2"],
            cwd=ROOT,
            env=env,
        )
        try:
            time.sleep(3)
            print(f"load generator: {client}")
            print(f"{'page':<22}{'conns':>6}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
            idle = {}
            for connections in args.connections:
                for name, path in paths.items():
                    r = measure(path, cookie, connections, args.seconds)
                    if name == "trivial page":
                        idle[connections] = r
                    print(
                        f"{name:<22}{connections:>6}{r['rps']:>9.1f}{r['p50']:>9.1f}"
                        f"{r['p99']:>9.1f}{r['errors']:>8}"
                    )
            if args.no_pdf:
                return
            # The 300-IKU document changed and its PDF asked for every 2 s, so that the worker
            # is rendering all the time, while the trivial page is measured.
            busy = threading.Event()
            from indicators.models import IKUDocument

            big = int(pdf.strip("/").split("/")[1])

            def ask_pdfs():
                edition = 0
                while not busy.is_set():
                    edition += 1
                    document = IKUDocument.objects.get(pk=big)
                    document.title = f"IKU (uji beban {edition})"
                    document.save()
                    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                    connection.request("GET", pdf, headers={"Cookie": cookie})
                    connection.getresponse().read()  # 202: being prepared by the worker
                    connection.close()
                    busy.wait(2)

            asker = threading.Thread(target=ask_pdfs)
            asker.start()
            connections = args.connections[0]
            r = measure(paths["trivial page"], cookie, connections, args.seconds)
            busy.set()
            asker.join()
            print(
                f"{'trivial, PDFs asked':<22}{connections:>6}{r['rps']:>9.1f}{r['p50']:>9.1f}"
                f"{r['p99']:>9.1f}{r['errors']:>8}"
            )
            print(f"p99 while PDFs are asked for: {r['p99'] / idle[connections]['p99']:.2f}× idle")
        finally:
            stop(server, worker)


if __name__ == "__main__":
    main()
