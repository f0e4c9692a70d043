"""The document as it prints: the preview (the PDF's own pages as images) and the PDF, of the
IKU document or its Manual IKU. A PDF not rendered yet is asked of a worker; the page waits.

These views only read (and ask a worker once per content): like every GET they take no
transaction for the request, so a render asked for commits at once and the worker can start
on it (iku_portal.middleware.AtomicWritesMiddleware)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.rendering.engine import PDFUnavailable
from core.rendering.jobs import Waiting
from core.rendering.waiting import pdf_unavailable, render_ready, render_wait, waited_for_download
from indicators.lookup import document_for
from indicators.printing import renders
from indicators.printing.pdf import pdf_response
from indicators.printing.services import render_or_wait
from indicators.signed_files import read_signed


@login_required
@require_GET
def document_preview(request, pk, manual=False):
    """The pages of the PDF that would be printed (or was signed), as images: the IKU
    document, or with `manual` its Manual IKU."""
    document = document_for(request, pk)
    try:
        ready = render_or_wait(document, manual=manual)
    except PDFUnavailable:
        return pdf_unavailable(request)
    if isinstance(ready, Waiting):
        return _wait(request, document, ready, manual)
    return render(
        request,
        "indicators/ikudocument_preview.html",
        {
            "document": document,
            "render": ready,
            "pages": range(1, ready.page_count + 1),
            "manual": manual,
        },
    )


@login_required
@require_GET
def document_preview_page(request, pk, key, number):
    document = document_for(request, pk)
    # Read from this document's own renders: a key of another document finds nothing.
    png = renders.page_png(document.pk, key, int(number))
    if png is None:
        raise Http404
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400, immutable"
    return response


@login_required
@require_GET
def document_pdf_view(request, pk, download=False, manual=False):
    document = document_for(request, pk)
    if document.is_frozen and not manual:
        # A signed document is served as issued, byte for byte: never rendered again.
        return pdf_response(read_signed(document.signed_version), document, download)
    try:
        # A signed Manual IKU comes from its stored file too (`renders` serves it).
        ready = render_or_wait(document, manual=manual)
    except PDFUnavailable:
        return pdf_unavailable(request)
    if isinstance(ready, Waiting):
        return _wait(request, document, ready, manual, download)
    if download and waited_for_download(request):
        return render_ready(
            request,
            subject=document.heading,
            back_url=reverse("indicators:document_detail", args=[document.pk]),
        )
    return pdf_response(ready.pdf, document, download, manual=manual)


def _wait(request, document, waiting, manual, download=False) -> HttpResponse:
    return render_wait(
        request,
        waiting,
        subject=document.heading,
        back_url=reverse("indicators:document_detail", args=[document.pk]),
        manual=manual,
        download=download,
    )
