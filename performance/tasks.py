"""Work done off the request (Django's tasks API, as in indicators.tasks)."""

from django_tasks import task


@task()
def render_report(unit_id: int, year: int) -> str:
    """Render a unit's Pengukuran Kinerja report for `year` as PDF into storage; its key."""
    from organizations.models import OrganizationUnit

    from . import report

    unit = OrganizationUnit.objects.get(pk=unit_id)
    return report.render_report_pdf(unit, year).key
