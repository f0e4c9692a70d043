"""Writes for measuring: recording a realisasi, the steps of a reporting period, evidence, and
what is asked of a worker (the ranking's standings, the report's PDF). Each checks the
predicates of `performance.rules`; none touches the IKU document."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import WorkflowError
from core.formula import FormulaError, evaluate_formula
from core.jobs import TaskState, enqueue_on_commit, task_state
from core.locking import claim_version
from core.numbers import parse_number
from core.rendering.cache import content_key
from core.rendering.jobs import ask_once
from core.validators import EARLIEST_YEAR, LATEST_YEAR
from indicators.models import Indicator
from performance import evidence as files
from performance import rules
from performance.models import (
    Evidence,
    FiguresLockedError,
    PeriodTransition,
    Realisasi,
    ReportingPeriod,
    ReportRenderJob,
    StandingsJob,
    locking_period,
)
from performance.report import pdf as report_pdf
from performance.report.html import report_html
from performance.selectors import document_in_force, periods_of, reporting_number
from performance.tasks import compute_year_standings, refresh_standings, render_report


def period_for(unit, year: int, number: int) -> ReportingPeriod:
    period, _created = ReportingPeriod.objects.get_or_create(unit=unit, year=year, number=number)
    return period


def _check_may_record(period: ReportingPeriod, user) -> None:
    """The rule (`rules.can_record_figures`) asked once; when it refuses, the reason said: the
    period or its year is locked, or the user is not of the unit's staff."""
    if rules.can_record_figures.test(user, period):
        return
    if (locking := locking_period(period)) is not None:
        raise FiguresLockedError(period, locking)
    raise PermissionDenied(_("Only the unit's staff can record its figures."))


def computed_value(indicator: Indicator, parts: dict[str, str]) -> Decimal:
    """The realisasi computed from the values of the formula's named parts."""
    try:
        values = {name: parse_number(text) for name, text in parts.items()}
        return evaluate_formula(indicator.formula, values)
    except FormulaError as error:
        raise ValidationError(str(error)) from None


@transaction.atomic
def realisasi_save(
    *,
    indicator: Indicator,
    year: int,
    number: int,
    user,
    value: Decimal | None,
    parts: dict[str, str] | None = None,
    target=None,
    analysis: dict[str, str] | None = None,
    version: int | None,
) -> Realisasi:
    """Record (or change) the realisasi of an IKU for one of its periods. `parts` given: the
    value is computed from the formula. Refused when the reporting period is not open."""
    if year > timezone.localdate().year:
        raise ValidationError(
            _("%(year)s has not begun: its realisasi can be recorded from 1 January %(year)s.")
            % {"year": year}
        )
    document = document_in_force(indicator.document.unit, year)
    if document is None or document.pk != indicator.document_id:
        raise ValidationError(
            _("This IKU is not in the document in force for %(year)s.") % {"year": year}
        )
    kind, count = periods_of(indicator)
    if not 1 <= number <= count:
        raise ValidationError(_("This IKU has no such period."))
    period = period_for(document.unit, year, reporting_number(kind, number))
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    _check_may_record(period, user)
    figure = Realisasi.objects.filter(
        indicator_id=indicator.lineage_id, year=year, kind=kind, number=number
    ).first() or Realisasi(
        period=period, indicator_id=indicator.lineage_id, year=year, kind=kind, number=number
    )
    claim_version(figure, version)
    if parts:
        figure.parts = parts
        figure.value = computed_value(indicator, parts)
    else:
        figure.parts = {}
        figure.value = value
    figure.target_value = target.low if target else None
    figure.target_upper = target.high if target else None
    for name, text in (analysis or {}).items():
        setattr(figure, name, text)
    figure.period = period
    figure.updated_by = user
    figure.full_clean()
    figure.save()
    standings_refresh(document.unit_id, [year])
    return figure


def _step(period: ReportingPeriod, user, to_status: str, reason: str = "") -> ReportingPeriod:
    PeriodTransition.objects.create(
        period=period, from_status=period.status, to_status=to_status, user=user, reason=reason
    )
    period.status = to_status
    period.returned_reason = reason if to_status == ReportingPeriod.Status.DRAFT else ""
    period.version += 1
    period.save()
    return period


def _locked(period: ReportingPeriod) -> ReportingPeriod:
    return ReportingPeriod.objects.select_for_update().get(pk=period.pk)


@transaction.atomic
def period_submit(*, period: ReportingPeriod, user) -> ReportingPeriod:
    period = _locked(period)
    if not rules.can_submit_period.test(user, period):
        raise PermissionDenied(_("Only the unit's staff can submit figures that are open."))
    if not period.realisasi.exclude(value=None).exists():
        raise WorkflowError(_("There are no figures to submit yet."))
    return _step(period, user, ReportingPeriod.Status.SUBMITTED)


@transaction.atomic
def period_approve(*, period: ReportingPeriod, user) -> ReportingPeriod:
    period = _locked(period)
    if not rules.can_approve_period.test(user, period):
        raise PermissionDenied(_("Only the head of the unit approves submitted figures."))
    return _step(period, user, ReportingPeriod.Status.APPROVED)


@transaction.atomic
def period_return(*, period: ReportingPeriod, user, reason: str) -> ReportingPeriod:
    period = _locked(period)
    if not rules.can_return_period.test(user, period):
        raise PermissionDenied(_("Only the head of the unit returns submitted figures."))
    if not reason.strip():
        raise WorkflowError(_("Say why the figures are returned."))
    return _step(period, user, ReportingPeriod.Status.DRAFT, reason.strip())


@transaction.atomic
def period_reopen(*, period: ReportingPeriod, user, reason: str) -> ReportingPeriod:
    """Approved figures are locked; changing one reopens the period, with a reason."""
    period = _locked(period)
    if not rules.can_reopen_period.test(user, period):
        raise PermissionDenied(_("Only the head of the unit reopens approved figures."))
    if not reason.strip():
        raise WorkflowError(_("Say why the approved figures are reopened."))
    return _step(period, user, ReportingPeriod.Status.DRAFT, reason.strip())


def periods_reopen_for_revision(*, document, user) -> list[ReportingPeriod]:
    """A Perubahan just signed measures the years in which it is now the document in force:
    their approved figures are reopened for the head to approve again, with the reason shown
    on the page, the report and the ranking; never left approved against a version they were
    not approved under. (The years that had ended before it was signed keep their document.)"""
    if document.revises_id is None:
        return []
    years = [
        year
        for year in range(document.period_start, document.period_end + 1)
        if (in_force := document_in_force(document.unit, year)) and in_force.pk == document.pk
    ]
    reason = _(
        "Perubahan (revision %(n)s) signed: the year is now measured against it, so its "
        "approved figures were reopened for the head to approve again."
    ) % {"n": document.revision}
    reopened = []
    for period in ReportingPeriod.objects.select_for_update().filter(
        unit=document.unit, year__in=years, status=ReportingPeriod.Status.APPROVED
    ):
        reopened.append(_step(period, user, ReportingPeriod.Status.DRAFT, reason))
    return reopened


@transaction.atomic
def evidence_add(*, figure: Realisasi, upload, user) -> Evidence:
    period = _locked(figure.period)
    _check_may_record(period, user)
    content_type, extension = files.sniff(upload)
    total = (
        Evidence.objects.filter(realisasi__period=period).aggregate(total=Sum("size"))["total"] or 0
    )
    files.check_size(upload, total)
    item = Evidence(
        realisasi=figure,
        name=files.clean_name(upload.name, extension),
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
    item.file.save(item.name, upload, save=False)
    try:
        item.save()
    except Exception:
        item.file.storage.delete(item.file.name)  # nothing left behind
        raise
    return item


@transaction.atomic
def evidence_remove(*, item: Evidence, user) -> None:
    """Remove an evidence file while its period is open (kept in the history: who, when)."""
    period = _locked(item.realisasi.period)
    _check_may_record(period, user)
    name = item.file.name
    item._history_user = user
    item.delete()
    transaction.on_commit(lambda: item.file.storage.delete(name))  # the file once it is gone


# --- the ranking's kept standings, computed by a worker ---------------------------------


def standings_refresh(unit_id: int, years) -> None:
    """The unit's figures or its document in force changed: its standings for `years` are
    computed again by a worker once this transaction commits (the ranking shows the last kept
    standing until then)."""
    years = [year for year in years if EARLIEST_YEAR <= year <= LATEST_YEAR]
    if years:
        enqueue_on_commit(refresh_standings, [unit_id], years)


def standings_ask(*, year: int) -> StandingsJob:
    """The job that computes every unit's standing in `year`: finished (every standing kept),
    or asked of a worker, once however often the ranking is opened meanwhile (asked again when
    its worker died or it failed). Never computes a standing in the request."""
    job = StandingsJob.objects.filter(year=year).first()
    if job is not None and job.finished_at is not None:
        return job
    if job is not None and (
        job.stale or task_state(compute_year_standings, job.task_id) == TaskState.FAILED
    ):
        job.delete()
        job = None
    if job is None:
        try:
            with transaction.atomic():
                job = StandingsJob.objects.create(year=year)
                enqueue_on_commit(compute_year_standings, year, job=job, with_job_id=True)
        except IntegrityError:  # asked for by another request at the same moment
            job = StandingsJob.objects.get(year=year)
    return job


# --- the report's PDF, laid out by a worker ------------------------------------------------


def report_pdf_or_wait(unit, year: int):
    """The report's PDF if this content is rendered; otherwise a render is asked for (once
    per content) and a `core.rendering.jobs.Waiting` returned. Never lays out a page in the
    request."""
    key = content_key(report_html(unit, year))
    return ask_once(
        ReportRenderJob,
        {"unit": unit, "year": year, "key": key},
        render_report,
        (unit.pk, year),
        lambda: report_pdf.cached(unit.pk, key),
    )
