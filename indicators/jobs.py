"""Jobs whose worker died: a signing or an export not heard of for the lease is failed with
the reason (core.jobs.Job.stale) and the files its attempt left are removed, so that it can
be asked again. Asked wherever such a job is looked at."""

from django.utils.translation import gettext as _

from indicators.models import ExportJob, IKUDocument, SigningJob
from indicators.signed_files import remove_unsigned_files


def signing_in_progress(document: IKUDocument) -> SigningJob | None:
    """The document's signing job, failed first if its worker died."""
    job = SigningJob.objects.filter(document=document).first()
    if job is not None and not job.error and job.stale:
        job.error = _(
            "The worker that was signing stopped (it was ended, or ran out of memory). "
            "Nothing was signed; sign again."
        )
        SigningJob.objects.filter(pk=job.pk, error="").update(error=job.error)
        remove_unsigned_files(document.unit_id)
    return job


def export_settled(job: ExportJob) -> ExportJob:
    """An export whose worker died is failed with the reason (the page offers to ask again)."""
    if not job.error and not job.file and job.stale:
        job.error = _(
            "The worker making this file stopped (it was ended, or ran out of memory). "
            "Ask for the file again."
        )
        ExportJob.objects.filter(pk=job.pk, error="").update(error=job.error)
    return job
