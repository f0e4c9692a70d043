"""The pages of a Perjanjian Kinerja: a unit's list, starting one, the PK with its indicators,
programs and Jumlah Anggaran, and the forms of its parts. Every view fetches its object
through `agreements.lookup`; the public verification page of a signed PK asks no login."""

import functools
import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agreements import printing, rules, services, signing
from agreements.forms import (
    AgreementIndicatorForm,
    AgreementStartForm,
    CountersignatureForm,
    LeaveOutForm,
    PartiesForm,
    ProgramForm,
    VerifyUploadForm,
)
from agreements.lookup import agreement_for, countersignature_scan_for, part_for, unit_for
from agreements.models import (
    AgreementCountersignature,
    AgreementIndicator,
    AgreementProgram,
    AgreementSignedVersion,
    SignedAgreementError,
)
from agreements.printing import read_signed_agreement
from agreements.selectors import (
    agreement_content,
    revision_changes,
    signed_document_periods,
    unit_agreements,
)
from core import second_factor, verification
from core.errors import WorkflowError
from core.forms import understood_rupiah
from core.http import attachment
from core.locking import saved
from core.pagination import CappedPaginator
from core.rendering.engine import PDFUnavailable
from core.rendering.waiting import pdf_unavailable


def _to_detail(agreement_pk: int, anchor: str = ""):
    response = redirect("agreements:detail", pk=agreement_pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _refused_when_signed(view):
    """A change asked of a signed PK: back to the PK, which says why not (as a change of an
    adopted Rencana Aksi goes back to the plan)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SignedAgreementError as error:
            messages.error(request, str(error.args[0]))
            return _to_detail(error.agreement_id)

    return wrapped


@login_required
@require_GET
def unit_list(request, unit_pk):
    unit = unit_for(request, unit_pk)
    page = CappedPaginator(unit_agreements(user=request.user, unit=unit), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "unit": unit,
            "page": page,
            "can_create": rules.can_create_agreement.test(request.user, unit),
        },
    )


@login_required
def agreement_create(request, unit_pk):
    unit = unit_for(request, unit_pk, create=True)
    form = AgreementStartForm(request.POST or None, periods=signed_document_periods(unit=unit))
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_start(
                unit=unit, year=form.cleaned_data["year"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Perjanjian Kinerja %(year)s created from the IKU document %(period)s: "
                    "%(count)s indicators copied. Check the parties and add the programs."
                )
                % {
                    "year": agreement.year,
                    "period": agreement.document.period,
                    "count": agreement.indicators.count(),
                },
            )
            return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/agreement_form.html", {"unit": unit, "form": form})


@login_required
@require_GET
def agreement_detail(request, pk):
    agreement = agreement_for(request, pk)
    may = rules.agreement_actions(request.user, agreement)
    signs = may["sign"] or may["countersign_in_portal"]  # both ask the second factor
    signed = AgreementSignedVersion.objects.filter(agreement=agreement).first()
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "content": agreement_content(agreement=agreement),
            "may": may,
            "signed_version": signed,
            "countersignature": AgreementCountersignature.objects.filter(version=signed).first()
            if signed
            else None,
            "second_party_in_portal": rules.second_party_has_account.test(request.user, agreement),
            "signs_with_bsre": may["sign"] and settings.PDF_SIGNING_BACKEND == "bsre",
            "second_factor_required": signs and second_factor.required(),
            "second_factor_enrolled": signs and second_factor.enrolled(request.user),
        },
    )


@login_required
@require_POST
def agreement_revise(request, pk):
    agreement = agreement_for(request, pk)
    try:
        revision = services.agreement_start_revision(agreement=agreement, user=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
        return _to_detail(agreement.pk)
    messages.success(
        request,
        _("PK Perubahan started as a draft: change its targets and programs, then submit it."),
    )
    return _to_detail(revision.pk)


@login_required
@require_GET
def agreement_compare(request, pk):
    """What a PK Perubahan changes from the signed PK it revises."""
    agreement = agreement_for(request, pk)
    previous = agreement.revises
    if previous is None or not hasattr(previous, "signed_version"):
        raise Http404
    after = (
        agreement.signed_version.snapshot
        if agreement.is_frozen
        else printing.agreement_snapshot(agreement)
    )
    return render(
        request,
        "agreements/compare.html",
        {
            "agreement": agreement,
            "previous": previous,
            "changes": revision_changes(previous.signed_version.snapshot, after),
        },
    )


@login_required
@require_GET
def agreement_pdf(request, pk):
    """The PK as it prints (page 1 the statement, then the lampiran), shown or downloaded; a
    signed PK as it was signed, byte for byte."""
    agreement = agreement_for(request, pk)
    download = "unduh" in request.GET
    if agreement.is_frozen:
        version = agreement.signed_version
        return printing.agreement_pdf_response(
            agreement, read_signed_agreement(version), download=download
        )
    try:
        pdf = printing.agreement_render(agreement)
    except PDFUnavailable:
        return pdf_unavailable(request)
    return printing.agreement_pdf_response(agreement, pdf, download=download)


def _flow_step(request, pk, step, done: str):
    agreement = agreement_for(request, pk)
    try:
        step(agreement)
    except (WorkflowError, ValidationError) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return _to_detail(agreement.pk)


@login_required
@require_POST
def agreement_submit(request, pk):
    return _flow_step(
        request,
        pk,
        lambda a: signing.agreement_submit(agreement=a, user=request.user),
        _("Submitted: the head of the unit can now sign it."),
    )


@login_required
@require_POST
def agreement_return(request, pk):
    return _flow_step(
        request,
        pk,
        lambda a: signing.agreement_return(
            agreement=a, user=request.user, reason=request.POST.get("reason", "")
        ),
        _("Returned to the staff as a draft."),
    )


@login_required
@require_POST
def agreement_sign(request, pk):
    def sign(agreement):
        try:
            signing.agreement_sign(
                agreement=agreement,
                user=request.user,
                token=request.POST.get("kode", ""),
                nik=request.POST.get("nik", ""),
                passphrase=request.POST.get("sandi_bsre", ""),
            )
        except PDFUnavailable as error:
            raise WorkflowError(str(error)) from None

    return _flow_step(
        request,
        pk,
        sign,
        _("Signed. Record pihak kedua's signature once they have signed the printed page."),
    )


@login_required
def agreement_countersign(request, pk):
    """Pihak kedua's signature: signed here by pihak kedua with an account (a button on the PK's
    page, POST), else recorded by the kepala with the scan of the signed page (this form). Once
    recorded, back to the PK, which says so."""
    agreement = agreement_for(request, pk)
    if agreement.is_frozen and agreement.countersigned:
        messages.error(request, _("Pihak kedua's signature is already recorded."))
        return _to_detail(agreement.pk)
    if rules.can_countersign_agreement.test(request.user, agreement):
        if request.method != "POST":
            return _to_detail(agreement.pk)
        return _flow_step(
            request,
            pk,
            lambda a: signing.agreement_countersign(
                agreement=a, user=request.user, token=request.POST.get("kode", "")
            ),
            _("Signed as pihak kedua: the Perjanjian Kinerja is signed by both parties."),
        )
    if not rules.can_record_countersignature.test(request.user, agreement):
        raise PermissionDenied
    form = CountersignatureForm(
        request.POST or None,
        request.FILES or None,
        initial={"name": agreement.second_party_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            signing.agreement_countersign(
                agreement=agreement,
                user=request.user,
                name=form.cleaned_data["name"],
                signed_on=form.cleaned_data["signed_on"],
                scan=form.cleaned_data["scan"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Pihak kedua's signature is recorded."))
            return _to_detail(agreement.pk)
    return render(
        request, "agreements/countersign_form.html", {"agreement": agreement, "form": form}
    )


@login_required
@require_GET
def agreement_countersignature_scan(request, pk):
    """The scan of the page pihak kedua signed, shown (or downloaded with ?unduh=1)."""
    record = countersignature_scan_for(request, pk)
    content, content_type = signing.read_countersignature_scan(record)
    suffix = content_type.rsplit("/", 1)[-1].replace("jpeg", "jpg")
    return attachment(
        content,
        content_type,
        f"{record.version.code}-pihak-kedua.{suffix}",
        inline="unduh" not in request.GET,
    )


def _signed_by_code(code) -> AgreementSignedVersion:
    """The signed version of a code as typed (any case, with or without dashes), or 404."""
    return get_object_or_404(
        AgreementSignedVersion.objects.select_related("agreement__unit"),
        code=verification.normalized_code(code),
    )


def _verification_page(view):
    """A public page of a PK's verification code, as the IKU documents' (and counted with
    them): limited per address, so that codes cannot be guessed by the thousand; an unknown
    code says so, with a box to type another."""

    @functools.wraps(view)
    def wrapped(request, code):
        if too_many := verification.refused(request):
            return too_many
        try:
            version = _signed_by_code(code)
        except Http404:
            return verification.unknown(request, code)
        return view(request, version)

    return wrapped


@require_GET
@_verification_page
def agreement_verify(request, version):
    """The public page of a signed PK's verification code (what its QR code leads to): who
    signed what, when; pihak kedua's signature; the signed PDF; an uploaded copy compared."""
    return _verify_page(request, version, VerifyUploadForm())


@require_POST
@_verification_page
def agreement_verify_upload(request, version):
    form = VerifyUploadForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        digest = hashlib.sha256()
        for chunk in form.cleaned_data["file"].chunks():
            digest.update(chunk)
        result = digest.hexdigest() == version.sha256
    return _verify_page(request, version, form, result)


def _verify_page(request, version, form, result=None):
    countersignature = AgreementCountersignature.objects.filter(version=version).first()
    return render(
        request,
        "agreements/verify.html",
        {
            "version": version,
            "agreement": version.agreement,
            "countersignature": countersignature,
            "form": form,
            "result": result,
        },
    )


@require_GET
def agreement_verify_pdf(request, code):
    version = _signed_by_code(code)
    return printing.agreement_pdf_response(
        version.agreement, read_signed_agreement(version), download=True
    )


@login_required
@_refused_when_signed
def agreement_parties(request, pk):
    agreement = agreement_for(request, pk, write=True)
    form = PartiesForm(request.POST or None, instance=agreement)
    if request.method == "POST" and saved(
        request,
        form,
        lambda: services.agreement_parties_update(
            agreement=form.instance, version=form.cleaned_data["version"]
        ),
    ):
        messages.success(request, _("The parties of the Perjanjian Kinerja were saved."))
        return _to_detail(agreement.pk, "para-pihak")
    return render(request, "agreements/parties_form.html", {"agreement": agreement, "form": form})


@login_required
@_refused_when_signed
def indicator_form(request, agreement_pk=None, pk=None):
    if pk:
        indicator = part_for(request, AgreementIndicator, pk)
        agreement = indicator.agreement
    else:
        agreement = agreement_for(request, agreement_pk, write=True)
        indicator = AgreementIndicator(agreement=agreement)
    form = AgreementIndicatorForm(request.POST or None, instance=indicator, agreement=agreement)
    if request.method == "POST" and saved(
        request,
        form,
        lambda: services.agreement_indicator_save(
            indicator=form.instance,
            target_text=form.typed_target(),
            value=form.cleaned_data["target_input"],
            new_target_text=form.cleaned_data.get("new_target", ""),
            version=form.cleaned_data["version"],
        ),
    ):
        shown = form.shown_target()
        messages.success(
            request,
            _("Indicator saved. Target %(year)s: %(target)s.")
            % {"year": agreement.year, "target": shown}
            if shown
            else _("Indicator saved, without a target yet."),
        )
        return _to_detail(agreement.pk, f"indikator-{form.instance.pk}")
    return render(
        request,
        "agreements/indicator_form.html",
        {"agreement": agreement, "form": form, "indicator": indicator},
    )


@login_required
@_refused_when_signed
def indicator_leave_out(request, pk):
    indicator = part_for(request, AgreementIndicator, pk)
    form = LeaveOutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_indicator_leave_out(
                indicator=indicator, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The IKU is left out of this PK, with its reason."))
            return _to_detail(indicator.agreement_id, f"indikator-{indicator.pk}")
    return render(
        request,
        "agreements/leave_out_form.html",
        {"agreement": indicator.agreement, "indicator": indicator, "form": form},
    )


@login_required
@_refused_when_signed
@require_POST
def indicator_include(request, pk):
    indicator = part_for(request, AgreementIndicator, pk)
    services.agreement_indicator_include(indicator=indicator)
    messages.success(request, _("The IKU is in this PK again."))
    return _to_detail(indicator.agreement_id, f"indikator-{indicator.pk}")


@login_required
@_refused_when_signed
@require_POST
def indicator_delete(request, pk):
    indicator = part_for(request, AgreementIndicator, pk)
    try:
        services.agreement_indicator_delete(indicator=indicator)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Indicator removed."))
    return _to_detail(indicator.agreement_id, "indikator")


@login_required
@_refused_when_signed
def program_form(request, agreement_pk=None, pk=None):
    if pk:
        program = part_for(request, AgreementProgram, pk)
        agreement = program.agreement
    else:
        agreement = agreement_for(request, agreement_pk, write=True)
        program = AgreementProgram(agreement=agreement)
    form = ProgramForm(request.POST or None, instance=program, agreement=agreement)
    if request.method == "POST" and saved(
        request,
        form,
        lambda: services.agreement_program_save(
            program=form.instance, version=form.cleaned_data["version"]
        ),
    ):
        messages.success(
            request,
            _("%(level)s saved: anggaran %(amount)s.")
            % {
                "level": form.instance.get_level_display(),
                "amount": understood_rupiah(form.instance.budget),
            },
        )
        return _to_detail(agreement.pk, "program")
    return render(
        request,
        "agreements/program_form.html",
        {"agreement": agreement, "form": form, "program": program},
    )


@login_required
@_refused_when_signed
@require_POST
def program_delete(request, pk):
    program = part_for(request, AgreementProgram, pk)
    services.agreement_program_delete(program=program)
    messages.success(request, _("%(level)s removed.") % {"level": program.get_level_display()})
    return _to_detail(program.agreement_id, "program")
