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
