"""The printing task (Django's tasks API): it fetches its document and calls the renderer."""

from django_tasks import task

from core.jobs import beating
from indicators.models import IKUDocument, RenderJob
from indicators.printing import renders


@task()
def render_document(document_id: int, manual: bool, job_id: int | None = None) -> str:
    """Render a document's PDF (or its Manual IKU) into the render cache; returns its key."""
    document = IKUDocument.objects.get(pk=document_id)
    with beating(RenderJob, job_id):
        return renders.document_render(document, manual=manual).key
