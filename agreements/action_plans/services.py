"""Writes on a Rencana Aksi that carry rules: starting it for a signed PK, the triwulan
targets of an indicator (the kumulatif sum rule of `quarters`), its activities, adopting it.
Each asks `agreements.rules`; none speaks HTTP."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import rules
from agreements.action_plans.quarters import QuarterSum, quarter_sum
from agreements.models import (
    ActionPlan,
    AdoptedPlanError,
    AgreementIndicator,
    PerformanceAgreement,
    PlannedActivity,
    QuarterlyTarget,
)
from core.locking import claim_version
from core.numbers import Range, bounds


def _locked_plan(plan: ActionPlan, user, rule) -> ActionPlan:
    """The plan as stored, locked for this transaction, and the rule asked of it then: two
    people saving at once see the same status."""
    stored = ActionPlan.objects.select_for_update().select_related("agreement").get(pk=plan.pk)
    if stored.is_frozen:
        raise AdoptedPlanError(stored.agreement_id)
    if not rule.test(user, stored):
        raise PermissionDenied(
            _("Only a draft Rencana Aksi of a signed Perjanjian Kinerja can be changed.")
        )
    return stored


@transaction.atomic
def action_plan_start(*, agreement: PerformanceAgreement, user) -> ActionPlan:
    """The Rencana Aksi of a signed PK, empty, as a draft."""
    if not rules.can_start_action_plan.test(user, agreement):
        raise PermissionDenied(_("A Rencana Aksi is made for a signed Perjanjian Kinerja."))
    plan = ActionPlan(agreement=agreement, created_by=user)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:  # made by someone else a moment ago
        raise ValidationError(
            _("This Perjanjian Kinerja already has its Rencana Aksi."), code="exists"
        ) from None
    return plan


@transaction.atomic
def quarter_targets_save(
    *,
    plan: ActionPlan,
    indicator: AgreementIndicator,
    values: "dict[int, Decimal | Range | None]",
    user,
) -> QuarterSum | None:
    """Keep the triwulan targets of one indicator ({1–4: value, None to clear}). For a
    kumulatif IKU, quarters adding up to more than the year's target are refused and nothing
    is saved; the sum against the year is returned, for the page to say whether it falls
    short."""
    plan = _locked_plan(plan, user, rules.can_edit_action_plan)
    if indicator.agreement_id != plan.agreement_id:
        raise ValidationError(_("The indicator must belong to the plan's PK."))
    given = {q: bounds(v) for q, v in values.items() if v is not None}
    total = quarter_sum(indicator, given)
    if total is not None and total.exceeds:
        raise ValidationError(total.message(), code="exceeds")
    QuarterlyTarget.objects.filter(plan=plan, indicator=indicator).delete()
    rows = []
    for quarter, (value, upper) in sorted(given.items()):
        row = QuarterlyTarget(
            plan=plan, indicator=indicator, quarter=quarter, value=value, value_upper=upper
        )
        row.full_clean()
        rows.append(row)
    QuarterlyTarget.objects.bulk_create(rows)
    return total


@transaction.atomic
def activity_save(*, activity: PlannedActivity, version: int | None, user) -> PlannedActivity:
    """Save an activity if nobody saved it since `version`."""
    activity.plan = _locked_plan(activity.plan, user, rules.can_edit_action_plan)
    claim_version(activity, version)
    if activity.pk is None:
        last = PlannedActivity.objects.filter(
            plan=activity.plan, indicator_id=activity.indicator_id
        ).aggregate(m=Max("order"))["m"]
        activity.order = (last or 0) + 1
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_delete(*, activity: PlannedActivity, user) -> None:
    _locked_plan(activity.plan, user, rules.can_edit_action_plan)
    activity.delete()


@transaction.atomic
def action_plan_adopt(*, plan: ActionPlan, user) -> ActionPlan:
    """The kepala adopts the plan: read-only from now on, and measured against."""
    plan = _locked_plan(plan, user, rules.can_adopt_action_plan)
    plan.status = ActionPlan.Status.ADOPTED
    plan.adopted_by, plan.adopted_at = user, timezone.now()
    plan.save(update_fields=["status", "adopted_by", "adopted_at"])
    return plan
