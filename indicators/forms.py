from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import IKUDocument, Indicator, StrategicTarget


class StrategicTargetForm(forms.ModelForm):
    class Meta:
        model = StrategicTarget
        fields = ["goal", "code", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, document: IKUDocument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.document = document
        self.fields["goal"].queryset = document.goals.all()


class IndicatorForm(forms.ModelForm):
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
