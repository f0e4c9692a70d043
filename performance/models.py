"""Realisasi: what each IKU achieved, per year and per triwulan, semester or month; the approval
of a unit's figures per reporting period; the evidence behind them.

A reporting period of a unit is a year (number 0: the yearly figures) or one of its four
triwulan (1–4). A realisasi belongs to the reporting period its own period ends in: a monthly
figure for May to triwulan II, the first semester to triwulan II, a yearly figure to the year.
Staf submit a reporting period, the kepala approves or returns it; approved figures are locked,
and reopening them needs a reason, kept with every other step.

Realisasi hang on an IKU's lineage (its first version, `Indicator.origin`), so that a
Perubahan of the document keeps them; nothing here ever changes the signed document.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.jobs import Job
from core.validators import plausible_date
from indicators.models import Indicator
from organizations.models import OrganizationUnit


class ReportingPeriod(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being filled in")
        SUBMITTED = "submitted", _("Awaiting approval")
        APPROVED = "approved", _("Approved")

    unit = models.ForeignKey(
        OrganizationUnit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="reporting_periods",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(
        _("period"), help_text=_("0 for the year's figures, 1–4 for triwulan I–IV.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    returned_reason = models.TextField(_("reason for return"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["unit", "-year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "number"], name="reporting_period_once_per_unit"
            ),
            models.CheckConstraint(
                condition=models.Q(number__lte=4), name="reporting_period_number_0_to_4"
            ),
        ]
        indexes = [models.Index(fields=["status", "year"])]

    def __str__(self):
        return f"{self.unit} {self.label}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def was_reopened(self) -> bool:
        """Open again after an approval (reopened), rather than returned after a submission."""
        last = self.transitions.order_by("-created_at", "-id").first()
        return last is not None and last.from_status == self.Status.APPROVED

    @property
    def label(self) -> str:
        return period_label(self.year, self.number)

    @property
    def locked(self) -> bool:
        return self.status != self.Status.DRAFT


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_label(year: int, number: int) -> str:
    if number == 0:
        return _("Year %(year)s") % {"year": year}
    return _("Quarter %(roman)s %(year)s") % {"roman": ROMAN[number], "year": year}


class FiguresLockedError(PermissionDenied):
    """Figures of a period that is not open (submitted or approved), or of a period whose year
    is not open, were about to change: an approved year locks everything under it."""

    def __init__(self, period: "ReportingPeriod", locking: "ReportingPeriod"):
        if locking.pk == period.pk or locking.number == period.number:
            message = _("The figures of %(period)s are %(status)s: they cannot be changed now.")
        else:
            message = _(
                "%(period)s is %(status)s: its figures, its quarters' included, cannot be "
                "changed now. The head reopens it, with a reason, to change one."
            )
        super().__init__(
            message % {"period": locking.label, "status": locking.get_status_display().lower()}
        )


def locking_period(period: "ReportingPeriod") -> "ReportingPeriod | None":
    """The period that keeps `period`'s figures from changing: the period itself when it is
    not open, else its year when the year is not open; None when they may change."""
    if period.status != ReportingPeriod.Status.DRAFT:
        return period
    if period.number == 0:
        return None
    year = (
        ReportingPeriod.objects.filter(unit_id=period.unit_id, year=period.year, number=0)
        .exclude(status=ReportingPeriod.Status.DRAFT)
        .first()
    )
    return year


def check_figures_open(period_id: int) -> None:
    """The guard below the services: refuse a change to figures of a locked period."""
    period = ReportingPeriod.objects.get(pk=period_id)
    locking = locking_period(period)
    if locking is not None:
        raise FiguresLockedError(period, locking)


class PeriodTransition(models.Model):
    """One step of a reporting period: submitted, approved, returned or reopened, by whom,
    when, and why. Kept for good."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(_("from"), max_length=10, choices=ReportingPeriod.Status.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=ReportingPeriod.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reporting period step")
        verbose_name_plural = _("reporting period steps")
        ordering = ["period_id", "created_at", "id"]

    def __str__(self):
        return f"{self.period_id}: {self.from_status} → {self.to_status}"

    @property
    def step_label(self) -> str:
        """The step as the page names it: submitted, approved, returned (from submitted) or
        reopened (from approved)."""
        if self.to_status == ReportingPeriod.Status.SUBMITTED:
            return _("Submitted")
        if self.to_status == ReportingPeriod.Status.APPROVED:
            return _("Approved")
        if self.from_status == ReportingPeriod.Status.APPROVED:
            return _("Reopened")
        return _("Returned")


class Realisasi(models.Model):
    """The realisasi of one IKU (by lineage) for one of its periods of a year."""

    class Kind(models.TextChoices):
        YEAR = "tahun", _("Year")
        SEMESTER = "semester", _("Semester")
        QUARTER = "triwulan", _("Triwulan")
        MONTH = "bulan", _("Month")

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="realisasi",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("IKU (first version)"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The first version of the IKU: its realisasi follow it into every revision."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("period kind"), max_length=10, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("1 for the year; 1–2, 1–4 or 1–12 within it.")
    )
    value = models.DecimalField(
        _("realisasi"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    parts = models.JSONField(
        _("values of the formula's parts"),
        default=dict,
        blank=True,
        help_text=_("When the realisasi was computed from its formula: each name as typed."),
    )
    target_value = models.DecimalField(
        _("target of this period"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_upper = models.DecimalField(
        _("upper bound of this period's target"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
    )
    supporting_factors = models.TextField(_("supporting factors"), blank=True)
    inhibiting_factors = models.TextField(_("inhibiting factors"), blank=True)
    follow_up = models.TextField(_("efforts and follow-up"), blank=True)
    links = models.TextField(_("evidence links"), blank=True, help_text=_("One address per line."))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        ordering = ["indicator_id", "year", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "kind", "number"], name="realisasi_once_per_period"
            )
        ]
        indexes = [models.Index(fields=["year", "indicator"])]

    def __str__(self):
        return f"{self.indicator_id} {self.year} {self.kind} {self.number}: {self.value}"

    def save(self, *args, **kwargs):
        check_figures_open(self.period_id)
        if self.pk:  # moved out of a period: that one must be open too
            previous = Realisasi.objects.filter(pk=self.pk).values_list("period_id").first()
            if previous and previous[0] != self.period_id:
                check_figures_open(previous[0])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        check_figures_open(self.period_id)
        return super().delete(*args, **kwargs)

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


def evidence_path(instance, filename) -> str:
    return f"bukti/{instance.realisasi.year}/{instance.realisasi_id}/{filename}"


class Evidence(models.Model):
    """A file behind a realisasi (bukti dukung): stored through the storage API, its type
    checked by content, served only as a download to those who may see the unit."""

    realisasi = models.ForeignKey(
        Realisasi, verbose_name=_("realisasi"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["realisasi_id", "uploaded_at", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        check_figures_open(
            Realisasi.objects.filter(pk=self.realisasi_id).values_list("period_id").get()[0]
        )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        check_figures_open(self.realisasi.period_id)
        return super().delete(*args, **kwargs)


class Deadline(models.Model):
    """The admin's schedule: the figures of a reporting period are due by this date."""

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(
        _("period"), help_text=_("0 for the year's figures, 1–4 for triwulan I–IV.")
    )
    due = models.DateField(_("due"), validators=[plausible_date])

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="deadline_once_per_period")
        ]

    def __str__(self):
        return f"{period_label(self.year, self.number)}: {self.due}"


class YearStanding(models.Model):
    """Where a unit stands in a year, kept ready for the ranking of thousands of units: the
    average capaian of its IKU and how many have figures, with what the ranking orders and
    filters by (the unit's level and name, the average as shown, complete or not). Computed by
    a worker (`performance.standings`): for every unit when a year's ranking is first seen,
    again for a unit whenever one of its realisasi is saved or one of its documents is signed.
    The ranking reads one page of them by an index (docs/PERFORMANCE.md, "The ranking of
    units")."""

    class Level(models.TextChoices):
        PEMDA = "pemda", _("top unit")
        OPD = "opd", _("one level below")
        BIDANG = "bidang", _("two levels below")

    unit = models.ForeignKey(
        OrganizationUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    document = models.ForeignKey(
        "indicators.IKUDocument",
        verbose_name=_("document in force"),
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
    )
    average = models.DecimalField(_("average capaian"), max_digits=12, decimal_places=4, null=True)
    filled = models.PositiveIntegerField(_("IKU with figures"), default=0)
    total = models.PositiveIntegerField(_("IKU"), default=0)
    # What the ranking orders by: the average as shown (two decimals; equal ones share a rank),
    # ranked among the complete units, the completeness in percent, the unit's name and level.
    shown = models.DecimalField(_("average as shown"), max_digits=12, decimal_places=2, null=True)
    ranked = models.BooleanField(_("ranked (has a capaian)"), default=False)
    complete = models.BooleanField(_("ranked with the complete units"), default=False)
    completeness = models.PositiveSmallIntegerField(_("completeness (%)"), default=0)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, default=Level.OPD)
    unit_name = models.CharField(_("unit name"), max_length=255, blank=True)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("standing of a unit in a year")
        verbose_name_plural = _("standings of units")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="standing_once_per_unit_year")
        ]
        indexes = [
            # The ranking by average capaian, one page read in order (a LIMIT on this index).
            models.Index(
                F("year"),
                F("level"),
                F("complete").desc(),
                F("ranked").desc(),
                F("shown").desc(),
                F("unit_name"),
                F("unit"),
                name="standing_rank_order",
            ),
            # The ranking by completeness.
            models.Index(
                F("year"),
                F("level"),
                F("completeness").desc(),
                F("unit_name"),
                F("unit"),
                name="standing_completeness_order",
            ),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.year}: {self.average}"


class PredicateBand(models.Model):
    """A pemda's own predicate bands (capaian from `minimum` up to the next band). A unit uses
    the bands of its top unit (its pemda) if it has any, the common LKjIP bands otherwise."""

    unit = models.ForeignKey(
        OrganizationUnit,
        verbose_name=_("pemda (top unit)"),
        on_delete=models.CASCADE,
        related_name="predicate_bands",
        limit_choices_to={"parent": None},
    )
    minimum = models.DecimalField(
        _("from capaian (%)"),
        max_digits=7,
        decimal_places=2,
        help_text=_("The band holds every capaian from this value up to the next band's."),
    )
    label = models.CharField(_("predicate"), max_length=40)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour such as #1b5e20."))],
        help_text=_("Choose colours that differ in lightness too, so that they read in grey."),
    )
    symbol = models.CharField(_("symbol"), max_length=4, blank=True)

    class Meta:
        verbose_name = _("predicate band")
        verbose_name_plural = _("predicate bands")
        ordering = ["unit", "-minimum"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "minimum"], name="band_minimum_once_per_unit")
        ]

    def __str__(self):
        return f"{self.label} ≥ {self.minimum}"


class StandingsJob(Job):
    """The computing of every unit's standing in a year, handed to a worker when the year's
    ranking is first seen: one task per year however often the page is opened meanwhile.
    Finished: every unit's standing is kept (and kept current as figures change)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # {level: how many units are kept at it}, kept by the worker: the admin's ranking pages the
    # whole country without counting 20,000 rows on each view.
    counts = models.JSONField(_("units by level"), default=dict, blank=True)

    class Meta:
        verbose_name = _("standings job")
        verbose_name_plural = _("standings jobs")

    def __str__(self):
        return f"{self.year}: {self.finished_at or '…'}"


class ReportRenderJob(Job):
    """A render of one content of a unit's Pengukuran Kinerja report as PDF, handed to a
    worker: one task per content however often the page is opened while it runs."""

    unit = models.ForeignKey(
        OrganizationUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    key = models.CharField(_("content key"), max_length=64)

    class Meta:
        verbose_name = _("report render job")
        verbose_name_plural = _("report render jobs")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "key"], name="report_render_once_per_content"
            )
        ]

    def __str__(self):
        return f"{self.unit_id} {self.year} {self.key[:12]}"
