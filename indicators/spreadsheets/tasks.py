"""The export task (Django's tasks API): it fetches its job and calls the archive service."""

from django_tasks import task

from indicators.models import ExportJob
from indicators.spreadsheets.archive import signed_zip_run


@task()
def export_signed_zip(job_id: int) -> int:
    """Every signed document of the job's unit and the units under it, as one ZIP."""
    return signed_zip_run(job=ExportJob.objects.select_related("unit").get(pk=job_id))
