"""The report's task (Django's tasks API): it fetches its unit and calls the renderer.
(Task paths are kept by the queue: drain it before upgrading, see the README.)"""

from django_tasks import task

from core.jobs import beating
from organizations.models import OrganizationUnit
from performance.models import ReportRenderJob
from performance.report.pdf import render_report_pdf


@task()
def render_report(unit_id: int, year: int, job_id: int | None = None) -> str:
    """Render a unit's Pengukuran Kinerja report for `year` as PDF into storage; its key."""
    with beating(ReportRenderJob, job_id):
        return render_report_pdf(OrganizationUnit.objects.get(pk=unit_id), year).key
