from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from organizations import access

from .models import IKUDocument
from .pdf import PDFUnavailable, document_filename, document_html, document_pdf


def _document_for(request, pk, *, write=None) -> IKUDocument:
    document = get_object_or_404(IKUDocument.objects.select_related("unit"), pk=pk)
    return access.check(request.user, document, read=access.can_view_document, write=write)


@login_required
@require_GET
def document_preview(request, pk):
    document = _document_for(request, pk)
    return HttpResponse(document_html(document, preview=True))


@login_required
@require_GET
def document_pdf_view(request, pk, download=False):
    document = _document_for(request, pk)
    try:
        pdf = document_pdf(document)
    except PDFUnavailable:
        return HttpResponse(
            _("PDF printing is not available on this server (WeasyPrint is not installed)."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{document_filename(document)}"'
    return response
