"""Jobs whose worker died: a signing or an export not heard of for the lease is failed with
the reason (core.jobs.Job.stale) and the files its attempt left are removed, so that it can
be asked again. Asked wherever such a job is looked at."""

from django.utils.translation import gettext as _

from indicators.models import ExportJob, IKUDocument, ImportBatch, SigningJob
from indicators.signed_files import remove_attempt_files, remove_unsigned_files


def signing_in_progress(document: IKUDocument) -> SigningJob | None:
    """The document's signing job, failed first if its worker died."""
    job = SigningJob.objects.filter(document=document).first()
    if job is not None and not job.error and job.stale:
        job.error = _("The worker that was signing stopped (it was ended, or ran out of memory).")
        # Credentials typed for it (BSrE) are wiped with it: the dead worker never read them.
        if SigningJob.objects.filter(pk=job.pk, error="").update(error=job.error, secret=b""):
            # Its own files, whenever it wrote them; then any older leftover of the unit.
            remove_attempt_files(document.unit_id, job.code)
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


def import_settled(batch: ImportBatch) -> ImportBatch:
    """An import whose worker died (reading or applying) is failed with the reason; the page
    offers to ask again (an apply is all or nothing: nothing of it was kept)."""
    if not batch.error and not batch.document_id and batch.stale:
        batch.error = _(
            "The worker handling this file stopped (it was ended, or ran out of memory). "
            "Nothing was created; try again."
        )
        ImportBatch.objects.filter(pk=batch.pk, error="").update(error=batch.error)
    return batch


def import_may_retry(batch: ImportBatch) -> bool:
    """Failed because its worker stopped (a finished step keeps no sign of life): asking again
    may succeed. A file that could not be read or applied is the user's to correct."""
    return bool(batch.error) and batch.heartbeat_at is not None and not batch.document_id
