"""Tasks are enqueued when the transaction that asked for them commits (core.jobs): a worker
never looks for a row that is not there yet, and what a rolled-back transaction asked for is
never run, whatever the task backend. The suite's backend runs a task as soon as it is
enqueued, so "enqueued" and "ran" are the same moment here."""

import pytest
from django.db import transaction

from core.jobs import enqueue_on_commit
from core.tests.queue_probe import record_run

pytestmark = pytest.mark.django_db(transaction=True)  # real commits and rollbacks


class Refused(Exception):
    pass


def _runs(log) -> list[str]:
    return log.read_text().split() if log.exists() else []


def test_a_task_asked_for_in_a_transaction_that_rolls_back_never_runs(tmp_path):
    log = tmp_path / "runs.txt"
    with pytest.raises(Refused), transaction.atomic():
        enqueue_on_commit(record_run, str(log), 1)
        raise Refused
    assert _runs(log) == []


def test_a_task_asked_for_in_a_committed_transaction_runs_once_after_the_commit(tmp_path):
    log = tmp_path / "runs.txt"
    with transaction.atomic():
        enqueue_on_commit(record_run, str(log), 2)
        assert _runs(log) == []  # not while the transaction is open
    assert _runs(log) == ["2"]


def test_a_task_asked_for_in_a_savepoint_that_rolls_back_never_runs(tmp_path):
    log = tmp_path / "runs.txt"
    with transaction.atomic():
        enqueue_on_commit(record_run, str(log), 3)
        with pytest.raises(Refused), transaction.atomic():
            enqueue_on_commit(record_run, str(log), 4)
            raise Refused
    assert _runs(log) == ["3"]
