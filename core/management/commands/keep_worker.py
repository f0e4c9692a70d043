"""Keep a task worker running, for `make run`: start `manage.py worker` with the options given,
and start it again a moment after it ends, whatever ended it (a crash, SIGKILL, running out
of memory). Ctrl-C or SIGTERM stops the worker and this command.

    python manage.py keep_worker [worker options, e.g. --interval 0.5]

Its own name is not the worker's, so that stopping the worker by name (pkill -f "manage.py
worker") stops only the worker, which is then started again. In production a supervisor
does this (docs/iku-worker.service).
"""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

RESTART_DELAY = 2  # seconds


class Command(BaseCommand):
    help = "Run the task worker, and start it again whenever it ends (for development)."

    def add_arguments(self, parser):
        parser.add_argument("worker_options", nargs="*", help="passed to `manage.py worker`")

    def handle(self, *args, worker_options, **options):
        manage = settings.BASE_DIR / "manage.py"
        stopping = False
        child = None

        def stop(signum, frame):
            nonlocal stopping
            stopping = True
            if child is not None and child.poll() is None:
                child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping:
            child = subprocess.Popen([sys.executable, str(manage), "worker", *worker_options])  # noqa: S603
            code = child.wait()
            if stopping:
                break
            self.stderr.write(f"The task worker stopped ({code}); starting it again.")
            time.sleep(RESTART_DELAY)
