"""Checking documents: the public page a signed PDF's QR code leads to (does a printed copy
match what was signed?), its signed files, and the comparison of two versions."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core import pades, verification
from core.http import int_or_none
from core.verification import normalized_code
from indicators.lookup import document_for
from indicators.models import IKUDocument, SignedVersion
from indicators.printing.pdf import pdf_response
from indicators.printing.snapshot import document_snapshot
from indicators.signed_files import read_signed
from indicators.verification.compare import compare_snapshots
from indicators.verification.forms import VerifyUploadForm


def _signed_version_or_404(code):
    version = (
        SignedVersion.objects.select_related("document__unit", "signed_by")
        .filter(code=normalized_code(code))
        .first()
    )
    if version is None:
        raise Http404
    return version


@require_GET
def verify_lookup(request):
    """Public: a box to type the code printed on a copy (any case, with or without dashes), of
    any signed document: the verification page finds the document whose code it is."""
    code = request.GET.get("kode", "").strip()[:40]
    if code:
        return redirect("indicators:verify", code=normalized_code(code))
    return render(request, "indicators/verify_lookup.html")


def verify(request, code):
    """Public (no login): does a printed copy match what was signed? Limited per address, so
    that codes cannot be guessed by the thousand. A code that is no IKU document's may be
    another document's (a Perjanjian Kinerja's, registered in `core.verification`): its page."""
    if too_many := verification.refused(request):
        return too_many
    try:
        version = _signed_version_or_404(code)
    except Http404:
        elsewhere = verification.page_of(normalized_code(code))
        return redirect(elsewhere) if elsewhere else verification.unknown(request, code)
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    result = matched_manual = signature = other = None
    if request.method == "POST" and form.is_valid():
        digest = form.sha256()
        matched_manual = bool(version.manual_sha256) and digest == version.manual_sha256
        result = digest == version.sha256 or matched_manual
        signature = pades.validate(form.content())
        if not result:  # perhaps exactly another signed version (an earlier revision, …)
            other = (
                SignedVersion.objects.filter(Q(sha256=digest) | Q(manual_sha256=digest))
                .exclude(pk=version.pk)
                .select_related("document")
                .first()
            )
    return render(
        request,
        "indicators/verify.html",
        {
            "version": version,
            "document": version.document,
            "form": form,
            "result": result,
            "matched_manual": matched_manual,
            "signature": signature,
            "other": other,
        },
    )


@require_GET
def verify_pdf(request, code, manual=False):
    version = _signed_version_or_404(code)
    if manual and not version.manual_pdf:
        raise Http404
    pdf = read_signed(version, manual=manual)
    return pdf_response(pdf, version.document, download=True, manual=manual)


def _snapshot_of(document):
    """The signed snapshot of a signed version; the current content of a draft."""
    version = SignedVersion.objects.filter(document=document).first()
    return version.snapshot if version else document_snapshot(document)


@login_required
@require_GET
def document_compare(request, pk):
    document = document_for(request, pk)
    versions = list(
        IKUDocument.objects.filter(
            unit=document.unit,
            period_start=document.period_start,
            period_end=document.period_end,
        ).order_by("revision")
    )
    other_pk = int_or_none(request.GET.get("dengan")) or document.revises_id
    other = next((v for v in versions if v.pk == other_pk and v.pk != document.pk), None)
    sections = None
    if other is not None:
        old, new = sorted([other, document], key=lambda d: d.revision)
        sections = compare_snapshots(_snapshot_of(old), _snapshot_of(new))
    return render(
        request,
        "indicators/ikudocument_compare.html",
        {"document": document, "other": other, "versions": versions, "sections": sections},
    )
