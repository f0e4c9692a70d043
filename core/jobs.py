"""Work handed to a worker through Django's tasks API, and the rows that follow it.

Every kind of job (a render, a report render, a signing, an export) keeps the id of its task
and when it was asked for (`Job`). A task is enqueued only when the transaction that made its
row commits (`enqueue_on_commit`): a worker never looks for a row that is not there yet, and a
task asked for in a transaction that rolls back is never run, whatever the task backend.
"""

from functools import partial

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist


class Job(models.Model):
    """What every job row has: the id of its task (to ask the backend where it stands) and when
    it was asked for. Subclassed by RenderJob, SigningJob, ExportJob and ReportRenderJob."""

    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        abstract = True


class TaskState(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    FAILED = "failed"
    DONE = "done"


def _enqueue(task, args: tuple, job) -> None:
    result = task.enqueue(*args)
    if job is not None:
        type(job).objects.filter(pk=job.pk).update(task_id=str(result.id))
        job.task_id = str(result.id)


def enqueue_on_commit(task, *args, job: Job | None = None) -> None:
    """Enqueue `task(*args)` once the current transaction commits (at once outside one), and
    note the task's id on `job`."""
    transaction.on_commit(partial(_enqueue, task, args, job))


def task_state(task, task_id: str) -> TaskState:
    """Where a job's task stands."""
    if not task_id:
        return TaskState.QUEUED
    try:
        result = task.get_result(task_id)
    except (TaskResultDoesNotExist, NotImplementedError):
        return TaskState.QUEUED
    return {
        TaskResultStatus.FAILED: TaskState.FAILED,
        TaskResultStatus.RUNNING: TaskState.RUNNING,
        TaskResultStatus.SUCCESSFUL: TaskState.DONE,
    }.get(result.status, TaskState.QUEUED)
