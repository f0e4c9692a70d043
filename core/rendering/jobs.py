"""Rendering off the request: a page that needs a PDF not rendered yet asks a worker for it
once per content (a job row per content), shows that it is being prepared, and shows the
result when the worker has stored it."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.jobs import Job, TaskState, enqueue_on_commit, task_state
from core.rendering.engine import weasyprint


@dataclass
class Waiting:
    """A render asked for and not done: queued, running or failed."""

    state: TaskState
    job: Job
    # Being signed (rendered and sealed), not only rendered.
    signing: bool = False

    @property
    def failed(self) -> bool:
        return self.state == TaskState.FAILED

    @property
    def running(self) -> bool:
        return self.state == TaskState.RUNNING

    @property
    def just_asked(self) -> bool:
        """Asked for less than a minute ago."""
        return (timezone.now() - self.job.created_at).total_seconds() < 60


def ask_once(model, lookup: dict, task, args: tuple, stored):
    """A render of one content, asked of `task` at most once however often it is wanted: the
    job (a `model` row found by `lookup`, unique) is created and the task queued by the first
    request only; the task gets the job's id as `job_id`, to show its worker lives. A job whose
    worker died (`Job.stale`) is asked again. Returns what `stored()` finds when the render is
    there (at once with a backend that runs tasks immediately), else Waiting. PDFUnavailable
    at once, asking nothing, on a server that cannot print at all.

    The views that call this are GETs, which take no transaction for the request, so the job
    commits here and the task is queued at once."""
    ready = stored()
    if ready is not None:
        return ready
    weasyprint()
    job = model.objects.filter(**lookup).first()
    if job is not None and job.stale:  # its worker died: asked again (a render is idempotent)
        job.delete()
        job = None
    if job is None:
        try:
            with transaction.atomic():
                job = model.objects.create(**lookup)
                enqueue_on_commit(task, *args, job=job, with_job_id=True)
        except IntegrityError:  # asked for by another request at the same moment
            job = model.objects.get(**lookup)
        else:
            ready = stored()
            if ready is not None:
                return ready
    state = task_state(task, job.task_id)
    if state in (TaskState.FAILED, TaskState.DONE):
        # Failed, or done and its file is not there (the content changed meanwhile, or the
        # file was removed): the next visit asks again.
        job.delete()
        state = TaskState.FAILED if state == TaskState.FAILED else TaskState.QUEUED
    return Waiting(state, job)
