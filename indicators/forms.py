import hashlib
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Goal, IKUDocument, Indicator, StrategicTarget


class VersionedForm(forms.ModelForm):
    """Carries the version the user started from, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def changes_against(self, current) -> list[tuple[str, str, str]]:
        """(label, saved by the other person, typed here) for every field that differs."""
        changes = []
        for name, field in self.fields.items():
            if name == "version" or name not in self.cleaned_data:
                continue
            if not hasattr(current, name):
                continue
            theirs, mine = getattr(current, name), self.cleaned_data[name]
            if theirs != mine and not (theirs in (None, "") and mine in (None, "")):
                changes.append((str(field.label), str(theirs or "—"), str(mine or "—")))
        return changes


class DocumentForm(forms.ModelForm):
    copy_from = forms.ModelChoiceField(
        queryset=IKUDocument.objects.none(),
        required=False,
        label=_("Copy the content of"),
        help_text=_("Optional: start from the tujuan, sasaran and IKU of an existing document."),
    )

    class Meta:
        model = IKUDocument
        fields = [
            "unit",
            "title",
            "period_start",
            "period_end",
            "layout",
            "signature_place",
            "signature_date",
            "signature_date_format",
        ]
        widgets = {"signature_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, units, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["copy_from"].queryset = documents


class DocumentEditForm(VersionedForm):
    class Meta:
        model = IKUDocument
        fields = [
            "title",
            "period_start",
            "period_end",
            "layout",
            "signature_place",
            "signature_date",
            "signature_date_format",
            "signatory",
            "signatory_title",
        ]
        widgets = {
            "signature_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "signatory_title": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatory"].queryset = self.instance.unit.officials.all()


class GoalForm(VersionedForm):
    indicator_lines = forms.CharField(
        label=_("Goal indicators (indikator tujuan)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )

    class Meta:
        model = Goal
        fields = ["code", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, document: IKUDocument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.document = document
        if self.instance.pk:
            self.fields["indicator_lines"].initial = "\n".join(
                gi.text for gi in self.instance.indicators.all()
            )

    def indicator_texts(self) -> list[str]:
        lines = self.cleaned_data.get("indicator_lines", "").splitlines()
        return [line.strip() for line in lines if line.strip()]


class StrategicTargetForm(VersionedForm):
    class Meta:
        model = StrategicTarget
        fields = ["goal", "code", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, document: IKUDocument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.document = document
        self.fields["goal"].queryset = document.goals.all()


class IndicatorForm(VersionedForm):
    """Every field of an IKU, plus one target field per year of the document's period."""

    class Meta:
        model = Indicator
        fields = [
            "strategic_target",
            "code",
            "name",
            "satuan",
            "formula",
            "explanation",
            "selection_reason",
            "data_source",
            "responsible",
            "direction",
            "calculation_type",
            "baseline_year",
            "baseline_value",
        ]
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "formula": forms.Textarea(attrs={"rows": 2, "data-formula-input": "1"}),
            "explanation": forms.Textarea(attrs={"rows": 4}),
            "selection_reason": forms.Textarea(attrs={"rows": 2}),
            "data_source": forms.Textarea(attrs={"rows": 2}),
            "responsible": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, document: IKUDocument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.document = document
        self.document = document
        self.fields["strategic_target"].queryset = document.strategic_targets.all()
        self.fields["explanation"].help_text = _(
            "Paragraphs and lists are kept; other formatting is removed."
        )
        existing = {}
        if self.instance.pk:
            existing = {t.year: t.value for t in self.instance.targets.all()}
        for year in self.years:
            self.fields[f"target_{year}"] = forms.DecimalField(
                label=_("Target %(year)s") % {"year": year},
                required=False,
                max_digits=18,
                decimal_places=4,
                initial=existing.get(year),
                localize=True,
            )

    @property
    def years(self) -> range:
        return range(self.document.period_start, self.document.period_end + 1)

    def target_values(self) -> dict[int, Decimal | None]:
        return {year: self.cleaned_data.get(f"target_{year}") for year in self.years}


class VerifyUploadForm(forms.Form):
    pdf = forms.FileField(label=_("PDF to check"))

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > settings.VERIFY_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(mb)s MB).")
                % {"mb": settings.VERIFY_UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This file is not a PDF."))
        return upload

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for chunk in self.cleaned_data["pdf"].chunks():
            digest.update(chunk)
        return digest.hexdigest()
