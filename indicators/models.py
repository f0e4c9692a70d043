from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.jobs import Job
from core.numbers import format_value
from core.validators import LONGEST_PERIOD_YEARS, YEAR_VALIDATORS, plausible_date
from indicators.choices import Direction, DocumentStatus
from indicators.fields import SanitizedHTMLField
from indicators.frozen import (
    FROZEN_STATUSES,
    AppendOnly,
    DocumentQuerySet,
    FrozenDocumentError,
    GuardedByDocument,
    GuardedQuerySet,
    SignedVersionQuerySet,
    StatusChangeError,
    append_only_history,
    check_document_writes,
)
from organizations.models import Official, OrganizationUnit


def _unique_code(model_name: str):
    """Explicit codes are unique within a document; a blank code is generated from position."""
    return models.UniqueConstraint(
        fields=["document", "code"],
        condition=~Q(code=""),
        name=f"{model_name}_code_unique_in_document",
        violation_error_message=_("This code is already used in this document."),
    )


class IKUDocument(models.Model):
    class Layout(models.TextChoices):
        LENGKAP = "lengkap", _("Complete (lengkap)")
        RINGKAS = "ringkas", _("Concise (ringkas)")
        PENJELASAN = "penjelasan", _("With explanation (penjelasan)")
        MATRIKS = "matriks", _("Cascading matrix (matriks)")

    class Orientation(models.TextChoices):
        AUTO = "auto", _("Automatic (follows the width of the columns)")
        PORTRAIT = "portrait", _("Portrait")
        LANDSCAPE = "landscape", _("Landscape")

    class FormulaStyle(models.TextChoices):
        STACKED = "stacked", _("Stacked fraction")
        INLINE = "inline", _("On one line, as typed")

    class NipStyle(models.TextChoices):
        GROUPED = "grouped", _("Grouped (19630421 198503 1 008)")
        PLAIN = "plain", _("As one run of 18 digits")

    Status = DocumentStatus

    class DateFormat(models.TextChoices):
        MONTH_YEAR = "month_year", _("Month and year (Januari 2022)")
        FULL = "full", _("Full date (3 Januari 2022)")
        ENACTED = "ditetapkan", _("Ditetapkan di … pada tanggal 3 Januari 2022")

    unit = models.ForeignKey(
        OrganizationUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_(
            "Leave empty for the standard title, "
            "e.g. INDIKATOR KINERJA UTAMA (IKU) TAHUN 2019-2023."
        ),
    )
    period_start = models.PositiveSmallIntegerField(
        _("period start year"), validators=YEAR_VALIDATORS
    )
    period_end = models.PositiveSmallIntegerField(_("period end year"), validators=YEAR_VALIDATORS)
    revision = models.PositiveSmallIntegerField(
        _("revision number"),
        default=0,
        help_text=_("0 for the original, 1 for the first Perubahan, …"),
    )
    revises = models.ForeignKey(
        "self",
        verbose_name=_("revises"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
    )
    layout = models.CharField(
        _("layout"), max_length=10, choices=Layout.choices, default=Layout.LENGKAP
    )
    columns = models.JSONField(
        _("columns"),
        default=list,
        blank=True,
        help_text=_("The printed columns in order; empty for the columns of the layout."),
    )
    orientation = models.CharField(
        _("page orientation"), max_length=10, choices=Orientation.choices, default=Orientation.AUTO
    )
    hide_empty_columns = models.BooleanField(
        _("leave out columns with nothing to print"), default=True
    )
    formula_style = models.CharField(
        _("formulas print as"),
        max_length=10,
        choices=FormulaStyle.choices,
        default=FormulaStyle.STACKED,
    )
    header_lines = models.TextField(
        _("lines above the title"),
        blank=True,
        help_text=_("e.g. LAMPIRAN I PERATURAN GUBERNUR … NOMOR … TAHUN …; one per line."),
    )
    show_unit_heading = models.BooleanField(
        _("print the unit name as the second title line"), default=True
    )
    show_page_numbers = models.BooleanField(_("print “Halaman n dari m”"), default=True)
    show_identity_name = models.BooleanField(_("print “Nama Unit Organisasi”"), default=True)
    show_identity_tugas = models.BooleanField(_("print the unit's “Tugas”"), default=True)
    show_identity_functions = models.BooleanField(_("print the unit's “Fungsi”"), default=True)
    signatory_underline = models.BooleanField(_("underline the signatory's name"), default=True)
    show_pangkat = models.BooleanField(_("print the pangkat"), default=True)
    nip_style = models.CharField(
        _("NIP printed"), max_length=10, choices=NipStyle.choices, default=NipStyle.GROUPED
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    signature_place = models.CharField(_("signature place"), max_length=80, blank=True)
    signature_date = models.DateField(
        _("signature date"), null=True, blank=True, validators=[plausible_date]
    )
    signature_date_format = models.CharField(
        _("signature date format"),
        max_length=12,
        choices=DateFormat.choices,
        default=DateFormat.MONTH_YEAR,
    )
    signatory = models.ForeignKey(
        Official,
        verbose_name=_("signatory"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_documents",
    )
    signatory_title = models.TextField(
        _("signatory position as printed"),
        blank=True,
        help_text=_("The jabatan lines above the signature; empty to use the official's position."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The optimistic-locking counter (core.locking), raised by every save of the settings: not a
    # signed version (SignedVersion) nor a revision (`revision`, the Perubahan number).
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    objects = DocumentQuerySet.as_manager()

    history = append_only_history()

    class Meta:
        verbose_name = _("IKU document")
        verbose_name_plural = _("IKU documents")
        ordering = ["unit__name", "-period_start", "-revision", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")),
                name="document_period_ordered",
                violation_error_message=_("The period end year cannot be before its start year."),
            ),
            models.UniqueConstraint(
                fields=["unit", "period_start", "period_end", "revision"],
                name="document_unique_revision",
                violation_error_message=_(
                    "This unit already has a document with this period and revision number."
                ),
            ),
        ]
        indexes = [
            # The document list's default order, for everyone and within a user's units.
            models.Index(fields=["-updated_at", "-id"], name="document_recent"),
            models.Index(fields=["unit", "-updated_at", "-id"], name="document_unit_recent"),
            # The document list: a unit's documents by status.
            models.Index(fields=["unit", "status"], name="document_unit_status"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.period} · rev. {self.revision}"

    def save(self, *args, **kwargs):
        stored = self._stored_status()
        if stored is None:
            if self.status != self.Status.DRAFT:
                raise StatusChangeError  # a document is born a draft
        else:
            fields = kwargs.get("update_fields")
            check_document_writes(
                IKUDocument, [(self.pk, stored, self.status)], None if fields is None else fields
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.check_editable()
        return super().delete(*args, **kwargs)

    def check_editable(self) -> None:
        """Refuse, before anything else is asked, a change to a signed or superseded document."""
        if self._stored_status() in FROZEN_STATUSES:
            raise FrozenDocumentError

    @property
    def period(self) -> str:
        return f"{self.period_start}-{self.period_end}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED

    @property
    def is_superseded(self) -> bool:
        return self.status == self.Status.SUPERSEDED

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    @classmethod
    def frozen_q(cls) -> Q:
        """The frozen documents, as the guards of their parts ask it (see frozen.py)."""
        return Q(status__in=FROZEN_STATUSES)

    def _stored_status(self):
        if self.pk is None:
            return None
        return IKUDocument._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()

    @property
    def heading(self) -> str:
        """The first title line as printed."""
        if self.title:
            return self.title
        base = f"INDIKATOR KINERJA UTAMA (IKU) TAHUN {self.period}"
        return f"PERUBAHAN {base}" if self.revision else base

    @property
    def signatory_lines(self) -> list[str]:
        text = self.signatory_title or (self.signatory.jabatan if self.signatory else "")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean(self):
        errors = {}
        if self.revises_id and self.revises_id == self.pk:
            errors["revises"] = _("A document cannot revise itself.")
        if self.revises and self.revises.unit_id != self.unit_id:
            errors["revises"] = _(
                "A revision must belong to the same unit as the document it revises."
            )
        if self.signatory and self.unit_id and self.signatory.unit_id != self.unit_id:
            errors["signatory"] = _("The signatory must be an official of this unit.")
        if (
            self.period_start
            and self.period_end
            and self.period_end - self.period_start + 1 > LONGEST_PERIOD_YEARS
        ):
            errors["period_end"] = _(
                "A period is at most %(years)s years long; %(start)s–%(end)s is %(length)s years."
            ) % {
                "years": LONGEST_PERIOD_YEARS,
                "start": self.period_start,
                "end": self.period_end,
                "length": self.period_end - self.period_start + 1,
            }
        if errors:
            raise ValidationError(errors)


class Goal(GuardedByDocument):
    """Tujuan."""

    document = models.ForeignKey(
        IKUDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="goals"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    code = models.CharField(
        _("code"), max_length=20, blank=True, help_text=_("Empty: numbered by position.")
    )
    text = models.TextField(_("goal (tujuan)"))

    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    objects = GuardedQuerySet.as_manager()

    history = append_only_history()

    class Meta:
        verbose_name = _("goal (tujuan)")
        verbose_name_plural = _("goals (tujuan)")
        ordering = ["document_id", "order", "id"]
        constraints = [_unique_code("goal")]

    def __str__(self):
        return self.text[:80]


class GoalIndicator(GuardedByDocument):
    """Indikator Tujuan."""

    document_paths = ("goal__document",)

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="indicators"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("goal indicator"), max_length=500)

    objects = GuardedQuerySet.as_manager()

    history = append_only_history()

    class Meta:
        verbose_name = _("goal indicator (indikator tujuan)")
        verbose_name_plural = _("goal indicators (indikator tujuan)")
        ordering = ["goal_id", "order", "id"]

    def __str__(self):
        return self.text[:80]


def check_link(target, upper) -> None:
    """The rules every link of a sasaran to an upper one keeps (ValidationError otherwise): it
    does not come back to itself, and the upper sasaran belongs to a document of the unit
    directly above (the parent unit). That the upper document is in force, and that the lower
    one may still change, is asked when the link is made (`indicators.cascading.services`)."""
    seen, step = {target.pk}, upper
    for _level in range(LINK_DEPTH):
        if step is None:
            break
        if step.pk in seen:
            raise ValidationError(
                {"supports": _("A strategic target cannot support itself, directly or not.")}
            )
        seen.add(step.pk)
        step = step.supports
    unit = OrganizationUnit.objects.only("parent_id", "name").get(
        pk=IKUDocument.objects.values_list("unit_id", flat=True).get(pk=target.document_id)
    )
    upper_unit = upper.document.unit
    if unit.parent_id is None:
        raise ValidationError(
            {
                "supports": _(
                    "%(unit)s has no unit above it: its strategic targets support no other."
                )
                % {"unit": unit.name}
            }
        )
    if upper_unit.pk != unit.parent_id:
        raise ValidationError(
            {
                "supports": _(
                    "%(upper)s is not the unit directly above %(unit)s: a strategic target "
                    "supports only a strategic target of its parent unit."
                )
                % {"upper": upper_unit.name, "unit": unit.name}
            }
        )


# How far a chain of links is followed looking for a cycle: units lie at most three levels
# deep (pemda, OPD, bidang), so a longer chain is already wrong.
LINK_DEPTH = 8


class StrategicTarget(GuardedByDocument):
    """Sasaran Strategis: under a goal, or directly under the document."""

    document_paths = ("document", "goal__document")

    document = models.ForeignKey(
        IKUDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="strategic_targets",
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="strategic_targets",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    code = models.CharField(
        _("code"), max_length=20, blank=True, help_text=_("Empty: numbered by position.")
    )
    text = models.TextField(_("strategic target (sasaran strategis)"))
    # Cascading: the sasaran of the parent unit's document in force that this one supports
    # ("mendukung"). Part of the document: frozen with it, copied into its Perubahan. Set by
    # `indicators.cascading.services`, which holds the rules of a new link.
    supports = models.ForeignKey(
        "self",
        verbose_name=_("supports (upper strategic target)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supported_by",
    )
    origin = models.ForeignKey(
        "self",
        verbose_name=_("first version of this strategic target"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_(
            "Its lineage: the sasaran it was carried over from, first of all. Empty for a "
            "sasaran that is its own first version. A link to an older version is proposed "
            "again on the newer one by it."
        ),
    )

    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    objects = GuardedQuerySet.as_manager()

    history = append_only_history()

    class Meta:
        verbose_name = _("strategic target (sasaran strategis)")
        verbose_name_plural = _("strategic targets (sasaran strategis)")
        ordering = ["document_id", "order", "id"]
        constraints = [_unique_code("strategictarget")]

    def __str__(self):
        return self.text[:80]

    @property
    def lineage_id(self) -> int:
        """The id of the first version of this sasaran: the same in every revision."""
        return self.origin_id or self.pk

    def clean(self):
        if self.goal and self.document_id and self.goal.document_id != self.document_id:
            raise ValidationError({"goal": _("The goal must belong to the same document.")})
        if self.supports_id and self.supports_id != self._stored_supports_id():
            check_link(self, self.supports)

    def _stored_supports_id(self):
        if self.pk is None:
            return None
        return (
            StrategicTarget._base_manager.filter(pk=self.pk)
            .values_list("supports_id", flat=True)
            .first()
        )


class Indicator(GuardedByDocument):
    """Indikator Kinerja Utama (IKU)."""

    document_paths = ("document", "strategic_target__document")

    Direction = Direction

    class Frequency(models.TextChoices):
        MONTHLY = "bulanan", _("Monthly (bulanan)")
        QUARTERLY = "triwulanan", _("Quarterly (triwulanan)")
        SEMESTER = "semesteran", _("Every semester (semesteran)")
        YEARLY = "tahunan", _("Yearly (tahunan)")

    class Cascading(models.TextChoices):
        MAP = "C", _("C: cascading peta")
        NON_MAP = "CP", _("CP: cascading non-peta")
        NONE = "N", _("N: non-cascading")

    class CalculationType(models.TextChoices):
        CUMULATIVE = "kumulatif", _("Cumulative (kumulatif)")
        NON_CUMULATIVE = "non_kumulatif", _("Non-cumulative (non-kumulatif)")
        AVERAGE = "rata_rata", _("Average (rata-rata)")
        LAST_PERIOD = "akhir_periode", _("End of period (akhir periode)")

    document = models.ForeignKey(
        IKUDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="indicators"
    )
    strategic_target = models.ForeignKey(
        StrategicTarget,
        verbose_name=_("strategic target"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    code = models.CharField(
        _("code"), max_length=20, blank=True, help_text=_("Empty: numbered by position.")
    )
    name = models.CharField(_("indicator name"), max_length=500)
    satuan = models.CharField(_("unit of measure (satuan)"), max_length=60, blank=True)
    formula = models.TextField(
        _("formula (rumus)"),
        blank=True,
        help_text=_("e.g. (Modal Sekarang - Modal Tahun Lalu) / Modal Tahun Lalu × 100%"),
    )
    definition = models.TextField(_("operational definition (definisi operasional)"), blank=True)
    explanation = SanitizedHTMLField(_("explanation (penjelasan)"), blank=True)
    selection_reason = models.TextField(_("reason for selection (alasan pemilihan)"), blank=True)
    data_source = models.TextField(
        _("data source (sumber data)"), blank=True, help_text=_("One source per line.")
    )
    responsible = models.TextField(
        _("responsible (penanggung jawab)"), blank=True, help_text=_("One unit per line.")
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    calculation_type = models.CharField(
        _("calculation type (tipe perhitungan)"),
        max_length=20,
        choices=CalculationType.choices,
        default=CalculationType.NON_CUMULATIVE,
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_not_available = models.BooleanField(
        _("no baseline (tidak ada)"),
        default=False,
        help_text=_("Printed as “tidak ada”; distinct from a baseline not yet filled in."),
    )
    baseline_not_available_text = models.CharField(
        _("how “no baseline” was written"),
        max_length=12,
        blank=True,
        help_text=_("“N/A”, “-”, …: printed as typed; empty prints “tidak ada”."),
    )
    frequency = models.CharField(
        _("measurement frequency (frekuensi pengukuran)"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.YEARLY,
    )
    perspective = models.CharField(
        _("perspective (Balanced Scorecard)"),
        max_length=80,
        blank=True,
        help_text=_("Stakeholder, Customer, Internal Process, Learning & Growth, or your own."),
    )
    cascading = models.CharField(
        _("cascading type (jenis cascading)"),
        max_length=2,
        choices=Cascading.choices,
        blank=True,
    )
    # Cascading: the IKU of the parent unit's document in force that this one supports, under
    # the upper sasaran its own sasaran supports. Where it is set, `cascading` says how that
    # IKU is carried down (C or CP; never N).
    supports = models.ForeignKey(
        "self",
        verbose_name=_("supports (upper IKU)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supported_by",
    )

    origin = models.ForeignKey(
        "self",
        verbose_name=_("first version of this IKU"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_(
            "Its lineage: the IKU it was carried over from, first of all. Empty for an IKU "
            "that is its own first version. Realisasi follow the lineage across revisions."
        ),
    )
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    objects = GuardedQuerySet.as_manager()

    history = append_only_history()

    class Meta:
        verbose_name = _("key performance indicator (IKU)")
        verbose_name_plural = _("key performance indicators (IKU)")
        ordering = ["document_id", "strategic_target__order", "strategic_target_id", "order", "id"]
        constraints = [
            _unique_code("indicator"),
            models.CheckConstraint(
                condition=Q(supports__isnull=True) | Q(cascading__in=["C", "CP"]),
                name="indicator_link_is_cascaded",
                violation_error_message=_(
                    "An IKU that supports an upper IKU is cascaded from it: C or CP, not N."
                ),
            ),
        ]

    def __str__(self):
        return self.name[:80]

    @property
    def lineage_id(self) -> int:
        """The id of the first version of this IKU: the same in every revision."""
        return self.origin_id or self.pk

    def clean(self):
        if self.baseline_not_available and self.baseline_value is not None:
            raise ValidationError(
                {"baseline_value": _("A baseline cannot be both a value and “tidak ada”.")}
            )
        if (
            self.strategic_target_id
            and self.document_id
            and self.strategic_target.document_id != self.document_id
        ):
            raise ValidationError(
                {"strategic_target": _("The strategic target must belong to the same document.")}
            )
        if self.supports_id:
            if not self.cascading:
                self.cascading = self.Cascading.MAP  # a link carries the IKU down: C
            if self.cascading == self.Cascading.NONE:
                raise ValidationError(
                    {
                        "cascading": _(
                            "An IKU that supports an upper IKU is cascaded from it: C or CP, not N."
                        )
                    }
                )
            upper_target = self.strategic_target.supports_id if self.strategic_target_id else None
            if self.supports.strategic_target_id != upper_target:
                raise ValidationError(
                    {
                        "supports": _(
                            "The upper IKU must belong to the upper strategic target that this "
                            "IKU's strategic target supports. Link the strategic target first."
                        )
                    }
                )


class YearlyTarget(GuardedByDocument):
    """The target of an indicator for one year of the document's period."""

    document_paths = ("indicator__document",)

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("target value"), max_digits=18, decimal_places=4)
    value_upper = models.DecimalField(
        _("upper bound of a range target"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("For a range target such as 80–90: `value` is 80, this is 90."),
    )

    objects = GuardedQuerySet.as_manager()

    history = append_only_history()

    class Meta:
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        ordering = ["indicator_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="target_one_per_indicator_year",
                violation_error_message=_("This indicator already has a target for this year."),
            ),
            models.CheckConstraint(
                condition=Q(value_upper__isnull=True) | Q(value_upper__gt=F("value")),
                name="target_range_ordered",
                violation_error_message=_(
                    "The upper bound of a range must be greater than its lower bound."
                ),
            ),
        ]

    def __str__(self):
        """As the portal shows a target elsewhere: '2025: 3,4', '2026: 80–90'."""
        return f"{self.year}: {format_value(self.value, self.value_upper)}"

    def clean(self):
        if self.indicator_id and self.year:
            document = self.indicator.document
            if not document.period_start <= self.year <= document.period_end:
                raise ValidationError(
                    {
                        "year": _("The year must lie within the document period %(period)s.")
                        % {"period": document.period}
                    }
                )


class DocumentTransition(AppendOnly):
    """One step of the approval flow: who moved the document from which status to which.

    A record: never changed, and removed only together with its (draft) document."""

    document = models.ForeignKey(
        IKUDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(_("from"), max_length=12, choices=IKUDocument.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=IKUDocument.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["document_id", "created_at", "id"]

    def __str__(self):
        return f"{self.document_id}: {self.from_status} → {self.to_status}"


def _signed_pdf_path(instance, filename):
    return f"signed/{instance.document.unit_id}/{instance.code}.pdf"


def _signed_manual_path(instance, filename):
    return f"signed/{instance.document.unit_id}/{instance.code}-manual.pdf"


class SignedVersion(AppendOnly):
    """What a signed document printed, frozen: its content as JSON, its PDF and the PDF's hash.

    A record: never changed or removed, but for storing its Manual IKU once, which a worker
    signs right after the document (`SignedVersionQuerySet.fill_manual`)."""

    document = models.OneToOneField(
        IKUDocument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="signed_version",
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"))
    snapshot = models.JSONField(_("snapshot"))
    pdf = models.FileField(_("PDF"), upload_to=_signed_pdf_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    # The Manual IKU, signed right after the document (blank until it is stored, and for
    # versions signed before the Manual IKU was signed at all).
    manual_pdf = models.FileField(_("Manual IKU PDF"), upload_to=_signed_manual_path, blank=True)
    manual_sha256 = models.CharField(
        _("SHA-256 of the Manual IKU"), max_length=64, blank=True, db_index=True
    )

    objects = SignedVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("signed version")
        verbose_name_plural = _("signed versions")
        ordering = ["-signed_at"]

    def __str__(self):
        return f"{self.document} ({self.code})"


class ManualSigningJob(Job):
    """The Manual IKU of a signed version, rendered and sealed by a worker right after the
    document's own PDF: the document is signed (and shown so) as soon as its PDF is stored,
    and its Manual IKU follows, with the same snapshot and verification code. While this row
    exists the Manual IKU says it is being signed; a worker that dies is asked again
    (`indicators.jobs.manual_signing_settled`)."""

    version = models.OneToOneField(
        SignedVersion,
        verbose_name=_("signed version"),
        on_delete=models.CASCADE,
        related_name="manual_signing",
    )
    # The address its QR code leads to: the one printed on the document's PDF.
    url = models.CharField(_("verification URL"), max_length=500)
    error = models.TextField(_("error"), blank=True)
    # With the national signing service: the credentials typed for the signing, encrypted
    # (core.pades), kept until the Manual IKU is sealed too and wiped then.
    secret = models.BinaryField(_("encrypted signing credentials"), blank=True, editable=False)

    class Meta:
        verbose_name = _("Manual IKU being signed")
        verbose_name_plural = _("Manual IKU being signed")

    def __str__(self):
        return f"{self.version_id}"


class RenderJob(Job):
    """A render of one content of a document, asked for and handed to a worker: one task per
    content however often the page is opened while it runs."""

    document = models.ForeignKey(
        IKUDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("content key"), max_length=64)
    manual = models.BooleanField(_("Manual IKU"), default=False)

    class Meta:
        verbose_name = _("render job")
        verbose_name_plural = _("render jobs")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "key", "manual"], name="render_job_once_per_content"
            )
        ]

    def __str__(self):
        return f"{self.document_id} {self.key[:12]}"


class SignerCertificate(models.Model):
    """A head's own signing certificate (PKCS#12), uploaded once and kept encrypted with a key
    from the environment (core.pades.protect): used instead of the installation's seal when
    they sign."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signer"),
        on_delete=models.CASCADE,
        related_name="signing_certificate",
    )
    encrypted = models.BinaryField(_("encrypted certificate and key"), editable=False)
    subject = models.CharField(_("certificate subject"), max_length=500)
    not_after = models.DateTimeField(_("valid until"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")

    def __str__(self):
        return self.subject


class PrerenderRequest(models.Model):
    """A document edited a moment ago: a worker renders its PDF once its edits settle (no edit
    for PRERENDER_SETTLE_SECONDS), so that the preview is usually ready when it is opened. One
    row, and one queued task, per document however often it is edited."""

    document = models.OneToOneField(
        IKUDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    due_at = models.DateTimeField(_("render after"))

    class Meta:
        verbose_name = _("render asked after an edit")
        verbose_name_plural = _("renders asked after edits")

    def __str__(self):
        return f"{self.document_id} {self.due_at:%H:%M:%S}"


class SigningJob(Job):
    """A signature asked for and handed to a worker, which renders and stores the signed PDFs.
    While it exists the document shows "sedang diproses" and cannot be returned; a failure is
    kept here for the page to show, and the head can sign again."""

    document = models.OneToOneField(
        IKUDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="signing"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)
    # The verification code its attempt signs with, noted before its files are written: a
    # worker that dies leaves files named by it, removed when the job is failed.
    code = models.CharField(_("verification code being signed"), max_length=20, blank=True)
    # With the national signing service: the NIK and passphrase typed for this signing,
    # encrypted (core.pades), wiped as soon as the attempt ends.
    secret = models.BinaryField(_("encrypted signing credentials"), blank=True, editable=False)

    class Meta:
        verbose_name = _("signing in progress")
        verbose_name_plural = _("signings in progress")

    def __str__(self):
        return f"{self.document_id}"

    @property
    def waiting_long(self) -> bool:
        """Asked minutes ago and no worker has started it (is one running?)."""
        waited = (timezone.now() - self.created_at).total_seconds()
        return self.heartbeat_at is None and waited > 120


def _export_path(instance, filename):
    return f"exports/{instance.pk}/{filename}"


class ExportJob(Job):
    """Bulk work done by a worker with its progress shown: every signed document of a unit and
    the units under it (a pemda's OPD, a dinas's bidang), as one ZIP."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        OrganizationUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    total = models.PositiveIntegerField(_("documents"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    file = models.FileField(_("file"), upload_to=_export_path, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.unit} ({self.created_at:%Y-%m-%d})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else (100 if self.file else 0)


def _import_path(instance, filename):
    return f"imports/{instance.user_id}/{filename}"


class ImportBatch(Job):
    """A spreadsheet uploaded to become a new draft document. A worker reads it (again after
    each column mapping the user chooses) and keeps the reading here, then applies it when
    asked: the request only stores the file."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        OrganizationUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    period_start = models.PositiveSmallIntegerField(_("period start year"))
    period_end = models.PositiveSmallIntegerField(_("period end year"))
    title = models.CharField(_("title"), max_length=255, blank=True)
    file = models.FileField(_("file"), upload_to=_import_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    reading = models.JSONField(_("reading"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    apply_asked_at = models.DateTimeField(_("apply asked at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    document = models.ForeignKey(
        IKUDocument,
        verbose_name=_("document created"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name
