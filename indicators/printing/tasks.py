"""The printing task (Django's tasks API): it fetches its document and calls the renderer."""

import datetime

from django_tasks import task

from core.jobs import beating
from indicators.models import IKUDocument, ManualSigningJob, RenderJob
from indicators.printing import prerender, renders, sealing


@task()
def render_document(document_id: int, manual: bool, job_id: int | None = None) -> str:
    """Render a document's PDF (or its Manual IKU) into the render cache; returns its key."""
    document = IKUDocument.objects.get(pk=document_id)
    with beating(RenderJob, job_id):
        return renders.document_render(document, manual=manual).key


@task()
def sign_manual(job_id: int) -> str:
    """Render, seal and store the Manual IKU of a signed version, asked again because the
    worker that signed the document died before it (or failed on it)."""
    job = ManualSigningJob.objects.filter(pk=job_id).first()
    if job is None:
        return "stored already"
    sealing.manual_sign_run(job=job)
    return "done"


# Below the renders a person waits for (their tasks keep the default priority, 0).
PRERENDER_PRIORITY = -50


@task(priority=PRERENDER_PRIORITY)
def prerender_document(document_id: int) -> str:
    """Render an edited document's PDF once its edits have settled; if it was edited since,
    ask again for when they settle (at most one such task per document is queued)."""
    outcome = prerender.prerender_run(document_id)
    if isinstance(outcome, datetime.datetime):
        prerender_document.using(run_after=outcome).enqueue(document_id)
        return "edited since: asked again"
    return outcome
