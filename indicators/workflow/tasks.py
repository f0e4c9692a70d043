"""The signing task (Django's tasks API): it fetches its job and calls the signing service.
(Task paths moved in this release: drain the queue before upgrading, see the README.)"""

from django_tasks import task

from indicators.models import SigningJob
from indicators.workflow.signing import signing_run


@task()
def sign_document(job_id: int) -> str:
    """Sign as asked (a SigningJob): render and store the signed PDFs, freeze the document."""
    job = SigningJob.objects.select_related("document", "user").get(pk=job_id)
    return signing_run(job=job).code
