"""Spreadsheet work with rules: a read spreadsheet applied as a new draft, a ZIP of signed
documents asked of a worker."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import WorkflowError
from core.jobs import enqueue_on_commit
from core.numbers import NOT_AVAILABLE, bounds
from indicators.models import (
    ExportJob,
    Goal,
    GoalIndicator,
    IKUDocument,
    ImportBatch,
    Indicator,
    StrategicTarget,
    YearlyTarget,
)
from indicators.spreadsheets.importing import INDICATOR_FIELDS
from indicators.spreadsheets.tasks import export_signed_zip
from indicators.tree.services import document_create
from organizations import access


@transaction.atomic
def signed_zip_start(*, unit, user) -> ExportJob:
    """Ask a worker for the ZIP of every signed document of `unit` and the units under it."""
    if not access.can_view_unit.test(user, unit):
        raise PermissionDenied
    job = ExportJob.objects.create(user=user, unit=unit)
    enqueue_on_commit(export_signed_zip, job.pk, job=job)
    return job


@transaction.atomic
def import_apply(*, batch, reading, user) -> IKUDocument:
    """The read spreadsheet as a new draft document of the batch's unit: all or nothing (any
    row the database refuses undoes everything, and says which row)."""
    if reading.problems or reading.unknown:
        raise ValidationError(_("The file still has problems; fix them and upload it again."))
    if not access.can_edit_unit.test(user, batch.unit):
        raise WorkflowError(_("Only the unit's staff can import its documents."))
    document = IKUDocument(
        unit=batch.unit,
        period_start=batch.period_start,
        period_end=batch.period_end,
        title=batch.title,
    )
    document_create(document=document, user=user)
    goals, targets, orders = {}, {}, {}
    for item in reading.items:
        goal = None
        if item.goal:
            goal = goals.get(item.goal)
            if goal is None:
                goal = goals[item.goal] = Goal.objects.create(
                    document=document, order=len(goals), text=item.goal
                )
                GoalIndicator.objects.bulk_create(
                    GoalIndicator(goal=goal, order=n, text=text)
                    for n, text in enumerate(item.goal_indicators)
                )
        key = (item.goal, item.target)
        target = targets.get(key)
        if target is None:
            target = targets[key] = StrategicTarget.objects.create(
                document=document, goal=goal, order=len(targets), text=item.target
            )
        orders[key] = orders.get(key, -1) + 1
        fields = {k: v for k, v in item.fields.items() if k in INDICATOR_FIELDS}
        indicator = Indicator(
            document=document, strategic_target=target, order=orders[key], **fields
        )
        if item.baseline is NOT_AVAILABLE:
            indicator.baseline_not_available = True
        elif item.baseline is not None:
            indicator.baseline_value = item.baseline
        try:
            indicator.full_clean()
        except ValidationError as error:
            raise ValidationError(
                _("Row %(row)s: %(problem)s")
                % {"row": item.row, "problem": " ".join(error.messages)}
            ) from None
        indicator.save()
        YearlyTarget.objects.bulk_create(
            YearlyTarget(indicator=indicator, year=year, value=low, value_upper=upper)
            for year, (low, upper) in sorted(
                (year, bounds(value)) for year, value in item.targets.items()
            )
        )
    ImportBatch.objects.filter(pk=batch.pk).update(document=document)
    return document
