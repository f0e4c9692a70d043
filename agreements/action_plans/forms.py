from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import QUARTER_LABELS, QUARTERS, ActionPlan, PlannedActivity
from core.forms import IndonesianNumberField
from core.locking import VersionedForm
from core.numbers import format_value


class QuarterTargetsForm(forms.Form):
    """The four triwulan targets of one indicator, each a number or a range typed the
    Indonesian way; an empty box is no target for that triwulan."""

    def __init__(self, *args, indicator, quarters: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for quarter in QUARTERS:
            self.fields[f"tw{quarter}"] = IndonesianNumberField(
                label=QUARTER_LABELS[quarter], allow_range=True
            )
            if quarter in quarters:
                saved = quarters[quarter]
                self.initial[f"tw{quarter}"] = format_value(saved.value, saved.value_upper)

    def values(self) -> dict:
        return {quarter: self.cleaned_data.get(f"tw{quarter}") for quarter in QUARTERS}


class ActivityForm(VersionedForm):
    class Meta:
        model = PlannedActivity
        fields = ["indicator", "name", "responsible", "in_q1", "in_q2", "in_q3", "in_q4"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"responsible": _("The bidang, seksi or official who carries it out.")}

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["indicator"].queryset = plan.agreement.indicators.filter(left_out=False)
        self.fields["indicator"].empty_label = None
