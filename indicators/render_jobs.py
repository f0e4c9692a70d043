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


def _state(job: RenderJob) -> str:
    from django_tasks import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    if not job.task_id:
        return "queued"
    try:
        result = render_document.get_result(job.task_id)
    except (TaskResultDoesNotExist, NotImplementedError):
        return "queued"
    if result.status == TaskResultStatus.FAILED:
        return "failed"
    if result.status == TaskResultStatus.RUNNING:
        return "running"
    return "queued"


def render_or_wait(document, *, manual: bool = False):
    """The render if it is ready; otherwise a render is asked for (once) and Waiting returned.
    With a backend that runs tasks at once (tests), the render is ready on return."""
    ready, key = render_cache.ready_render(document, manual=manual)
    if ready is not None:
        return ready
    from .pdf import _weasyprint

    _weasyprint()  # PDFUnavailable here, at once, on a server that cannot print at all
    job = RenderJob.objects.filter(document=document, key=key, manual=manual).first()
    if job is None:
        try:
            with transaction.atomic():
                job = RenderJob.objects.create(document=document, key=key, manual=manual)
        except IntegrityError:  # asked for by another request at the same moment
            job = RenderJob.objects.get(document=document, key=key, manual=manual)
        else:
            result = render_document.enqueue(document.pk, manual)
            RenderJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
            job.task_id = str(result.id)
            # A backend that runs tasks at once (tests) has stored the render by now.
            pdf = render_cache.cached_pdf(document.pk, key)
            if pdf is not None:
                return render_cache.Render(key, render_cache.page_count(pdf), pdf)
    state = _state(job)
    if state == "failed":
        job.delete()  # the next visit asks again
    return Waiting(state, job)
