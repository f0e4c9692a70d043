"""Printing off the request: a page that needs a document's PDF not rendered yet asks a worker
for it once per content and shows that it is being prepared (`core.rendering.jobs`); an
edited document's PDF is asked of a worker once its edits settle (`indicators.printing.
prerender`), so that the page usually finds it ready."""

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from core.jobs import TaskState, enqueue_on_commit
from core.rendering.jobs import Waiting, ask_once
from indicators.models import ManualSigningJob, PrerenderRequest, RenderJob
from indicators.printing import renders
from indicators.printing.pdf import print_snapshot
from indicators.printing.tasks import prerender_document, render_document, sign_manual

logger = logging.getLogger(__name__)


def render_or_wait(document, *, manual: bool = False):
    """The render if it is ready (a signed document's is its stored file); otherwise a render
    is asked for (once) and Waiting returned. With a backend that runs tasks at once (tests),
    the render is ready on return. Never renders here: the cost is building the print HTML.
    The Manual IKU of a document just signed is waited for while a worker signs it."""
    signed = renders.signed_render(document, manual=manual)
    if signed is not None:
        return signed
    if manual and (signing := manual_signing(document)) is not None:
        return signing
    key = renders.render_key(print_snapshot(document), manual=manual)
    return ask_once(
        RenderJob,
        {"document": document, "key": key, "manual": manual},
        render_document,
        (document.pk, manual),
        lambda: renders.cached_render(document.pk, key),
    )


def manual_signing(document) -> Waiting | None:
    """The Manual IKU of a signed document that a worker is still signing (Waiting), else
    None. One whose worker died, or failed, is asked of a worker again (once: the row says so
    first); a failure shows as such until the page is opened again."""
    if not document.is_frozen:
        return None
    job = ManualSigningJob.objects.filter(version__document=document).first()
    if job is None:
        return None
    if not (job.error or job.stale or _never_started(job)):
        return Waiting(
            TaskState.RUNNING if job.heartbeat_at else TaskState.QUEUED, job, signing=True
        )
    asked = ManualSigningJob.objects.filter(
        pk=job.pk, error=job.error, heartbeat_at=job.heartbeat_at, task_id=job.task_id
    ).update(error="", heartbeat_at=None, created_at=timezone.now(), task_id="queued")
    if asked:
        enqueue_on_commit(sign_manual, job.pk, job=job)
    return Waiting(TaskState.FAILED if job.error else TaskState.QUEUED, job, signing=True)


def _never_started(job: ManualSigningJob) -> bool:
    """Made by a signing whose worker died before it started on the Manual IKU: never asked
    of the queue and not heard of for the lease."""
    age = (timezone.now() - job.created_at).total_seconds()
    return not job.task_id and job.heartbeat_at is None and age > settings.TASK_LEASE_SECONDS


def prerender_enabled() -> bool:
    """On unless turned off, with a task backend that can run a task later (the worker's
    database queue can; the backend of the tests, which runs each task at once, cannot)."""
    return settings.PRERENDER_DRAFTS and prerender_document.get_backend().supports_defer


def prerender_soon(document_id: int) -> None:
    """The document was just edited: its render is due once its edits settle. Every edit moves
    the time; one task per document is queued, the first edit's."""
    if not prerender_enabled():
        return
    due = timezone.now() + datetime.timedelta(seconds=settings.PRERENDER_SETTLE_SECONDS)
    if PrerenderRequest.objects.filter(document_id=document_id).update(due_at=due):
        return  # a task is queued already: it will find the new time
    try:
        with transaction.atomic():
            PrerenderRequest.objects.create(document_id=document_id, due_at=due)
    except IntegrityError:  # asked by another request at the same moment
        PrerenderRequest.objects.filter(document_id=document_id).update(due_at=due)
        return
    prerender_document.using(run_after=due).enqueue(document_id)


def document_edited(document_id: int | None) -> None:
    """Ask for a render once the transaction of an edit commits (never for one rolled back).
    A render asked in advance is a convenience: failing to ask never fails the edit."""
    if document_id is None:
        return

    def ask():
        try:
            prerender_soon(document_id)
        except DatabaseError:
            logger.warning("Could not ask for the render of document %s", document_id)

    transaction.on_commit(ask)
