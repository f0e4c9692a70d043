from django import forms
from django.db import models

from organizations.nip import normalize_nip, validate_nip


class NIPFormField(forms.CharField):
    """Accepts the NIP as people type it (spaces, dots) and hands on the 18 digits."""

    def __init__(self, **kwargs):
        kwargs["max_length"] = 30  # room for the separators; the model keeps 18 digits
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_nip(super().to_python(value))


class NIPField(models.CharField):
    default_validators = [validate_nip]

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 18
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_nip(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return normalize_nip(value) if value else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NIPFormField, **kwargs})
