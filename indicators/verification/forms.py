"""The public check of a printed copy: an uploaded PDF compared with what was signed."""

import hashlib

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.validators import MEGABYTE


class VerifyUploadForm(forms.Form):
    pdf = forms.FileField(label=_("PDF to check"))

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > settings.VERIFY_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(mb)s MB).")
                % {"mb": settings.VERIFY_UPLOAD_MAX_BYTES // MEGABYTE}
            )
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This file is not a PDF."))
        return upload

    def content(self) -> bytes:
        upload = self.cleaned_data["pdf"]
        upload.seek(0)
        return upload.read()

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for chunk in self.cleaned_data["pdf"].chunks():
            digest.update(chunk)
        return digest.hexdigest()
