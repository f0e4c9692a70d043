from django import forms

from .models import Function, OrganizationUnit


class UnitProfileForm(forms.ModelForm):
    class Meta:
        model = OrganizationUnit
        fields = ["name", "short_name", "seat_city", "tugas"]
        widgets = {"tugas": forms.Textarea(attrs={"rows": 4})}


class FunctionForm(forms.ModelForm):
    class Meta:
        model = Function
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
