from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementIndicator, AgreementProgram, PerformanceAgreement
from core.forms import IndonesianNumberField, RupiahField, understood
from core.locking import VersionedForm
from core.validators import EARLIEST_YEAR, LATEST_YEAR
from organizations.nip import format_nip

BUDGET_HELP = _(
    "Type the amount in full (Rp 1.250.000.000, 1.250.000.000 or 1250000000) or with the word "
    "(1,25 miliar; also ribu, juta, triliun). Abbreviations such as “1,25 M” or “500 jt” are "
    "refused: M is a miliar in Indonesian but a million in English."
)


class AgreementStartForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=EARLIEST_YEAR,
        max_value=LATEST_YEAR,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4, "size": 6}),
        help_text=_(
            "The Perjanjian Kinerja copies the sasaran, IKU and targets of this year from the "
            "unit's signed IKU document whose period covers it."
        ),
    )

    def __init__(self, *args, periods: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        if periods:
            year.help_text = f"{year.help_text} " + _(
                "The signed IKU documents of this unit cover %(periods)s."
            ) % {"periods": ", ".join(periods)}
        else:
            year.help_text = f"{year.help_text} " + _("This unit has no signed IKU document yet.")


class PartiesForm(VersionedForm):
    """Pihak pertama and pihak kedua as printed, with the place and date of signing."""

    class Meta:
        model = PerformanceAgreement
        fields = [
            "first_party_name",
            "first_party_nip",
            "first_party_pangkat",
            "first_party_position",
            "second_party_name",
            "second_party_nip",
            "second_party_pangkat",
            "second_party_position",
            "place",
            "date",
        ]
        widgets = {
            "first_party_position": forms.Textarea(attrs={"rows": 2}),
            "second_party_position": forms.Textarea(attrs={"rows": 2}),
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for prefix in ("first_party", "second_party"):
            self.fields[f"{prefix}_nip"].required = False
            nip = getattr(self.instance, f"{prefix}_nip")
            if nip:
                self.initial[f"{prefix}_nip"] = format_nip(nip)

    def first_fields(self):
        return [self[name] for name in self.Meta.fields if name.startswith("first_party")]

    def second_fields(self):
        return [self[name] for name in self.Meta.fields if name.startswith("second_party")]

    def other_fields(self):
        return [self["place"], self["date"]]


class AgreementIndicatorForm(VersionedForm):
    """An indicator of the PK and its target. Of an IKU only the target is changed here (its
    sasaran, name and satuan are the IKU document's); an indikator kinerja lain has all of
    them, under a sasaran of the PK or a new one typed here."""

    new_target = forms.CharField(
        label=_("or a new strategic target"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For an indicator that serves none of the sasaran above."),
    )
    target_input = IndonesianNumberField(
        label=_("Target"),
        allow_range=True,
        help_text=_("A number (85,5) or a range (80–90), written the Indonesian way."),
    )

    class Meta:
        model = AgreementIndicator
        fields = ["target", "name", "satuan"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, agreement: PerformanceAgreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agreement = agreement
        self.fields["target"].queryset = agreement.targets.all()
        self.fields["target"].required = False
        if self.instance.pk:
            self.fields["target_input"].initial = self.instance.target_display
            del self.fields["new_target"]
        if self.instance.is_iku:
            for name in ("target", "name", "satuan"):
                del self.fields[name]

    def typed_target(self) -> str:
        """The target as typed, kept and printed so."""
        return str(self.data.get(self.add_prefix("target_input"), "")).strip()

    def shown_target(self) -> str:
        """The target as understood, in figures and words ('36–38 (tiga puluh enam sampai tiga
        puluh delapan)'); '' for none."""
        value = self.cleaned_data.get("target_input")
        return "" if value is None else understood(value)


class LeaveOutForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this IKU left out of the PK?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say why this IKU is left out of the PK.")},
    )


class ProgramForm(VersionedForm):
    budget = RupiahField(label=_("Anggaran (Rp)"), help_text=BUDGET_HELP)

    class Meta:
        model = AgreementProgram
        fields = ["level", "parent", "name", "budget", "note", "target"]
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, agreement: PerformanceAgreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agreement = agreement
        above = agreement.programs.exclude(level=AgreementProgram.Level.SUB_ACTIVITY)
        if self.instance.pk:
            above = above.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = above
        self.fields["target"].queryset = agreement.targets.all()


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it returned?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CountersignatureForm(forms.Form):
    """Pihak kedua's signature as recorded by the unit's kepala, from the page signed by hand."""

    name = forms.CharField(label=_("Pihak kedua (name as signed)"), max_length=160)
    signed_on = forms.DateField(
        label=_("Signed on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    scan = forms.FileField(
        label=_("Scan of the signed page"),
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
    )


class VerifyUploadForm(forms.Form):
    file = forms.FileField(label=_("A PDF to compare"))
