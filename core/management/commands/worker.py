"""The task worker: django-tasks-db's `db_worker`, which keeps working when the database goes
away. A lost connection (the database restarted, the network dropped) makes it wait and
connect again, waiting longer each time up to half a minute, instead of exiting; a task it was
running is then found out by its lease (core.jobs) and failed or asked again.

    python manage.py worker [--interval 0.5] [--batch] [--no-startup-delay]

Run it under a supervisor that restarts it should it end anyway (`make run` does; a systemd
unit is in docs/iku-worker.service). It never reloads itself on code changes (`--reload` is
ignored): a reloader's child outlives the process a supervisor stops.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("django_tasks_db")

LONGEST_WAIT = 30  # seconds between attempts to reach the database, at most


class ResilientWorker(db_worker.Worker):
    def run(self) -> None:
        wait = 1.0
        while self.running:
            try:
                super().run()
                return  # --batch or --max-tasks: done
            except (OperationalError, InterfaceError) as error:
                logger.warning(
                    "The database cannot be reached (%s); trying again in %.0f s.",
                    str(error).splitlines()[0] if str(error) else type(error).__name__,
                    wait,
                )
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)


class Command(db_worker.Command):
    help = (
        "Run the task worker (db_worker) that waits for the database and connects again when "
        "it is lost, instead of exiting."
    )

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               max_tasks, worker_id, exclude_queues, **options):  # fmt: skip
        self.configure_logging(verbosity)
        worker = ResilientWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        worker.run()
