"""The pages of a Rencana Aksi: the plan of a signed PK with its triwulan targets and
activities, the forms of its parts, adopting it, and its .xlsx. Every view fetches its object
through `agreements.lookup`. Its PDF is printed elsewhere (see `action_plan_detail`)."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agreements import rules
from agreements.action_plans import printing, services
from agreements.action_plans.forms import ActivityForm, QuarterTargetsForm
from agreements.action_plans.selectors import action_plan_content
from agreements.action_plans.xlsx import action_plan_filename, action_plan_xlsx
from agreements.lookup import action_plan_for, agreement_for, plan_part_for
from agreements.models import AdoptedPlanError, AgreementIndicator, PlannedActivity
from core.http import attachment, int_or_none
from core.locking import saved
from core.rendering.engine import PDFUnavailable
from core.rendering.waiting import pdf_unavailable
from core.xlsx import xlsx_response
from organizations import access


def _to_plan(agreement_pk: int, anchor: str = ""):
    response = redirect("agreements:action_plan", agreement_pk=agreement_pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _refused_when_adopted(view):
    """A change asked of an adopted plan: back to the plan, which says why not."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AdoptedPlanError as error:
            if error.agreement_id is None:
                raise
            messages.error(request, str(error.args[0]))
            return _to_plan(error.agreement_id)

    return wrapped


@login_required
@require_GET
def action_plan_detail(request, agreement_pk):
    agreement = agreement_for(request, agreement_pk)
    plan = getattr(agreement, "action_plan", None)
    if plan is None:
        # No plan yet: the page offers to make one (a signed PK) or says why it cannot.
        return render(
            request,
            "agreements/action_plan_detail.html",
            {
                "agreement": agreement,
                "plan": None,
                "may_start": rules.can_start_action_plan.test(request.user, agreement),
            },
        )
    plan = action_plan_for(request, agreement_pk)
    return render(
        request,
        "agreements/action_plan_detail.html",
        {
            "agreement": plan.agreement,
            "plan": plan,
            "content": action_plan_content(plan=plan),
            "may": rules.action_plan_actions(request.user, plan),
            "pdf_url": reverse("agreements:action_plan_pdf", args=[plan.agreement_id]),
        },
    )


@login_required
@require_POST
def action_plan_create(request, agreement_pk):
    agreement = agreement_for(request, agreement_pk)
    access.check(
        request.user,
        agreement,
        read=rules.can_view_agreement,
        write=rules.can_start_action_plan,
    )
    try:
        services.action_plan_start(agreement=agreement, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Rencana Aksi %(year)s created. Give each indicator its triwulan targets and "
                "the activities that reach them."
            )
            % {"year": agreement.year},
        )
    return _to_plan(agreement.pk)


@login_required
@_refused_when_adopted
def quarter_targets(request, pk):
    indicator, plan = plan_part_for(request, AgreementIndicator, pk)
    if indicator.left_out:
        return _to_plan(plan.agreement_id)
    existing = {q.quarter: q for q in indicator.quarter_targets.filter(plan=plan)}
    form = QuarterTargetsForm(request.POST or None, indicator=indicator, quarters=existing)
    if request.method == "POST" and form.is_valid():
        try:
            total = services.quarter_targets_save(
                plan=plan, indicator=indicator, values=form.values(), user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Triwulan targets of “%(name)s” saved.") % {"name": indicator.name},
            )
            if total is not None and total.message():
                messages.warning(request, total.message())
            return _to_plan(plan.agreement_id, f"indikator-{indicator.pk}")
    return render(
        request,
        "agreements/quarter_targets_form.html",
        {"agreement": plan.agreement, "plan": plan, "indicator": indicator, "form": form},
    )


@login_required
@_refused_when_adopted
def activity_form(request, agreement_pk=None, pk=None):
    if pk:
        activity, plan = plan_part_for(request, PlannedActivity, pk)
    else:
        plan = action_plan_for(request, agreement_pk, write=True)
        activity = PlannedActivity(
            plan=plan, indicator_id=int_or_none(request.GET.get("indikator"))
        )
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        plan=plan,
        initial={"indicator": activity.indicator_id} if not pk else None,
    )
    if request.method == "POST" and saved(
        request,
        form,
        lambda: services.activity_save(
            activity=form.instance, version=form.cleaned_data["version"], user=request.user
        ),
    ):
        messages.success(
            request,
            _("Activity saved: %(name)s (%(schedule)s).")
            % {"name": form.instance.name, "schedule": form.instance.schedule_display},
        )
        return _to_plan(plan.agreement_id, f"indikator-{form.instance.indicator_id}")
    return render(
        request,
        "agreements/activity_form.html",
        {"agreement": plan.agreement, "plan": plan, "form": form, "activity": activity},
    )


@login_required
@require_POST
@_refused_when_adopted
def activity_delete(request, pk):
    activity, plan = plan_part_for(request, PlannedActivity, pk)
    services.activity_delete(activity=activity, user=request.user)
    messages.success(request, _("Activity removed."))
    return _to_plan(plan.agreement_id, f"indikator-{activity.indicator_id}")


@login_required
@require_POST
@_refused_when_adopted
def action_plan_adopt(request, agreement_pk):
    plan = action_plan_for(request, agreement_pk, write=True)  # an adopted one: says so
    access.check(
        request.user, plan, read=rules.can_view_action_plan, write=rules.can_adopt_action_plan
    )
    services.action_plan_adopt(plan=plan, user=request.user)
    messages.success(
        request,
        _(
            "Rencana Aksi %(year)s adopted: it can no longer be changed, and the quarters of "
            "the performance pages are measured against its targets."
        )
        % {"year": plan.agreement.year},
    )
    return _to_plan(plan.agreement_id)


@login_required
@require_GET
def action_plan_download(request, agreement_pk):
    plan = action_plan_for(request, agreement_pk)
    return xlsx_response(action_plan_xlsx(plan), action_plan_filename(plan))


@login_required
@require_GET
def action_plan_pdf(request, agreement_pk):
    """The Rencana Aksi as printed, shown (or downloaded with ?unduh=1)."""
    plan = action_plan_for(request, agreement_pk)
    try:
        pdf = printing.action_plan_render(plan)
    except PDFUnavailable:
        return pdf_unavailable(request)
    return attachment(
        pdf,
        "application/pdf",
        printing.action_plan_filename(plan),
        inline="unduh" not in request.GET,
    )
