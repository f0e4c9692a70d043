"""The Perjanjian Kinerja (PK): the yearly agreement in which the head of a unit (pihak pertama)
promises its superior (pihak kedua) the year's sasaran, indicators and targets, with the
programs and budget that pay for them (PermenPAN-RB 53/2014).

A PK is started from the unit's IKU document in force for its year (`indicators.in_force`):
its sasaran, IKU and that year's targets are copied in, each indicator keeping a link to its
IKU. Staff add other indicators (indikator kinerja lain, no link) and leave an IKU out only
with a reason. The parties are kept as printed (name, NIP, pangkat, position), not as links to
officials: what was agreed stays what it was when an official leaves the post.

Statuses are the IKU documents' (draft → submitted → signed → superseded); a PK Perubahan
revises a signed PK (`revises`, `revision`) and supersedes it when signed.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.numbers import bounds, format_value, parse_value
from core.validators import YEAR_VALIDATORS, plausible_date
from indicators.choices import DocumentStatus
from indicators.frozen import (
    FROZEN_STATUSES,
    SUPERSEDE_FIELDS,
    AppendOnly,
    FrozenDocumentError,
    GuardedByDocument,
    GuardedQuerySet,
    append_only_history,
)
from indicators.models import IKUDocument, Indicator, StrategicTarget
from organizations.fields import NIPField
from organizations.models import OrganizationUnit
from organizations.nip import format_nip

# Statuses in which a unit's PK of a year is still being worked on: at most one at a time.
OPEN_STATUSES = (DocumentStatus.DRAFT, DocumentStatus.SUBMITTED)


class AgreementQuerySet(models.QuerySet):
    """Queryset writes of PKs: none that changes a signed one, but superseding it."""

    def update(self, **kwargs):
        frozen = self.filter(status__in=FROZEN_STATUSES)
        superseding = (
            set(kwargs) <= SUPERSEDE_FIELDS
            and kwargs.get("status") == DocumentStatus.SUPERSEDED
            and not frozen.exclude(status=DocumentStatus.SIGNED).exists()
        )
        if not superseding and frozen.exists():
            raise FrozenDocumentError
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if self.model._base_manager.filter(
            pk__in=[obj.pk for obj in objs], status__in=FROZEN_STATUSES
        ).exists():
            raise FrozenDocumentError
        return super().bulk_update(objs, fields, *args, **kwargs)

    def delete(self):
        if self.filter(status__in=FROZEN_STATUSES).exists():
            raise FrozenDocumentError
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("update_conflicts"):  # an upsert would rewrite whichever PK it meets
            raise FrozenDocumentError
        return super().bulk_create(objs, *args, **kwargs)


class PerformanceAgreement(models.Model):
    """Perjanjian Kinerja: one unit, one year. Signed, it is a record: nothing of it or under
    it changes (here, in `AgreementQuerySet`, in the parts' guards and in PostgreSQL's
    triggers) but superseding it, when its PK Perubahan is signed."""

    Status = DocumentStatus

    unit = models.ForeignKey(
        OrganizationUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    document = models.ForeignKey(
        IKUDocument,
        verbose_name=_("IKU document it was started from"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    revision = models.PositiveSmallIntegerField(
        _("revision number"),
        default=0,
        help_text=_("0 for the first PK of the year, 1 for the first PK Perubahan, …"),
    )
    revises = models.ForeignKey(
        "self",
        verbose_name=_("revises"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    # Pihak pertama: the head of the unit, who takes on the targets.
    first_party_name = models.CharField(
        _("name"), max_length=160, blank=True, help_text=_("With academic titles, as printed.")
    )
    first_party_nip = NIPField(_("NIP"), blank=True)
    first_party_pangkat = models.CharField(
        _("pangkat/golongan"),
        max_length=80,
        blank=True,
        help_text=_("As printed, e.g. Pembina Utama Muda (IV/c)."),
    )
    first_party_position = models.TextField(
        _("position (jabatan)"),
        blank=True,
        help_text=_("As printed; may start with Plt. or Plh. and span several lines."),
    )
    # Pihak kedua: the superior, who gives the mandate.
    second_party_name = models.CharField(
        _("name"), max_length=160, blank=True, help_text=_("With academic titles, as printed.")
    )
    second_party_nip = NIPField(
        _("NIP"),
        blank=True,
        help_text=_("Empty for a kepala daerah (Gubernur, Bupati, Wali Kota)."),
    )
    second_party_pangkat = models.CharField(
        _("pangkat/golongan"),
        max_length=80,
        blank=True,
        help_text=_("Empty for a kepala daerah."),
    )
    second_party_position = models.TextField(
        _("position (jabatan)"),
        blank=True,
        help_text=_("As printed, e.g. Gubernur Sumatera Selatan; may start with Plt. or Plh."),
    )
    place = models.CharField(_("signature place"), max_length=80, blank=True)
    date = models.DateField(_("signature date"), null=True, blank=True, validators=[plausible_date])

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
    # The optimistic-locking counter (core.locking), raised by every save of the parties.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = append_only_history()
    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("performance agreement (Perjanjian Kinerja)")
        verbose_name_plural = _("performance agreements (Perjanjian Kinerja)")
        ordering = ["unit_id", "-year", "-revision"]
        constraints = [
            # Its index also serves the unit's list of PKs, newest year first.
            models.UniqueConstraint(
                fields=["unit", "year", "revision"],
                name="agreement_unique_revision",
                violation_error_message=_(
                    "This unit already has a Perjanjian Kinerja for this year."
                ),
            ),
            # One PK of a unit and year being worked on at a time (a PK Perubahan is drafted
            # while the PK it revises stays signed, and supersedes it when signed).
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(status__in=OPEN_STATUSES),
                name="agreement_one_open_per_unit_year",
                violation_error_message=_(
                    "This unit already has a Perjanjian Kinerja for this year."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.unit} · PK {self.year}" + (
            f" · rev. {self.revision}" if self.revision else ""
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = (
                type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
            )
            fields = kwargs.get("update_fields")
            superseding = (
                stored == DocumentStatus.SIGNED
                and self.status == DocumentStatus.SUPERSEDED
                and fields is not None
                and set(fields) <= SUPERSEDE_FIELDS
            )
            if stored in FROZEN_STATUSES and not superseding:
                raise FrozenDocumentError
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if type(self)._base_manager.filter(pk=self.pk, status__in=FROZEN_STATUSES).exists():
            raise FrozenDocumentError
        return super().delete(*args, **kwargs)

    @property
    def heading(self) -> str:
        base = f"PERJANJIAN KINERJA TAHUN {self.year}"
        return f"{base} (PERUBAHAN)" if self.revision else base

    @property
    def first_party_nip_display(self) -> str:
        return format_nip(self.first_party_nip) if self.first_party_nip else ""

    @property
    def second_party_nip_display(self) -> str:
        return format_nip(self.second_party_nip) if self.second_party_nip else ""

    @classmethod
    def frozen_q(cls) -> Q:
        """The rows that are frozen (asked by the guards of the parts)."""
        return Q(status__in=FROZEN_STATUSES)

    @property
    def countersigned(self) -> bool:
        """Pihak kedua's signature is recorded (on the signed version)."""
        return AgreementCountersignature.objects.filter(version__agreement=self).exists()

    @property
    def status_label(self) -> str:
        """The status as the badge shows it: a signed PK says whether pihak kedua has signed
        too (the status itself stays "signed" from pihak pertama's signature on). A list
        annotates `has_countersignature` rather than asking each PK."""
        if self.status != self.Status.SIGNED:
            return self.get_status_display()
        countersigned = getattr(self, "has_countersignature", None)
        if countersigned is None:
            countersigned = self.countersigned
        if countersigned:
            return _("Signed by both parties")
        return _("Awaiting pihak kedua's signature")

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    def clean(self):
        errors = {}
        if self.document_id and self.year and self.unit_id:
            document = self.document
            if document.unit_id != self.unit_id:
                errors["document"] = _("The IKU document must be of the same unit.")
            elif not document.period_start <= self.year <= document.period_end:
                errors["year"] = _(
                    "The year %(year)s lies outside the period of the IKU document (%(period)s)."
                ) % {"year": self.year, "period": document.period}
        if self.revises_id and self.revises_id == self.pk:
            errors["revises"] = _("A Perjanjian Kinerja cannot revise itself.")
        if same_person(
            (self.first_party_name, self.first_party_nip),
            (self.second_party_name, self.second_party_nip),
        ):
            errors["second_party_name"] = _(
                "Pihak kedua cannot be the same person as pihak pertama."
            )
        if errors:
            raise ValidationError(errors)


def same_person(first: tuple[str, str], second: tuple[str, str]) -> bool:
    """(name, NIP) of two parties: the same person by NIP when both have one, else by name
    (spaces, case and the punctuation of titles aside). Two empty parties are nobody yet."""
    (first_name, first_nip), (second_name, second_nip) = first, second
    if first_nip and second_nip:
        return first_nip == second_nip
    first_key, second_key = _name_key(first_name), _name_key(second_name)
    return bool(first_key) and first_key == second_key


def _name_key(name: str) -> str:
    return "".join(ch for ch in (name or "").casefold() if ch.isalnum())


class AgreementTarget(GuardedByDocument):
    """A sasaran of the PK, copied from the IKU document's sasaran strategis (linked), or
    added for an indikator kinerja lain (no link)."""

    agreement = models.ForeignKey(
        PerformanceAgreement,
        verbose_name=_("Perjanjian Kinerja"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("strategic target (sasaran strategis)"))
    strategic_target = models.ForeignKey(
        StrategicTarget,
        verbose_name=_("sasaran of the IKU document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = append_only_history()
    objects = GuardedQuerySet.as_manager()
    document_paths = ("agreement",)

    class Meta:
        verbose_name = _("strategic target of a PK")
        verbose_name_plural = _("strategic targets of a PK")
        ordering = ["agreement_id", "order", "id"]

    def __str__(self):
        return self.text[:80]


class AgreementIndicator(GuardedByDocument):
    """An indicator of the PK with its target for the year: an IKU of the document (linked to
    it) or an indikator kinerja lain (no link). An IKU is left out only with a reason; an
    indikator lain is removed instead."""

    agreement = models.ForeignKey(
        PerformanceAgreement,
        verbose_name=_("Perjanjian Kinerja"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    target = models.ForeignKey(
        AgreementTarget,
        verbose_name=_("strategic target (sasaran strategis)"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("indicator"), max_length=500)
    satuan = models.CharField(_("unit of measure (satuan)"), max_length=60, blank=True)
    # The target as typed (printed so: '80 s.d. 90'), and as understood (core.numbers).
    target_text = models.CharField(_("target as typed"), max_length=60, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_value_upper = models.DecimalField(
        _("upper bound of a range target"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("IKU"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for an indikator kinerja lain."),
    )
    left_out = models.BooleanField(_("left out of this PK"), default=False)
    left_out_reason = models.TextField(_("reason for leaving it out"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = append_only_history()
    objects = GuardedQuerySet.as_manager()
    document_paths = ("agreement", "target__agreement")

    class Meta:
        verbose_name = _("indicator of a PK")
        verbose_name_plural = _("indicators of a PK")
        ordering = ["agreement_id", "target__order", "target_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_out=False) | ~Q(left_out_reason=""),
                name="agreement_indicator_left_out_with_reason",
                violation_error_message=_("An IKU is left out only with a reason."),
            ),
            models.CheckConstraint(
                condition=Q(left_out=False) | Q(indicator__isnull=False),
                name="agreement_indicator_only_iku_left_out",
                violation_error_message=_(
                    "Only an IKU is left out; an indikator kinerja lain is removed."
                ),
            ),
            models.CheckConstraint(
                condition=Q(target_value_upper__isnull=True)
                | Q(target_value__isnull=False, target_value_upper__gt=F("target_value")),
                name="agreement_indicator_range_ordered",
                violation_error_message=_(
                    "The upper bound of a range must be greater than its lower bound."
                ),
            ),
        ]

    def __str__(self):
        return self.name[:80]

    @property
    def is_iku(self) -> bool:
        return self.indicator_id is not None

    @property
    def target_display(self) -> str:
        """The target as typed, else as understood ('80–90'); '' when there is none."""
        return self.target_text or format_value(self.target_value, self.target_value_upper)

    def clean(self):
        errors = {}
        if self.left_out and not self.left_out_reason.strip():
            errors["left_out_reason"] = _("Say why this IKU is left out of the PK.")
        if self.target_id and self.agreement_id and self.target.agreement_id != self.agreement_id:
            errors["target"] = _("The strategic target must belong to the same PK.")
        if self.target_text:
            # What is kept as typed is what was understood, and nothing else.
            try:
                understood = parse_value(self.target_text, allow_range=True)
            except ValidationError as error:
                errors["target_text"] = error.messages
            else:
                if bounds(understood) != (self.target_value, self.target_value_upper):
                    errors["target_text"] = _("The target differs from its value.")
        elif self.target_value is not None:
            errors["target_text"] = _("The target differs from its value.")
        if errors:
            raise ValidationError(errors)


class AgreementProgram(GuardedByDocument):
    """A program (or kegiatan, sub-kegiatan) of the PK with its anggaran in rupiah. A kegiatan
    may be listed under its program and a sub-kegiatan under its kegiatan: their anggaran is
    part of the row above, so the Jumlah Anggaran adds up the rows that stand under none."""

    class Level(models.TextChoices):
        PROGRAM = "program", _("Program")
        ACTIVITY = "kegiatan", _("Kegiatan")
        SUB_ACTIVITY = "sub_kegiatan", _("Sub-kegiatan")

    agreement = models.ForeignKey(
        PerformanceAgreement,
        verbose_name=_("Perjanjian Kinerja"),
        on_delete=models.CASCADE,
        related_name="programs",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    level = models.CharField(
        _("level"), max_length=12, choices=Level.choices, default=Level.PROGRAM
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("under"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("A kegiatan under its program, a sub-kegiatan under its kegiatan."),
    )
    name = models.CharField(_("name"), max_length=500)
    budget = models.DecimalField(_("anggaran (Rp)"), max_digits=17, decimal_places=2)
    note = models.TextField(_("keterangan"), blank=True)
    target = models.ForeignKey(
        AgreementTarget,
        verbose_name=_("strategic target it serves"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programs",
    )
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = append_only_history()
    objects = GuardedQuerySet.as_manager()
    document_paths = ("agreement", "parent__agreement")

    class Meta:
        verbose_name = _("program of a PK")
        verbose_name_plural = _("programs of a PK")
        ordering = ["agreement_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="agreement_program_budget_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="agreement_program_not_own_parent",
                violation_error_message=_("A row cannot stand under itself."),
            ),
        ]

    def __str__(self):
        return self.name[:80]

    # The level a row of each level stands under.
    PARENT_LEVEL = {Level.ACTIVITY: Level.PROGRAM, Level.SUB_ACTIVITY: Level.ACTIVITY}

    def clean(self):
        errors = {}
        if self.parent_id:
            parent = self.parent
            if parent.agreement_id != self.agreement_id:
                errors["parent"] = _("The row above must belong to the same PK.")
            elif self.PARENT_LEVEL.get(self.level) != parent.level:
                errors["parent"] = _(
                    "A kegiatan stands under a program, a sub-kegiatan under a kegiatan."
                )
        if self.target_id and self.target.agreement_id != self.agreement_id:
            errors["target"] = _("The strategic target must belong to the same PK.")
        if errors:
            raise ValidationError(errors)


def _signed_agreement_path(instance, filename):
    return f"signed/agreements/{instance.agreement.unit_id}/{instance.code}.pdf"


def _countersignature_path(instance, filename):
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "pdf"
    version = instance.version
    return f"signed/agreements/{version.agreement.unit_id}/{version.code}-pihak-kedua.{suffix}"


class AgreementSignedVersion(AppendOnly):
    """What a PK printed when pihak pertama signed it: its content as JSON, the sealed PDF
    and the PDF's SHA-256, under a verification code. A record: never changed or removed."""

    agreement = models.OneToOneField(
        PerformanceAgreement,
        verbose_name=_("Perjanjian Kinerja"),
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
    pdf = models.FileField(_("PDF"), upload_to=_signed_agreement_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)

    class Meta:
        verbose_name = _("signed Perjanjian Kinerja")
        verbose_name_plural = _("signed Perjanjian Kinerja")
        ordering = ["-signed_at"]

    def __str__(self):
        return f"{self.agreement} ({self.code})"


class AgreementCountersignature(AppendOnly):
    """Pihak kedua's signature of a signed PK, by one of two paths (`agreements.rules`):
    pihak kedua with an account in the portal (the kepala of the unit above) signs it there
    (`signed_by`, no scan); one without (a kepala daerah) signs the printed page by hand and the
    unit's kepala records it: who, on which date, and the scan of that page with its SHA-256.
    A record: never changed or removed."""

    version = models.OneToOneField(
        AgreementSignedVersion,
        verbose_name=_("signed Perjanjian Kinerja"),
        on_delete=models.PROTECT,
        related_name="countersignature",
    )
    name = models.CharField(_("pihak kedua"), max_length=160)
    signed_on = models.DateField(_("signed on"), validators=[plausible_date])
    scan = models.FileField(
        _("scan of the signed page"), upload_to=_countersignature_path, blank=True
    )
    scan_sha256 = models.CharField(_("SHA-256 of the scan"), max_length=64, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed in the portal by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Pihak kedua's own account, when they signed in the portal."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("countersignature of a PK")
        verbose_name_plural = _("countersignatures of PKs")
        constraints = [
            # Signed in the portal by pihak kedua's account, or recorded with the signed scan.
            models.CheckConstraint(
                condition=Q(signed_by__isnull=False) | (~Q(scan="") & ~Q(scan_sha256="")),
                name="countersignature_in_portal_or_scanned",
                violation_error_message=_("Upload the scan of the page pihak kedua signed."),
            ),
        ]

    def __str__(self):
        return f"{self.version.code}: {self.name}"

    @property
    def in_portal(self) -> bool:
        """Signed by pihak kedua's own account, not recorded from a scan."""
        return self.signed_by_id is not None


class SignedAgreementError(FrozenDocumentError):
    """A change was asked of a signed PK (its parties, indicators or programs). `agreement_id`
    names the PK, for the page to go back to and say why not."""

    def __init__(self, agreement_id: int):
        PermissionDenied.__init__(
            self,
            _(
                "This Perjanjian Kinerja has been signed: it can no longer be changed. A change "
                "needs a PK Perubahan."
            ),
        )
        self.agreement_id = agreement_id


class AdoptedPlanError(FrozenDocumentError):
    """An adopted Rencana Aksi, or a triwulan target or activity of one, was about to change.
    `agreement_id`, when known, names the PK whose plan it is (for the page to go back to)."""

    def __init__(self, agreement_id: int | None = None):
        PermissionDenied.__init__(
            self,
            _(
                "This Rencana Aksi has been adopted: it can no longer be changed. A change of "
                "targets needs a PK Perubahan."
            ),
        )
        self.agreement_id = agreement_id


class ActionPlanQuerySet(models.QuerySet):
    """Queryset writes of Rencana Aksi: none that changes or removes an adopted one."""

    def update(self, **kwargs):
        if self.filter(status=ActionPlan.Status.ADOPTED).exists():
            raise AdoptedPlanError
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if self.model._base_manager.filter(
            pk__in=[obj.pk for obj in objs], status=ActionPlan.Status.ADOPTED
        ).exists():
            raise AdoptedPlanError
        return super().bulk_update(objs, fields, *args, **kwargs)

    def delete(self):
        if self.filter(status=ActionPlan.Status.ADOPTED).exists():
            raise AdoptedPlanError
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("update_conflicts"):  # an upsert would rewrite whichever plan it meets
            raise AdoptedPlanError
        return super().bulk_create(objs, *args, **kwargs)


class ActionPlan(models.Model):
    """Rencana Aksi: the quarterly plan of a signed PK, one per PK. Per indicator of the PK,
    the target of each triwulan (`QuarterlyTarget`) and the activities that reach it
    (`PlannedActivity`).

    Drafted by the unit's members while its PK is signed, then adopted (ditetapkan) by the
    kepala: from then on it is read-only, and the performance pages measure each quarter of a
    quarterly IKU against its target (`agreements.measuring`). A draft is never measured
    against."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")

    agreement = models.OneToOneField(
        PerformanceAgreement,
        verbose_name=_("Perjanjian Kinerja"),
        on_delete=models.PROTECT,
        related_name="action_plan",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
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
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adopted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)

    history = append_only_history()
    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan (Rencana Aksi)")
        verbose_name_plural = _("action plans (Rencana Aksi)")
        ordering = ["agreement_id"]

    def __str__(self):
        return f"Rencana Aksi · {self.agreement}"

    def save(self, *args, **kwargs):
        # Adopting writes a draft; nothing writes an adopted plan (here, in its queryset, in
        # its parts' guards and in PostgreSQL's triggers, migration 0004).
        if (
            self.pk is not None
            and type(self)._base_manager.filter(pk=self.pk, status=self.Status.ADOPTED).exists()
        ):
            raise AdoptedPlanError(self.agreement_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if type(self)._base_manager.filter(pk=self.pk, status=self.Status.ADOPTED).exists():
            raise AdoptedPlanError(self.agreement_id)
        return super().delete(*args, **kwargs)

    @classmethod
    def frozen_q(cls) -> Q:
        """The plans that are frozen (asked by the guards of the parts)."""
        return Q(status=cls.Status.ADOPTED)

    @property
    def unit_id(self) -> int:
        """The unit of its PK: what the membership predicates ask (organizations.access)."""
        return self.agreement.unit_id

    @property
    def heading(self) -> str:
        return f"RENCANA AKSI TAHUN {self.agreement.year}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_frozen(self) -> bool:
        """Adopted: read-only, and read by the members of the units above."""
        return self.status == self.Status.ADOPTED


QUARTERS = (1, 2, 3, 4)
QUARTER_LABELS = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}


class QuarterlyTarget(GuardedByDocument):
    """The target of one triwulan for an indicator of the PK: a number or a range. For a
    kumulatif IKU the quarters are the parts of the year that add up to its target."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("Rencana Aksi"),
        on_delete=models.CASCADE,
        related_name="quarter_targets",
    )
    indicator = models.ForeignKey(
        AgreementIndicator,
        verbose_name=_("indicator of the PK"),
        on_delete=models.CASCADE,
        related_name="quarter_targets",
    )
    quarter = models.PositiveSmallIntegerField(_("triwulan"))
    value = models.DecimalField(_("target value"), max_digits=18, decimal_places=4)
    value_upper = models.DecimalField(
        _("upper bound of a range target"), max_digits=18, decimal_places=4, null=True, blank=True
    )

    history = append_only_history()
    objects = GuardedQuerySet.as_manager()
    document_paths = ("plan",)
    frozen_error = AdoptedPlanError

    class Meta:
        verbose_name = _("quarterly target")
        verbose_name_plural = _("quarterly targets")
        ordering = ["plan_id", "indicator_id", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "quarter"], name="quarterly_target_once_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="quarterly_target_quarter_1_to_4",
                violation_error_message=_("A year has four triwulan."),
            ),
            models.CheckConstraint(
                condition=Q(value_upper__isnull=True) | Q(value_upper__gt=F("value")),
                name="quarterly_target_range_ordered",
                violation_error_message=_(
                    "The upper bound of a range must be greater than its lower bound."
                ),
            ),
        ]

    def __str__(self):
        return f"{QUARTER_LABELS.get(self.quarter, self.quarter)}: {self.display}"

    @classmethod
    def frozen_q(cls) -> Q:
        return Q(plan__status=ActionPlan.Status.ADOPTED)

    @property
    def display(self) -> str:
        return format_value(self.value, self.value_upper)

    def clean(self):
        if (
            self.plan_id
            and self.indicator_id
            and self.plan.agreement_id != self.indicator.agreement_id
        ):
            raise ValidationError({"indicator": _("The indicator must belong to the plan's PK.")})


class PlannedActivity(GuardedByDocument):
    """A kegiatan of the Rencana Aksi that serves an indicator of the PK: in which triwulan it
    runs and who is responsible for it (penanggung jawab)."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("Rencana Aksi"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    indicator = models.ForeignKey(
        AgreementIndicator,
        verbose_name=_("indicator of the PK"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("activity (kegiatan)"), max_length=500)
    responsible = models.CharField(_("responsible (penanggung jawab)"), max_length=200)
    in_q1 = models.BooleanField("TW I", default=False)
    in_q2 = models.BooleanField("TW II", default=False)
    in_q3 = models.BooleanField("TW III", default=False)
    in_q4 = models.BooleanField("TW IV", default=False)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = append_only_history()
    objects = GuardedQuerySet.as_manager()
    document_paths = ("plan",)
    frozen_error = AdoptedPlanError

    class Meta:
        verbose_name = _("activity of a Rencana Aksi")
        verbose_name_plural = _("activities of a Rencana Aksi")
        ordering = ["plan_id", "indicator_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(in_q1=True) | Q(in_q2=True) | Q(in_q3=True) | Q(in_q4=True),
                name="planned_activity_in_some_quarter",
                violation_error_message=_("Tick at least one triwulan in which it runs."),
            ),
        ]

    def __str__(self):
        return self.name[:80]

    @classmethod
    def frozen_q(cls) -> Q:
        return Q(plan__status=ActionPlan.Status.ADOPTED)

    @property
    def quarters(self) -> list[int]:
        return [q for q in QUARTERS if getattr(self, f"in_q{q}")]

    @property
    def schedule_display(self) -> str:
        """'TW I, TW III'."""
        return ", ".join(QUARTER_LABELS[q] for q in self.quarters)

    def clean(self):
        if (
            self.plan_id
            and self.indicator_id
            and self.plan.agreement_id != self.indicator.agreement_id
        ):
            raise ValidationError({"indicator": _("The indicator must belong to the plan's PK.")})
