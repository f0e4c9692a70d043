"""Every signed document (PDF and Manual IKU, as signed) of a unit and the units under it, as
one ZIP in storage, made by a worker with its progress kept on the ExportJob."""

import tempfile
import zipfile

from django.core.files import File
from django.utils import timezone
from django.utils.text import slugify

from core.jobs import heartbeat
from indicators.models import ExportJob, SignedVersion
from indicators.signed_files import read_signed
from organizations.models import OrganizationUnit


def signed_zip_run(*, job: ExportJob) -> int:
    """Write the job's ZIP; the number of signed versions in it. A failure is kept on the job."""
    unit = job.unit
    versions = list(
        SignedVersion.objects.filter(document__unit__in=OrganizationUnit.objects.within([unit]))
        .select_related("document__unit")
        .order_by("document__unit__name", "document__period_start", "document__revision")
    )
    ExportJob.objects.filter(pk=job.pk).update(total=len(versions))
    try:
        with heartbeat(job), tempfile.TemporaryFile() as buffer:
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for done, version in enumerate(versions, start=1):
                    document = version.document
                    folder = slugify(document.unit.short_name or document.unit.name)[:60]
                    stem = f"{folder}/iku-{document.period}-rev{document.revision}-{version.code}"
                    archive.writestr(f"{stem}.pdf", read_signed(version))
                    if version.manual_pdf:
                        archive.writestr(f"{stem}-manual.pdf", read_signed(version, manual=True))
                    if done % 10 == 0 or done == len(versions):
                        ExportJob.objects.filter(pk=job.pk).update(done=done)
            buffer.seek(0)
            name = f"dokumen-iku-{slugify(unit.short_name or unit.name)[:60]}.zip"
            job.refresh_from_db()
            job.file.save(name, File(buffer), save=False)
            job.finished_at = timezone.now()
            job.save(update_fields=["file", "finished_at"])
    except Exception as error:
        ExportJob.objects.filter(pk=job.pk).update(
            error=str(error)[:2000] or type(error).__name__, finished_at=timezone.now()
        )
        raise
    return len(versions)
