from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agreements.measuring import agreement_measured
from core.http import attachment, int_or_none
from core.locking import EditConflict
from core.numbers import format_number
from core.rendering.engine import PDFUnavailable
from core.rendering.jobs import Waiting
from core.rendering.waiting import pdf_unavailable, render_ready, render_wait, waited_for_download
from core.validators import EARLIEST_YEAR, LATEST_YEAR
from core.xlsx import CONTENT_TYPE as XLSX
from indicators.models import Indicator
from organizations import access
from organizations.models import OrganizationUnit
from organizations.selectors import units_for_user, units_user_may_pick
from performance import charts, rules, selectors, services
from performance.forms import RealisasiForm, ReasonForm
from performance.models import (
    Deadline,
    Evidence,
    Realisasi,
    ReportingPeriod,
    locking_period,
    period_label,
)
from performance.report.data import report_filename
from performance.report.xlsx import report_xlsx


def _unit_for(request, pk) -> OrganizationUnit:
    unit = get_object_or_404(OrganizationUnit, pk=pk)
    return access.check(request.user, unit, read=rules.can_view_figures)


def _int(value, default):
    number = int_or_none(value)
    return default if number is None else number


@login_required
@require_GET
def dashboard(request):
    """A unit's IKU for a year and reporting period: target, realisasi, capaian, predicate, and
    how each capaian was computed; the period's status and the steps it allows."""
    own = list(units_for_user(user=request.user))
    units = own or list(units_user_may_pick(user=request.user)[:200])
    unit_pk = _int(request.GET.get("unit"), units[0].pk if units else None)
    if unit_pk is None:
        return render(request, "performance/dashboard.html", {"units": []})
    unit = _unit_for(request, unit_pk)
    years = selectors.measured_years(unit)
    year = _int(request.GET.get("tahun"), selectors.opening_year(unit, years))
    if years and year not in years:
        year = years[0]
    number = _int(request.GET.get("periode"), 0)
    if number not in range(5):
        number = 0
    document, rows, periods = (None, [], {})
    agreement = plan = None
    if year:
        document, rows, periods = selectors.unit_year(unit, year, until=number or None)
        agreement = agreement_measured(unit, year) if document else None
        plan = getattr(agreement, "action_plan", None)
    period = periods.get(number) or ReportingPeriod(unit=unit, year=year or 0, number=number)
    deadline = Deadline.objects.filter(year=year, number=number).first() if year else None
    late = bool(document) and selectors.is_late(
        deadline,
        selectors.first_submissions([unit.pk], year, number).get(unit.pk) if deadline else None,
        timezone.localdate(),
    )
    chart = charts.capaian_bars([(r.indicator.name, r.result, r.band) for r in rows])
    trends = selectors.trends(unit, document, year, rows) if document and not number else {}
    for row in rows:
        row.trend = trends.get(row.lineage_id, "")
    return render(
        request,
        "performance/dashboard.html",
        {
            "chart": chart,
            "units": units,
            "unit": unit,
            "years": years,
            "year": year,
            "number": number,
            "choices": [(n, period_label(year, n)) for n in range(5)] if year else [],
            "document": document,
            "agreement": agreement,
            "plan_adopted": plan is not None and plan.is_frozen,
            "rows": rows,
            "period": period,
            "may": rules.period_actions(request.user, period),
            "locked_by": locking_period(period) if year else None,
            "transitions": period.transitions.select_related("user") if period.pk else [],
            "reason_form": ReasonForm(),
            "waiting": selectors.waiting_for(request.user),
            "deadline": deadline,
            "late": late,
        },
    )


def _in_force_indicator(request, pk, year) -> Indicator:
    indicator = get_object_or_404(Indicator.objects.select_related("document__unit"), pk=pk)
    access.check(request.user, indicator.document.unit, read=rules.can_view_figures)
    document = selectors.document_in_force(indicator.document.unit, year)
    if document is None or document.pk != indicator.document_id:
        raise Http404
    return indicator


def _save_figure(request, form, indicator, year, number):
    saved = services.realisasi_save(
        indicator=indicator,
        year=year,
        number=number,
        user=request.user,
        value=form.cleaned_data.get("value"),
        parts=form.parts(),
        target=form.own_target(),
        analysis=form.analysis(),
        version=form.cleaned_data.get("version"),
    )
    if form.cleaned_data.get("evidence"):
        services.evidence_add(figure=saved, upload=form.cleaned_data["evidence"], user=request.user)
    return saved


@login_required
def realisasi_edit(request, pk, year, number):
    indicator = _in_force_indicator(request, pk, year)
    unit = indicator.document.unit
    kind, count = selectors.periods_of(indicator)
    if not 1 <= number <= count:
        raise Http404
    figure = (
        Realisasi.objects.filter(
            indicator_id=indicator.lineage_id, year=year, kind=kind, number=number
        )
        .prefetch_related("evidence")
        .first()
    )
    period = selectors.period_or_new(unit, year, selectors.reporting_number(kind, number))
    may = rules.period_actions(request.user, period)
    if request.method == "POST" and not may["record"]:
        raise PermissionDenied
    # A triwulan with a target in the adopted Rencana Aksi is measured against it: no target
    # of its own is asked.
    plan_target = selectors.plan_quarter_target(indicator, year, number)
    form = RealisasiForm(
        request.POST or None,
        request.FILES or None,
        indicator=indicator,
        figure=figure,
        own_target=kind != Realisasi.Kind.YEAR and plan_target is None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the figure and its evidence, or neither
                saved = _save_figure(request, form, indicator, year, number)
        except EditConflict:
            messages.error(
                request,
                _("Someone else saved this figure while you were editing. Open it again."),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved.parts:
                messages.success(
                    request,
                    _("Realisasi saved: %(value)s, computed from the formula.")
                    % {"value": format_number(saved.value)},
                )
                typed = form.cleaned_data.get("value")
                if typed is not None and typed != saved.value:
                    messages.warning(
                        request,
                        _(
                            "The value typed in the Realisasi box (%(typed)s) was not used: "
                            "with “Computed from the formula” the realisasi is computed."
                        )
                        % {"typed": format_number(typed)},
                    )
            else:
                messages.success(
                    request,
                    _("Realisasi saved: %(value)s.") % {"value": format_number(saved.value) or "—"},
                )
            return redirect(
                reverse("performance:dashboard")
                + f"?unit={unit.pk}&tahun={year}&periode={period.number}"
            )
    label = (
        period_label(year, 0)
        if kind == Realisasi.Kind.YEAR
        else f"{dict(Realisasi.Kind.choices)[kind]} {number} · {year}"
    )
    return render(
        request,
        "performance/realisasi_form.html",
        {
            "indicator": indicator,
            "unit": unit,
            "year": year,
            "number": number,
            "label": label,
            "form": form,
            "plan_target": plan_target,
            "figure": figure,
            # In the formula's order (PostgreSQL's jsonb keeps keys in an order of its own).
            "working_parts": [(name, figure.parts.get(name, "—")) for name in form.names]
            if figure and figure.parts
            else [],
            "period": period,
            "may": may,
            "locked_by": locking_period(period),
        },
    )


@login_required
@require_POST
def period_step(request, pk, action):
    period = get_object_or_404(ReportingPeriod.objects.select_related("unit"), pk=pk)
    access.check(request.user, period.unit, read=rules.can_view_figures)
    reason = request.POST.get("reason", "")
    steps = {
        "ajukan": (
            lambda: services.period_submit(period=period, user=request.user),
            _("Submitted for approval."),
        ),
        "setujui": (
            lambda: services.period_approve(period=period, user=request.user),
            _("Approved: the figures are locked."),
        ),
        "kembalikan": (
            lambda: services.period_return(period=period, user=request.user, reason=reason),
            _("Returned to the staff."),
        ),
        "buka": (
            lambda: services.period_reopen(period=period, user=request.user, reason=reason),
            _("Reopened: the figures can be changed."),
        ),
    }
    if action not in steps:
        raise Http404
    step, done = steps[action]
    try:
        step()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(
        reverse("performance:dashboard")
        + f"?unit={period.unit_id}&tahun={period.year}&periode={period.number}"
    )


@login_required
@require_POST
def evidence_delete(request, pk):
    """Remove an evidence file from a figure whose period is open."""
    item = get_object_or_404(Evidence.objects.select_related("realisasi__period__unit"), pk=pk)
    figure = item.realisasi
    access.check(request.user, figure.period.unit, read=rules.can_view_figures)
    services.evidence_remove(item=item, user=request.user)
    messages.success(request, _("Evidence “%(name)s” removed.") % {"name": item.name})
    document = selectors.document_in_force(figure.period.unit, figure.year)
    indicator = (
        Indicator.objects.filter(document=document)
        .filter(Q(pk=figure.indicator_id) | Q(origin_id=figure.indicator_id))
        .first()
    )
    if indicator is None:
        return redirect(reverse("performance:dashboard") + f"?unit={figure.period.unit_id}")
    return redirect(
        "performance:realisasi_edit", pk=indicator.pk, year=figure.year, number=figure.number
    )


@login_required
@require_GET
def evidence_download(request, pk):
    """Evidence is served only as a download, with its checked type, to those who may see the
    unit: never shown inline, so an uploaded file cannot run as a page."""
    item = get_object_or_404(Evidence.objects.select_related("realisasi__period__unit"), pk=pk)
    access.check(request.user, item.realisasi.period.unit, read=rules.can_view_figures)
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_GET
def ranking(request):
    """All units a user oversees, ranked by average capaian or by completeness for a year, late
    ones marked."""
    this_year = timezone.localdate().year
    year = _int(request.GET.get("tahun"), this_year - 1)
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        year = this_year - 1
    # Standings are computed by a worker, never here: while they are, the page shows those
    # already kept and refreshes itself.
    job = services.standings_ask(year=year)
    standings = selectors.kept_standings(user=request.user, year=year)
    counts = selectors.standings_by_level(standings, user=request.user, job=job)
    level = selectors.ranking_level(counts, request.GET.get("tingkat", ""))
    query = request.GET.get("q", "").strip()[:100]
    order = request.GET.get("urutan", "capaian")
    page = selectors.ranking_page(
        standings,
        counts=counts,
        level=level,
        query=query,
        order=order,
        number=request.GET.get("page"),
        year=year,
        today=timezone.localdate(),
    )
    return render(
        request,
        "performance/ranking.html",
        {
            "page": page,
            "computing": job.finished_at is None,
            "year": year,
            "years": range(this_year + 1, this_year - 8, -1),
            "query": query,
            "level": level,
            "order": order,
            "start": page.start_index(),
            "dashboard_url": reverse("performance:dashboard"),
        },
    )


@login_required
@require_GET
def report_download(request, unit_pk, year, fmt):
    """The Pengukuran Kinerja report of a unit for a year, as PDF or .xlsx. It only reads (and
    asks a worker once per content): like every GET it takes no transaction for the request, so
    a render asked for commits at once and the worker can start on it."""
    unit = _unit_for(request, unit_pk)
    if year not in selectors.measured_years(unit):
        raise Http404  # no signed document of the unit covers that year: nothing to report
    if fmt == "pdf":
        try:
            rendered = services.report_pdf_or_wait(unit, year)
        except PDFUnavailable:
            return pdf_unavailable(request)
        subject = _("Performance measurement %(year)s · %(unit)s") % {
            "year": year,
            "unit": unit.name,
        }
        back_url = f"{reverse('performance:dashboard')}?unit={unit.pk}&tahun={year}"
        if isinstance(rendered, Waiting):
            # Laid out by a worker, never in the request: this page waits for it.
            return render_wait(request, rendered, subject=subject, back_url=back_url, download=True)
        if waited_for_download(request):
            return render_ready(request, subject=subject, back_url=back_url)
        content, content_type = rendered.pdf, "application/pdf"
    elif fmt == "xlsx":
        content, content_type = report_xlsx(unit, year), XLSX
    else:
        raise Http404
    return attachment(content, content_type, report_filename(unit, year, fmt))
