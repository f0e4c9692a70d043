"""Rendering off the request: a page that needs a PDF not rendered yet asks a worker for it
once (a RenderJob per content), shows that it is being prepared, and shows the result when the
worker has stored it in the render cache."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from . import render_cache
from .models import RenderJob
from .tasks import render_document


@dataclass
class Waiting:
    """A render asked for and not done: 'queued', 'running' or 'failed'."""

    state: str
    job: RenderJob

    @property
    def just_asked(self) -> bool:
        """Asked for less than a minute ago."""
        from django.utils import timezone

        return (timezone.now() - self.job.created_at).total_seconds() < 60


def task_state(task, task_id: str) -> str:
    """Where a render asked of `task` stands: 'queued', 'running', 'failed' or 'done'."""
    from django_tasks import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    if not task_id:
        return "queued"
    try:
        result = task.get_result(task_id)
    except (TaskResultDoesNotExist, NotImplementedError):
        return "queued"
    return {
        TaskResultStatus.FAILED: "failed",
        TaskResultStatus.RUNNING: "running",
        TaskResultStatus.SUCCESSFUL: "done",
    }.get(result.status, "queued")


def render_or_wait(document, *, manual: bool = False):
    """The render if it is ready; otherwise a render is asked for (once) and Waiting returned.
    With a backend that runs tasks at once (tests), the render is ready on return."""
    ready, key = render_cache.ready_render(document, manual=manual)
    if ready is not None:
        return ready

    def stored():
        pdf = render_cache.cached_pdf(document.pk, key)
        return None if pdf is None else render_cache.Render(key, render_cache.page_count(pdf), pdf)

    return ask_once(
        RenderJob,
        {"document": document, "key": key, "manual": manual},
        render_document,
        (document.pk, manual),
        stored,
    )


def ask_once(model, lookup: dict, task, args: tuple, stored):
    """A render of one content, asked of `task` at most once however often it is wanted: the
    job (a `model` row found by `lookup`, unique) is created and the task queued by the first
    request only. Returns what `stored()` finds once the render is there (at once with a
    backend that runs tasks immediately), else Waiting. PDFUnavailable at once, asking
    nothing, on a server that cannot print at all."""
    from .pdf import _weasyprint

    _weasyprint()
    job = model.objects.filter(**lookup).first()
    if job is None:
        try:
            with transaction.atomic():
                job = model.objects.create(**lookup)
        except IntegrityError:  # asked for by another request at the same moment
            job = model.objects.get(**lookup)
        else:
            result = task.enqueue(*args)
            model.objects.filter(pk=job.pk).update(task_id=str(result.id))
            job.task_id = str(result.id)
            ready = stored()
            if ready is not None:
                return ready
    state = task_state(task, job.task_id)
    if state in ("failed", "done"):
        # Failed, or done and its file is not there (the content changed meanwhile, or the
        # file was removed): the next visit asks again.
        job.delete()
        state = "failed" if state == "failed" else "queued"
    return Waiting(state, job)
