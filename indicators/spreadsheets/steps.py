"""The worker's part of an import: read the uploaded spreadsheet (again after each column
mapping), or apply its reading, all or nothing, as a new draft document."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.errors import WorkflowError
from core.jobs import heartbeat
from core.numbers import NOT_AVAILABLE, bounds
from indicators.models import (
    Goal,
    GoalIndicator,
    IKUDocument,
    ImportBatch,
    Indicator,
    StrategicTarget,
    YearlyTarget,
)
from indicators.spreadsheets.importing import (
    INDICATOR_FIELDS,
    UnreadableFile,
    read,
    reading_from_json,
    reading_to_json,
)
from indicators.tree.services import document_create
from organizations import access


def import_step_run(*, batch: ImportBatch) -> str:
    """The worker's part: read the batch's file, or apply its reading when that was asked.
    A file that cannot be read, or a reading the database refuses, is kept on the batch as the
    reason the user reads; nothing half-made is left."""
    if batch.document_id or batch.error:
        return "nothing to do"
    with translation.override(batch.language or None), heartbeat(batch):
        outcome = _read_step(batch) if batch.apply_asked_at is None else _apply_step(batch)
    # Finished: no sign of life kept, so that a failure shown later is the file's, not a
    # stopped worker's (import_may_retry).
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=None)
    return outcome


def _read_step(batch) -> str:
    with batch.file.open("rb") as stored:
        content = stored.read()
    try:
        reading = read(
            batch.name,
            content,
            mapping=batch.mapping,
            period=(batch.period_start, batch.period_end),
        )
    except UnreadableFile as error:
        ImportBatch.objects.filter(pk=batch.pk).update(error=" ".join(error.messages))
        return "unreadable"
    ImportBatch.objects.filter(pk=batch.pk).update(reading=reading_to_json(reading))
    return "read"


def _apply_step(batch) -> str:
    try:
        import_apply(batch=batch, reading=reading_from_json(batch.reading), user=batch.user)
    except (ValidationError, WorkflowError) as error:
        ImportBatch.objects.filter(pk=batch.pk).update(error=" ".join(error.messages))
        return "refused"
    return "applied"


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
    goals, targets, orders, codes = {}, {}, {}, {}
    indicators, yearly = [], []
    for item in reading.items:
        goal = None
        if item.goal:
            goal = goals.get(item.goal)
            if goal is None:
                goal = goals[item.goal] = Goal.objects.create(
                    document=document,
                    order=len(goals),
                    code=item.fields.get("goal_code", ""),
                    text=item.goal,
                )
                GoalIndicator.objects.bulk_create(
                    GoalIndicator(goal=goal, order=n, text=text)
                    for n, text in enumerate(item.goal_indicators)
                )
        key = (item.goal, item.target)
        target = targets.get(key)
        if target is None:
            target = targets[key] = StrategicTarget.objects.create(
                document=document,
                goal=goal,
                order=len(targets),
                code=item.fields.get("target_code", ""),
                text=item.target,
            )
        orders[key] = orders.get(key, -1) + 1
        fields = {k: v for k, v in item.fields.items() if k in INDICATOR_FIELDS}
        indicator = Indicator(
            document=document, strategic_target=target, order=orders[key], **fields
        )
        if item.baseline is NOT_AVAILABLE:
            indicator.baseline_not_available = True
            indicator.baseline_not_available_text = item.fields.get("baseline_as_typed", "")
        elif item.baseline is not None:
            indicator.baseline_value = item.baseline
        # Every field checked here, row by row, to name the row; the parents were just made,
        # and the one constraint (a code used once) is checked in memory.
        try:
            indicator.full_clean(
                exclude=["document", "strategic_target", "origin"], validate_constraints=False
            )
            if indicator.code and indicator.code in codes:
                raise ValidationError(
                    _("The code “%(code)s” is already used on row %(row)s.")
                    % {"code": indicator.code, "row": codes[indicator.code]}
                )
        except ValidationError as error:
            raise ValidationError(
                _("Row %(row)s: %(problem)s")
                % {"row": item.row, "problem": " ".join(error.messages)}
            ) from None
        codes.setdefault(indicator.code, item.row)
        indicators.append(indicator)
        yearly.append(sorted((year, bounds(value)) for year, value in item.targets.items()))
    # Written in bulk (the frozen guard checks the new draft once per batch), with history.
    bulk_create_with_history(indicators, Indicator, batch_size=500, default_user=user)
    YearlyTarget.objects.bulk_create(
        (
            YearlyTarget(indicator=indicator, year=year, value=low, value_upper=upper)
            for indicator, targets_of in zip(indicators, yearly, strict=True)
            for year, (low, upper) in targets_of
        ),
        batch_size=1000,
    )
    ImportBatch.objects.filter(pk=batch.pk).update(document=document)
    return document
