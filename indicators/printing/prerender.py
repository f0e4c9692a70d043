"""Drafts rendered before they are asked for: after an edit to a document settles (no other
edit for PRERENDER_SETTLE_SECONDS), a worker renders its PDF at low priority, so that
"Pratinjau" and "PDF" are usually ready when they are opened.

One PrerenderRequest row per document holds when its render is due; every edit moves it later.
The task, run when the row was due, finds it moved (the content changed since it was asked)
and asks again for the new time instead of rendering, so at most one render per document is
queued and a render is never made of content already changed. The render itself is the one
the pages ask for (the cache is keyed by the print HTML): a page opened later finds it."""

import datetime

from django.utils import timezone

from indicators.models import IKUDocument, PrerenderRequest
from indicators.printing import renders


def prerender_run(document_id: int) -> datetime.datetime | str:
    """The worker's part: render the document if its edits have settled and say its render's
    key; if it was edited since the task was asked, render nothing and return the new time
    (the task asks again for it)."""
    request = PrerenderRequest.objects.filter(document_id=document_id).first()
    if request is None:
        return "nothing asked"
    if request.due_at > timezone.now():
        return request.due_at
    if not PrerenderRequest.objects.filter(pk=request.pk, due_at=request.due_at).delete()[0]:
        # edited this very moment: the edit moved the row (only a task asks for it)
        moved = PrerenderRequest.objects.filter(pk=request.pk).first()
        return moved.due_at if moved is not None else "nothing asked"
    document = IKUDocument.objects.filter(pk=document_id).first()
    if document is None or document.is_frozen:
        return "not a draft"
    return renders.document_render(document).key
