"""Printing off the request: a page that needs a document's PDF not rendered yet asks a worker
for it once per content and shows that it is being prepared (`core.rendering.jobs`); an
edited document's PDF is asked of a worker once its edits settle (`indicators.printing.
prerender`), so that the page usually finds it ready."""

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from core.rendering.jobs import ask_once
from indicators.models import PrerenderRequest, RenderJob
from indicators.printing import renders
from indicators.printing.pdf import print_snapshot
from indicators.printing.tasks import prerender_document, render_document

logger = logging.getLogger(__name__)


def render_or_wait(document, *, manual: bool = False):
    """The render if it is ready (a signed document's is its stored file); otherwise a render
    is asked for (once) and Waiting returned. With a backend that runs tasks at once (tests),
    the render is ready on return. Never renders here: the cost is building the print HTML."""
    signed = renders.signed_render(document, manual=manual)
    if signed is not None:
        return signed
    key = renders.render_key(print_snapshot(document), manual=manual)
    return ask_once(
        RenderJob,
        {"document": document, "key": key, "manual": manual},
        render_document,
        (document.pk, manual),
        lambda: renders.cached_render(document.pk, key),
    )


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
