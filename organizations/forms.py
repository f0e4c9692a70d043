from django import forms
from django.utils.translation import gettext_lazy as _

from core.locking import VersionedForm
from organizations.models import Function, Official, OrganizationUnit


class UnitProfileForm(VersionedForm):
    class Meta:
        model = OrganizationUnit
        fields = [
            "name",
            "short_name",
            "seat_city",
            "tugas",
            "max_iku_per_target",
            "max_iku_per_document",
            "enforce_iku_limits",
        ]
        widgets = {
            "tugas": forms.Textarea(attrs={"rows": 4}),
            "max_iku_per_target": forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
            "max_iku_per_document": forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        }


class FunctionForm(VersionedForm):
    class Meta:
        model = Function
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class OfficialForm(VersionedForm):
    class Meta:
        model = Official
        fields = ["kind", "name", "nip", "golongan", "jabatan", "start_date", "end_date"]
        widgets = {
            "jabatan": forms.Textarea(attrs={"rows": 2}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, unit: OrganizationUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        if self.instance.pk:
            self.initial["nip"] = self.instance.nip_display
        self.fields["nip"].required = False
        self.fields["jabatan"].help_text = _(
            "As printed above the signature; may start with Plt. or Plh. and span several lines."
        )
