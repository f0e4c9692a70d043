"""Work handed to a worker through Django's tasks API, and the rows that follow it.

Every kind of job (a render, a report render, a signing, an export) keeps the id of its task
and when it was asked for (`Job`). A task is enqueued only when the transaction that made its
row commits (`enqueue_on_commit`): a worker never looks for a row that is not there yet, and a
task asked for in a transaction that rolls back is never run, whatever the task backend.

A worker that dies (SIGKILL, out of memory, a deploy) cannot say so: while a job runs, its
worker notes a sign of life on the row every `TASK_HEARTBEAT_SECONDS` (`heartbeat`), and a job
whose last sign of life is older than `TASK_LEASE_SECONDS` has lost its worker (`Job.stale`):
it is failed with a reason or asked again, never left running.
"""

import contextlib
import datetime
import threading
from functools import partial

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist


class Job(models.Model):
    """What every job row has: the id of its task (to ask the backend where it stands) and when
    it was asked for. Subclassed by RenderJob, SigningJob, ExportJob and ReportRenderJob."""

    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("last sign of life of its worker"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def stale(self) -> bool:
        """Started, and its worker has not been heard of for longer than the lease."""
        if self.heartbeat_at is None:
            return False
        lease = datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS)
        return timezone.now() - self.heartbeat_at > lease


@contextlib.contextmanager
def heartbeat(job: Job):
    """While the block runs, note on `job` that its worker lives: at once, then every
    TASK_HEARTBEAT_SECONDS from a thread of its own (a long render holds the main one)."""
    model, stop = type(job), threading.Event()

    def beat():
        try:
            while True:
                with contextlib.suppress(DatabaseError):  # a beat missed is a beat late
                    model.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
                if stop.wait(settings.TASK_HEARTBEAT_SECONDS):
                    return
        finally:
            connection.close()  # this thread's own connection

    model.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    if connection.in_atomic_block:
        # Run inside a transaction (a task run in the request, the demo's loader): nobody sees
        # the job before it commits, and a beat from another connection would wait on the
        # row (or, on SQLite, the database) this transaction holds until the block ends.
        yield
        return
    thread = threading.Thread(target=beat, name=f"heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


class TaskState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    FAILED = "failed", _("failed")
    DONE = "done", _("done")


def _enqueue(task, args: tuple, job, with_job_id: bool) -> None:
    result = task.enqueue(*args, job_id=job.pk) if with_job_id else task.enqueue(*args)
    if job is not None:
        type(job).objects.filter(pk=job.pk).update(task_id=str(result.id))
        job.task_id = str(result.id)


def enqueue_on_commit(task, *args, job: Job | None = None, with_job_id: bool = False) -> None:
    """Enqueue `task(*args)` once the current transaction commits (at once outside one), and
    note the task's id on `job` (passed to the task as `job_id` with `with_job_id`)."""
    transaction.on_commit(partial(_enqueue, task, args, job, with_job_id))


@contextlib.contextmanager
def beating(model, job_id: int | None):
    """`heartbeat` for the job `job_id` of `model`, if there is one (a task asked without a job
    row, from a shell, runs without)."""
    job = model.objects.filter(pk=job_id).first() if job_id else None
    if job is None:
        yield
        return
    with heartbeat(job):
        yield


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
