"""The spreadsheet tasks (Django's tasks API): each fetches its row and calls a service."""

from django_tasks import task

from indicators.models import ExportJob, ImportBatch
from indicators.spreadsheets.archive import signed_zip_run
from indicators.spreadsheets.steps import import_step_run


@task()
def export_signed_zip(job_id: int) -> int:
    """Every signed document of the job's unit and the units under it, as one ZIP."""
    return signed_zip_run(job=ExportJob.objects.select_related("unit").get(pk=job_id))


@task()
def import_step(batch_id: int) -> str:
    """Read an uploaded spreadsheet, or apply its reading when the user asked."""
    batch = ImportBatch.objects.select_related("unit", "user").get(pk=batch_id)
    return import_step_run(batch=batch)
