"""A job run inside an open transaction (a task run in the request, the demo's loader) notes
its sign of life once and starts no beating thread: nobody sees the job before the commit, and
a beat from the thread's own connection would wait on what the transaction holds (on SQLite,
the whole database: the demo's loader waited 20 s at every signing)."""

import threading

import pytest
from django.db import transaction

from core.jobs import heartbeat
from indicators.models import ExportJob
from organizations.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _beating() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("heartbeat-")]


def test_a_job_run_in_a_transaction_beats_once_without_a_thread():
    with transaction.atomic():
        job = ExportJob.objects.create(user=UserFactory(), unit=UnitFactory())
        with heartbeat(job):
            assert _beating() == []
        job.refresh_from_db()
        assert job.heartbeat_at is not None


def test_a_job_run_outside_a_transaction_beats_from_its_own_thread():
    job = ExportJob.objects.create(user=UserFactory(), unit=UnitFactory())
    with heartbeat(job):
        assert _beating() == [f"heartbeat-{job.pk}"]
    assert _beating() == []
    job.refresh_from_db()
    assert job.heartbeat_at is not None
