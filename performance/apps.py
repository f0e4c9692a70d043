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

        from iku_portal import attention

        attention.register(_waiting_for_approval)


def _waiting_for_approval(user):
    """The reporting periods the user, as kepala, is to approve."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from .selectors import waiting_for

    base = reverse("performance:dashboard")
    realisasi, waiting = _("Realisasi"), _("waiting for your approval")  # not in f-strings
    return [
        (
            f"{base}?unit={p.unit_id}&tahun={p.year}&periode={p.number}",
            f"{realisasi} {p.label}",
            f"{p.unit} · {waiting}",
        )
        for p in waiting_for(user)
    ]


def _document_signed(sender, instance, created, **kwargs):
    """A newly signed version may be the one in force for the years of its period."""
    if created:
        from .selectors import forget_standings

        document = instance.document
        forget_standings(document.unit_id, range(document.period_start, document.period_end + 1))
