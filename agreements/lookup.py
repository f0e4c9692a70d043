"""One way in for every view of a Perjanjian Kinerja or what hangs from it: the object is
fetched *for the user*, 404 when they may not read it at all, 403 when they may read but not
write it (as `indicators.lookup` does for IKU documents)."""

from django.shortcuts import get_object_or_404

from agreements import rules
from agreements.models import (
    ActionPlan,
    AdoptedPlanError,
    AgreementCountersignature,
    AgreementIndicator,
    AgreementProgram,
    PerformanceAgreement,
    PlannedActivity,
    SignedAgreementError,
)
from organizations import access
from organizations.models import OrganizationUnit


def unit_for(request, pk, *, create=False) -> OrganizationUnit:
    """A unit whose PKs the user may see (or, with `create`, start one)."""
    unit = get_object_or_404(OrganizationUnit, pk=pk)
    return access.check(
        request.user,
        unit,
        read=rules.can_view_unit_agreements,
        write=rules.can_create_agreement if create else None,
    )


def check_agreement(user, agreement, *, write: bool) -> PerformanceAgreement:
    """404 when the user may not read the PK; a change to a signed PK refused with its reason
    (SignedAgreementError), any other with 403."""
    access.check(user, agreement, read=rules.can_view_agreement)
    if write and agreement.is_frozen:
        raise SignedAgreementError(agreement.pk)
    return access.check(
        user,
        agreement,
        read=rules.can_view_agreement,
        write=rules.can_edit_agreement if write else None,
    )


def agreement_for(request, pk, *, write=False) -> PerformanceAgreement:
    agreement = get_object_or_404(
        PerformanceAgreement.objects.select_related("unit", "document"), pk=pk
    )
    return check_agreement(request.user, agreement, write=write)


def countersignature_scan_for(request, pk) -> AgreementCountersignature:
    """The countersignature of a PK with the scan of the page pihak kedua signed, for a user who
    reads the signed PK (404 for anyone else, and where no scan was recorded)."""
    agreement = get_object_or_404(PerformanceAgreement.objects.select_related("unit"), pk=pk)
    access.check(request.user, agreement, read=rules.can_view_countersignature_scan)
    return AgreementCountersignature.objects.select_related("version").get(
        version__agreement=agreement
    )


def part_for(request, model, pk):
    """An indicator or program of a PK, checked for writing through its PK."""
    if model not in (AgreementIndicator, AgreementProgram):
        raise ValueError(model)
    item = get_object_or_404(model.objects.select_related("agreement__unit"), pk=pk)
    check_agreement(request.user, item.agreement, write=True)
    return item


def action_plan_for(request, agreement_pk, *, write=False):
    """The Rencana Aksi of a PK, for the user (404 when there is none yet)."""
    plan = get_object_or_404(
        ActionPlan.objects.select_related("agreement__unit", "agreement__document"),
        agreement_id=agreement_pk,
    )
    return _check_plan(request.user, plan, write=write)


def _check_plan(user, plan, *, write: bool) -> ActionPlan:
    """404 when the user may not read the plan; a change to an adopted plan refused with its
    reason (AdoptedPlanError), any other with 403."""
    access.check(user, plan, read=rules.can_view_action_plan)
    if write and plan.is_frozen:
        raise AdoptedPlanError(plan.agreement_id)
    return access.check(
        user,
        plan,
        read=rules.can_view_action_plan,
        write=rules.can_edit_action_plan if write else None,
    )


def plan_part_for(request, model, pk):
    """An activity of a Rencana Aksi or an indicator of its PK, checked for writing through
    the plan."""
    if model is PlannedActivity:
        item = get_object_or_404(
            PlannedActivity.objects.select_related("plan__agreement__unit", "indicator__indicator"),
            pk=pk,
        )
        plan = item.plan
    elif model is AgreementIndicator:
        item = get_object_or_404(
            AgreementIndicator.objects.select_related("agreement__unit", "indicator"), pk=pk
        )
        plan = get_object_or_404(
            ActionPlan.objects.select_related("agreement"), agreement_id=item.agreement_id
        )
    else:
        raise ValueError(model)
    _check_plan(request.user, plan, write=True)
    return item, plan
