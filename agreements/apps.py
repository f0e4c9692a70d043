from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "agreements"
    verbose_name = _("Performance agreements (Perjanjian Kinerja)")

    def ready(self):
        from agreements import attention
        from core import attention as registry

        registry.register(attention.waiting_for_the_kepala)
