from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from core.forms import IndonesianNumberField
from core.formula import formula_names
from core.numbers import bounds, format_number, format_value
from core.validators import MEGABYTE
from indicators.models import Indicator
from performance import evidence as files
from performance.capaian import Target

# What an empty "target of this period" means, by tipe perhitungan (performance/capaian.py).
_EMPTY_TARGET_MEANS = {
    Indicator.CalculationType.CUMULATIVE: _(
        "Optional. Left empty, this period's target is its share of the year's target "
        "(the year's target divided by the number of periods): the periods add up to the year."
    ),
    Indicator.CalculationType.AVERAGE: _(
        "Optional. Left empty, this period is measured against the year's target; the year is "
        "the average of its periods."
    ),
    Indicator.CalculationType.LAST_PERIOD: _(
        "Optional. Left empty, this period is measured against the year's target; the last "
        "filled period counts for the year."
    ),
    Indicator.CalculationType.NON_CUMULATIVE: _(
        "Optional. Left empty, this period is measured against the year's target on its own; "
        "the year is the average of the periods' capaian."
    ),
}


class RealisasiForm(forms.Form):
    """A realisasi typed directly, or computed from the values of its formula's parts."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    how = forms.ChoiceField(
        label=_("How is the realisasi given?"),
        choices=[("typed", _("Typed directly")), ("formula", _("Computed from the formula"))],
        widget=forms.RadioSelect,
        initial="typed",
        required=False,  # typed, unless the formula is chosen
    )
    value = IndonesianNumberField(label=_("Realisasi"), help_text=_("e.g. 3,4 or 1.250"))
    target = IndonesianNumberField(
        label=_("Target of this period"),
        allow_range=True,
        help_text=_("Optional. Without it, the year's target is used."),
    )
    supporting_factors = forms.CharField(
        label=_("Supporting factors"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    inhibiting_factors = forms.CharField(
        label=_("Inhibiting factors"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up = forms.CharField(
        label=_("Efforts and follow-up"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    links = forms.CharField(
        label=_("Evidence links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One address per line (https://…)."),
    )
    evidence = forms.FileField(
        label=_("Evidence file (bukti dukung)"),
        required=False,
    )

    def __init__(self, *args, indicator, figure=None, own_target=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _(
            "PDF, PNG, JPEG, Word, Excel or PowerPoint; at most %(mb)s MB."
        ) % {"mb": files.max_file_bytes() // MEGABYTE}
        self.indicator = indicator
        self.names = formula_names(indicator.formula) if indicator.formula.strip() else []
        for index, name in enumerate(self.names):
            self.fields[f"part_{index}"] = IndonesianNumberField(label=name)
        if not self.names:
            del self.fields["how"]
        if not own_target:
            del self.fields["target"]
        else:
            self.fields["target"].help_text = _EMPTY_TARGET_MEANS.get(
                indicator.calculation_type, self.fields["target"].help_text
            )
        if figure is not None and not self.is_bound:
            self.initial.update(
                {
                    "version": figure.version,
                    "how": "formula" if figure.parts else "typed",
                    "value": format_number(figure.value),
                    "supporting_factors": figure.supporting_factors,
                    "inhibiting_factors": figure.inhibiting_factors,
                    "follow_up": figure.follow_up,
                    "links": figure.links,
                }
            )
            if "target" in self.fields:
                self.initial["target"] = format_value(figure.target_value, figure.target_upper)
            for index, name in enumerate(self.names):
                self.initial[f"part_{index}"] = figure.parts.get(name, "")
        elif not self.is_bound:
            self.initial["version"] = 0

    @property
    def part_fields(self):
        return [self[f"part_{index}"] for index in range(len(self.names))]

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(line)s” is not a web address (https://…).") % {"line": line[:80]}
                ) from None
        return "\n".join(lines)

    def clean_evidence(self):
        """Checked with the other fields, so that every problem is named at once."""
        upload = self.cleaned_data.get("evidence")
        if upload:
            try:
                files.sniff(upload)
                files.check_size(upload, 0)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("how") == "formula":
            missing = [
                f"part_{i}" for i in range(len(self.names)) if cleaned.get(f"part_{i}") is None
            ]
            for name in missing:
                if name not in self.errors:
                    self.add_error(name, _("Give a value for each part of the formula."))
        return cleaned

    def parts(self) -> dict[str, str] | None:
        if self.cleaned_data.get("how") != "formula":
            return None
        return {
            name: format_number(self.cleaned_data[f"part_{index}"])
            for index, name in enumerate(self.names)
        }

    def own_target(self) -> Target | None:
        value = self.cleaned_data.get("target")
        if value is None or value == "":
            return None
        return Target(*bounds(value))

    def analysis(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name]
            for name in ("supporting_factors", "inhibiting_factors", "follow_up", "links")
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
