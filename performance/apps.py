from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "performance"
    verbose_name = _("Performance measurement")

    def ready(self):
        from django.db.models.signals import post_save

        from indicators.models import SignedVersion

        post_save.connect(_document_signed, sender=SignedVersion, dispatch_uid="standings")


def _document_signed(sender, instance, created, **kwargs):
    """A newly signed version may be the one in force for the years of its period."""
    if created:
        from .selectors import forget_standings

        document = instance.document
        forget_standings(document.unit_id, range(document.period_start, document.period_end + 1))
