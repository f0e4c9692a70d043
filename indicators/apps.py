from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = _("Key performance indicators")

    def ready(self):
        from core import attention
        from indicators import checks  # noqa: F401  (registers the deployment checks)
        from indicators.cascading.attention import stale_links
        from indicators.cascading.panels import unit_alignment_panel
        from indicators.printing import signals
        from organizations import panels

        signals.connect()
        panels.register(unit_alignment_panel)
        attention.register(stale_links)
