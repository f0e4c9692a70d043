from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import plausible_date
from organizations.fields import NIPField
from organizations.nip import format_nip

# Pangkat and golongan of Indonesian civil servants (PP 99/2000). Proper names: not translated.
GOLONGAN_CHOICES = [
    ("I/a", "Juru Muda (I/a)"),
    ("I/b", "Juru Muda Tingkat I (I/b)"),
    ("I/c", "Juru (I/c)"),
    ("I/d", "Juru Tingkat I (I/d)"),
    ("II/a", "Pengatur Muda (II/a)"),
    ("II/b", "Pengatur Muda Tingkat I (II/b)"),
    ("II/c", "Pengatur (II/c)"),
    ("II/d", "Pengatur Tingkat I (II/d)"),
    ("III/a", "Penata Muda (III/a)"),
    ("III/b", "Penata Muda Tingkat I (III/b)"),
    ("III/c", "Penata (III/c)"),
    ("III/d", "Penata Tingkat I (III/d)"),
    ("IV/a", "Pembina (IV/a)"),
    ("IV/b", "Pembina Tingkat I (IV/b)"),
    ("IV/c", "Pembina Utama Muda (IV/c)"),
    ("IV/d", "Pembina Utama Madya (IV/d)"),
    ("IV/e", "Pembina Utama (IV/e)"),
]
PANGKAT_BY_GOLONGAN = {code: label.rsplit(" (", 1)[0] for code, label in GOLONGAN_CHOICES}


def letter_label(index: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'aa': how fungsi are lettered in the documents."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


class OrganizationUnitQuerySet(models.QuerySet):
    """The unit tree is read with a fixed number of joins (a pemda, its OPD, their bidang or
    UPTD: units lie at most two levels under a unit that oversees them), never recursively."""

    def within(self, units):
        """The given units (units or ids) and the units under them, two levels down."""
        ids = [unit if isinstance(unit, int) else unit.pk for unit in units]
        return self.filter(Q(pk__in=ids) | Q(parent_id__in=ids) | Q(parent__parent_id__in=ids))

    def top_unit_ids(self) -> dict[int, int]:
        """{unit id: the id of its top unit (its pemda; a unit without a parent is its own)}
        for the units of this queryset, in one query."""
        chains = self.values_list(
            "pk", "parent_id", "parent__parent_id", "parent__parent__parent_id"
        )
        return {chain[0]: [c for c in chain if c is not None][-1] for chain in chains}


class OrganizationUnit(models.Model):
    class Kind(models.TextChoices):
        PROVINSI = "pemprov", _("Provincial government (pemerintah provinsi)")
        KABUPATEN = "pemkab", _("Regency government (pemerintah kabupaten)")
        KOTA = "pemkot", _("City government (pemerintah kota)")
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        BIRO = "biro", _("Biro")
        KANTOR = "kantor", _("Kantor")
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        BIDANG = "bidang", _("Bidang")
        UPTD = "uptd", _("UPTD")
        OTHER = "lainnya", _("Other")

    # The kinds of a pemerintah daerah: its head is a kepala daerah (Gubernur, Bupati, Wali Kota).
    GOVERNMENT_KINDS = (Kind.PROVINSI, Kind.KABUPATEN, Kind.KOTA)

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DINAS)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("A bidang or UPTD belongs to its dinas; a dinas to its pemerintah daerah."),
    )
    government = models.CharField(
        _("government"), max_length=160, blank=True, help_text=_("e.g. Provinsi Sumatera Selatan")
    )
    seat_city = models.CharField(
        _("seat city"),
        max_length=80,
        blank=True,
        help_text=_("Used as the place in the signature block, e.g. Palembang."),
    )
    tugas = models.TextField(_("tugas (duty)"), blank=True)
    # The unit's own rules for its IKU documents: warnings, or a block on submission.
    max_iku_per_target = models.PositiveSmallIntegerField(
        _("at most this many IKU per strategic target"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
    )
    max_iku_per_document = models.PositiveSmallIntegerField(
        _("at most this many IKU per document"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
    )
    enforce_iku_limits = models.BooleanField(
        _("refuse submission over these limits"),
        default=False,
        help_text=_("Otherwise a document over the limits only shows a warning."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = HistoricalRecords()

    objects = OrganizationUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization unit")
        verbose_name_plural = _("organization units")
        ordering = ["name", "id"]
        # The units' lists (admin, pickers) in their order: a page read off the index, not the
        # whole table sorted (20,000 units nationally).
        indexes = [models.Index(fields=["name", "id"], name="unit_name_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="unit_name_unique_within_parent",
                violation_error_message=_("A unit with this name already exists here."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="unit_not_own_parent",
                violation_error_message=_("A unit cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_government(self) -> bool:
        """A pemerintah daerah (provinsi, kabupaten, kota), not one of its units."""
        return self.kind in self.GOVERNMENT_KINDS


class Function(models.Model):
    unit = models.ForeignKey(
        OrganizationUnit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="functions",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))

    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("function (fungsi)")
        verbose_name_plural = _("functions (fungsi)")
        ordering = ["unit", "order", "id"]

    def __str__(self):
        return self.text[:80]


class OfficialQuerySet(models.QuerySet):
    def current(self):
        return self.filter(end_date__isnull=True)

    def head(self):
        """The unit's head among these officials: the current one who took the post last (one
        whose start is not recorded comes after those whose start is). None if there is none."""
        return self.current().order_by(F("start_date").desc(nulls_last=True), "-id").first()


class Official(models.Model):
    class Kind(models.TextChoices):
        ASN = "asn", _("Civil servant (ASN): NIP and pangkat")
        STATE_OFFICIAL = (
            "pejabat_negara",
            _("Regional head or other state official (Gubernur, Bupati, Wali Kota): name only"),
        )

    unit = models.ForeignKey(
        OrganizationUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="officials",
    )
    name = models.CharField(
        _("name"), max_length=160, help_text=_("With academic titles, as printed.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ASN)
    nip = NIPField(
        _("NIP"),
        blank=True,
        help_text=_(
            "18 digits; may be typed with spaces, e.g. 19630421 198503 1 008. "
            "Required for a civil servant."
        ),
    )
    golongan = models.CharField(
        _("pangkat/golongan"), max_length=5, choices=GOLONGAN_CHOICES, blank=True
    )
    jabatan = models.TextField(
        _("position (jabatan)"),
        help_text=_("As printed above the signature; may span several lines."),
    )
    start_date = models.DateField(
        _("in post since"), null=True, blank=True, validators=[plausible_date]
    )
    end_date = models.DateField(
        _("in post until"), null=True, blank=True, validators=[plausible_date]
    )

    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    objects = OfficialQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("official (pejabat)")
        verbose_name_plural = _("officials (pejabat)")
        ordering = ["unit", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "nip"],
                condition=~Q(nip=""),
                name="official_nip_unique_within_unit",
                violation_error_message=_("This NIP is already registered in this unit."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="official_term_dates_ordered",
                violation_error_message=_("The end of the term cannot be before its start."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.jabatan.splitlines()[0] if self.jabatan else ''})"

    def clean(self):
        if self.kind == self.Kind.ASN and not self.nip:
            raise ValidationError({"nip": _("A civil servant (ASN) signs with a NIP.")})
        if self.kind == self.Kind.STATE_OFFICIAL:
            # A kepala daerah has neither NIP nor pangkat: nothing of them is printed.
            self.nip = ""
            self.golongan = ""

    @property
    def is_asn(self) -> bool:
        return self.kind == self.Kind.ASN

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)

    @property
    def pangkat(self) -> str:
        return PANGKAT_BY_GOLONGAN.get(self.golongan, "")

    @property
    def pangkat_display(self) -> str:
        """'Pembina Utama Madya (IV/d)', as under the name in a signature block."""
        return self.get_golongan_display() if self.golongan else ""


class Membership(models.Model):
    class Role(models.TextChoices):
        STAF = "staf", _("Staff")
        KEPALA = "kepala", _("Head")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        OrganizationUnit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAF)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit"],
                name="membership_unique_user_unit",
                violation_error_message=_("This user already has a role in this unit."),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.unit} · {self.get_role_display()}"
