"""Spreadsheet work with rules: an uploaded spreadsheet read and applied as a new draft by a
worker (the request only stores the file), a ZIP of signed documents asked of a worker."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import WorkflowError
from core.jobs import enqueue_on_commit
from indicators.models import ExportJob, IKUDocument, ImportBatch
from indicators.spreadsheets.importing import precheck, reading_from_json
from indicators.spreadsheets.tasks import export_signed_zip, import_step
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
def import_upload(
    *, user, unit, period_start, period_end, title, name, content, language
) -> ImportBatch:
    """Keep an uploaded spreadsheet and ask a worker to read it. What can be told without
    reading it (its size, kind, unpacked size) is refused at once (UnreadableFile)."""
    if not access.can_edit_unit.test(user, unit):
        raise PermissionDenied
    precheck(name, content)
    if IKUDocument.objects.filter(
        unit=unit, period_start=period_start, period_end=period_end, revision=0
    ).exists():
        raise ValidationError(
            {
                "period_start": _(
                    "%(unit)s already has a document for %(start)s–%(end)s: import into "
                    "another period, or change that document (or start its Perubahan)."
                )
                % {"unit": unit, "start": period_start, "end": period_end}
            }
        )
    batch = ImportBatch(
        user=user,
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        title=title,
        name=name[:200],
        language=language or "",
    )
    batch.file.save("upload.bin", ContentFile(content), save=False)
    batch.save()
    enqueue_on_commit(import_step, batch.pk, job=batch)
    return batch


@transaction.atomic
def import_map(*, batch, mapping: dict) -> None:
    """The user said what the unknown columns hold: the file is read again with it."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        mapping={**batch.mapping, **mapping}, reading=None, error="", heartbeat_at=None
    )
    enqueue_on_commit(import_step, batch.pk, job=batch)


@transaction.atomic
def import_apply_start(*, batch, user) -> None:
    """Ask a worker to apply a reading without problems (once, however often asked)."""
    if not access.can_edit_unit.test(user, batch.unit):
        raise WorkflowError(_("Only the unit's staff can import its documents."))
    reading = reading_from_json(batch.reading or {})
    if reading.problems or reading.unknown:
        raise ValidationError(_("The file still has problems; fix them and upload it again."))
    if ImportBatch.objects.filter(pk=batch.pk, apply_asked_at__isnull=True).update(
        apply_asked_at=timezone.now()
    ):
        enqueue_on_commit(import_step, batch.pk, job=batch)


@transaction.atomic
def import_retry(*, batch) -> None:
    """Ask a worker again for the step whose worker stopped (reading and applying can both be
    done again: an apply is all or nothing)."""
    ImportBatch.objects.filter(pk=batch.pk, document=None).update(error="", heartbeat_at=None)
    enqueue_on_commit(import_step, batch.pk, job=batch)
