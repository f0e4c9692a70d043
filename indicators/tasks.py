"""Work done off the request, through Django's tasks API (django-tasks; the database backend by
default, so `make run` needs nothing more; another backend, e.g. RQ, by settings alone)."""

from django_tasks import task


@task()
def render_document(document_id: int, manual: bool) -> str:
    """Render a document's PDF (or its Manual IKU) into the render cache; returns its key."""
    from . import render_cache
    from .models import IKUDocument

    document = IKUDocument.objects.get(pk=document_id)
    return render_cache.document_render(document, manual=manual).key


def verification_url(code: str) -> str:
    """The public verification page a signed PDF's QR code leads to."""
    from django.conf import settings
    from django.urls import reverse

    return settings.PORTAL_BASE_URL + reverse("indicators:verify", args=[code])


@task()
def sign_document(job_id: int) -> str:
    """Sign as asked (a SigningJob): render and store the signed PDFs, freeze the document.
    A failure is recorded on the job, which stays for the page to show; success removes it."""
    from django.db import transaction

    from . import services
    from .models import SigningJob

    job = SigningJob.objects.select_related("document", "user").get(pk=job_id)
    try:
        with transaction.atomic():
            version = services.document_sign(
                document=job.document, user=job.user, verification_url=verification_url
            )
            SigningJob.objects.filter(pk=job.pk).delete()
    except Exception as error:
        SigningJob.objects.filter(pk=job.pk).update(error=str(error)[:2000] or type(error).__name__)
        raise
    return version.code


@task()
def export_signed_zip(job_id: int) -> int:
    """Every signed document (PDF and Manual IKU, as signed) of the job's unit and the units
    under it, as one ZIP in storage; the job's progress is updated as it goes."""
    import tempfile
    import zipfile

    from django.core.files import File
    from django.db.models import Q
    from django.utils import timezone
    from django.utils.text import slugify

    from .models import ExportJob, SignedVersion
    from .signed_files import read_signed

    job = ExportJob.objects.select_related("unit").get(pk=job_id)
    unit = job.unit
    versions = list(
        SignedVersion.objects.filter(
            Q(document__unit=unit)
            | Q(document__unit__parent=unit)
            | Q(document__unit__parent__parent=unit)
        )
        .select_related("document__unit")
        .order_by("document__unit__name", "document__period_start", "document__revision")
    )
    ExportJob.objects.filter(pk=job.pk).update(total=len(versions))
    try:
        with tempfile.TemporaryFile() as buffer:
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
