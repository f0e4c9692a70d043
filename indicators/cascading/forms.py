"""The forms of cascading: which upper sasaran a sasaran supports, which upper IKU an IKU
supports (with its jenis cascading). Their choices are only the parent's document in force."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator, StrategicTarget


class _UpperChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        code = getattr(obj, "display_code", "")
        text = getattr(obj, "text", None) or obj.name
        return f"{code} {text}".strip()


class TargetLinkForm(forms.Form):
    supports = _UpperChoiceField(
        queryset=None,
        required=False,
        label=_("Supports the upper strategic target"),
        empty_label=_("— none (not linked) —"),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["supports"]
        # The choices as read (numbered): the queryset only validates the id posted.
        field.queryset = StrategicTarget.objects.filter(pk__in=[c.pk for c in choices])
        field.choices = [("", field.empty_label)] + [
            (c.pk, field.label_from_instance(c)) for c in choices
        ]


class IndicatorLinkForm(forms.Form):
    supports = _UpperChoiceField(
        queryset=None,
        required=False,
        label=_("Supports the upper IKU"),
        empty_label=_("— none (not linked) —"),
    )
    cascading = forms.ChoiceField(
        label=_("Cascading type (jenis cascading)"),
        choices=[("", "—"), *Indicator.Cascading.choices],
        required=False,
        help_text=_(
            "With a link: C or CP, how the upper IKU is carried down (empty: C). "
            "Without a link: as typed on the IKU."
        ),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["supports"]
        field.queryset = Indicator.objects.filter(pk__in=[c.pk for c in choices])
        field.choices = [("", field.empty_label)] + [
            (c.pk, field.label_from_instance(c)) for c in choices
        ]
