"""Two worker processes on one queue: each task is done once. On PostgreSQL, where workers of
several machines share the database (row locks with SKIP LOCKED hand each task to one)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from core.tests.queue_probe import record_run

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several worker processes share a database server: PostgreSQL",
    ),
]


def test_two_workers_do_each_task_once(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    log = tmp_path / "runs.txt"
    for number in range(60):
        record_run.enqueue(str(log), number)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "iku_portal.settings",
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
    workers = [
        subprocess.Popen(command + ["--worker-id", f"w{n}"], cwd=ROOT, env=env)  # noqa: S603
        for n in (1, 2)
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    runs = log.read_text().split()
    assert sorted(map(int, runs)) == list(range(60))  # every task, once
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 60
    claimed = list(DBTaskResult.objects.values_list("worker_ids", flat=True))
    assert all(len(ids) == 1 and ids[0] in {"w1", "w2"} for ids in claimed)  # one claim each
