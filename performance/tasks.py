"""The tasks of performance (Django's tasks API): each fetches its rows and calls the module that
does the work. (Task paths are kept by the queue: drain it before upgrading, see the README.)"""

from django_tasks import task

from core.jobs import beating
from organizations.models import OrganizationUnit
from performance.models import ReportRenderJob, StandingsJob
from performance.report.pdf import render_report_pdf
from performance.standings import standings_compute_year, standings_refresh_run


@task()
def render_report(unit_id: int, year: int, job_id: int | None = None) -> str:
    """Render a unit's Pengukuran Kinerja report for `year` as PDF into storage; its key."""
    with beating(ReportRenderJob, job_id):
        return render_report_pdf(OrganizationUnit.objects.get(pk=unit_id), year).key


@task()
def compute_year_standings(year: int, job_id: int | None = None) -> int:
    """Every unit's standing in `year`, for the ranking; how many were kept."""
    with beating(StandingsJob, job_id):
        return standings_compute_year(year=year, job_id=job_id)


@task()
def refresh_standings(unit_ids: list[int], years: list[int]) -> int:
    """The standings of some units in some years again (their figures or document changed)."""
    return standings_refresh_run(unit_ids=unit_ids, years=years)
