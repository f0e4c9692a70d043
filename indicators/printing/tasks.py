"""The printing task (Django's tasks API): it fetches its document and calls the renderer."""

from django_tasks import task

from indicators.models import IKUDocument
from indicators.printing import renders


@task()
def render_document(document_id: int, manual: bool) -> str:
    """Render a document's PDF (or its Manual IKU) into the render cache; returns its key."""
    document = IKUDocument.objects.get(pk=document_id)
    return renders.document_render(document, manual=manual).key
