"""The pages of a Perjanjian Kinerja: a unit's list, starting one, the PK with its indicators,
programs and Jumlah Anggaran, and the forms of its parts. Every view fetches its object
through `agreements.lookup`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agreements import printing, rules, services
from agreements.forms import (
    AgreementIndicatorForm,
    AgreementStartForm,
    LeaveOutForm,
    PartiesForm,
    ProgramForm,
)
from agreements.lookup import agreement_for, part_for, unit_for
from agreements.models import AgreementIndicator, AgreementProgram
from agreements.selectors import agreement_content, unit_agreements
from core.forms import understood_rupiah
from core.locking import saved
from core.pagination import CappedPaginator
from core.rendering.engine import PDFUnavailable
from core.rendering.waiting import pdf_unavailable


def _to_detail(agreement_pk: int, anchor: str = ""):
    response = redirect("agreements:detail", pk=agreement_pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


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
    form = AgreementStartForm(request.POST or None)
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
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "content": agreement_content(agreement=agreement),
            "may": rules.agreement_actions(request.user, agreement),
        },
    )


@login_required
@require_GET
def agreement_pdf(request, pk):
    """The PK as it prints (page 1 the statement, then the lampiran), shown or downloaded."""
    agreement = agreement_for(request, pk)
    try:
        pdf = printing.agreement_render(agreement)
    except PDFUnavailable:
        return pdf_unavailable(request)
    return printing.agreement_pdf_response(agreement, pdf, download="unduh" in request.GET)


@login_required
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
@require_POST
def indicator_include(request, pk):
    indicator = part_for(request, AgreementIndicator, pk)
    services.agreement_indicator_include(indicator=indicator)
    messages.success(request, _("The IKU is in this PK again."))
    return _to_detail(indicator.agreement_id, f"indikator-{indicator.pk}")


@login_required
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
@require_POST
def program_delete(request, pk):
    program = part_for(request, AgreementProgram, pk)
    services.agreement_program_delete(program=program)
    messages.success(request, _("%(level)s removed.") % {"level": program.get_level_display()})
    return _to_detail(program.agreement_id, "program")
