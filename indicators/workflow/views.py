"""The approval flow's pages: submit, return, sign (asked of a worker), start a revision, and
the document's history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core import second_factor
from core.errors import WorkflowError
from core.rendering.engine import PDFUnavailable
from indicators import rules
from indicators.lookup import document_for
from indicators.models import SignerCertificate
from indicators.tree.selectors import document_history
from indicators.tree.services import limit_warnings
from indicators.workflow import services

_TRANSITIONS = {
    "ajukan": (
        lambda d, u, note: services.document_submit(document=d, user=u),
        gettext_lazy("Submitted."),
    ),
    "kembalikan": (
        lambda d, u, note: services.document_return(document=d, user=u, reason=note),
        gettext_lazy("Returned to draft."),
    ),
    "tandatangani": (
        lambda d, u, note, **typed: services.request_signing(document=d, user=u, **typed),
        gettext_lazy("Signing: the signed PDF is being prepared and stored."),
    ),
}


@login_required
@require_POST
def document_transition(request, pk, action):
    document = document_for(request, pk)
    perform, done = _TRANSITIONS[action]
    try:
        if action == "tandatangani":
            perform(
                document,
                request.user,
                "",
                token=request.POST.get("kode", "")[:40],
                nik=request.POST.get("nik", "")[:40],
                passphrase=request.POST.get("sandi_bsre", "")[:200],
            )
        else:
            perform(document, request.user, request.POST.get("note", "")[:2000])
    except WorkflowError as error:
        messages.error(request, str(error))
    except PDFUnavailable:
        messages.error(
            request,
            _("PDF printing is not available on this server (WeasyPrint is not installed)."),
        )
    else:
        messages.success(request, str(done))
        if action == "ajukan":
            for warning in limit_warnings(document):
                messages.warning(request, warning)
    return redirect("indicators:document_detail", pk=document.pk)


@login_required
def second_factor_setup(request):
    """Two-step verification for signing: scan the QR code with an authenticator app, confirm
    with a code it shows, keep the recovery codes (shown once)."""
    codes = None
    if request.method == "POST":
        try:
            codes = second_factor.confirm(
                request.user, request.POST.get("kode", ""), request.POST.get("kode_lama", "")
            )
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Two-step verification is on: signing asks its code."))
    device = None if codes else second_factor.pending_device(request.user)
    return render(
        request,
        "indicators/second_factor.html",
        {
            "device": device,
            "qr": second_factor.qr_svg(device) if device else "",
            "key": second_factor.manual_key(device) if device else "",
            "codes": codes,
            "enrolled": second_factor.enrolled(request.user),
        },
    )


@login_required
def signing_certificate(request):
    """A head's own signing certificate: upload a PKCS#12 (kept encrypted), or go back to the
    installation's seal."""
    if not rules.can_sign_anything.test(request.user):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("step") == "remove":
        services.certificate_remove(user=request.user)
        messages.success(request, _("Your signatures use the installation's seal again."))
        return redirect("indicators:signing_certificate")
    if request.method == "POST":
        upload = request.FILES.get("berkas")
        try:
            if upload is None or upload.size > 1024 * 1024:
                raise WorkflowError(_("Choose the .p12 or .pfx file (at most 1 MB)."))
            services.certificate_upload(
                user=request.user, data=upload.read(), passphrase=request.POST.get("sandi", "")
            )
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your certificate is kept (encrypted): you sign with it."))
            return redirect("indicators:signing_certificate")
    current = SignerCertificate.objects.filter(user=request.user).first()
    return render(request, "indicators/signing_certificate.html", {"current": current})


@login_required
@require_POST
def document_revise(request, pk):
    document = document_for(request, pk)
    try:
        revision = services.document_start_revision(document=document, user=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect("indicators:document_detail", pk=document.pk)
    messages.success(request, _("Revision started: a new draft with everything copied."))
    return redirect("indicators:document_detail", pk=revision.pk)


@login_required
@require_GET
def document_history_view(request, pk):
    document = document_for(request, pk)
    page = Paginator(document_history(document=document), 50).get_page(request.GET.get("page"))
    return render(
        request, "indicators/ikudocument_history.html", {"document": document, "page": page}
    )
