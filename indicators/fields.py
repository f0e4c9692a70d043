from django.db import models

from core.sanitize import sanitize_html


class SanitizedHTMLField(models.TextField):
    """A TextField whose HTML is cleaned when validated and again just before it is saved,
    so nothing unsafe reaches the database, whichever path wrote it."""

    def to_python(self, value):
        value = super().to_python(value)
        return sanitize_html(value) if value else value

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
