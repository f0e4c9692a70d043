from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "agreements"
    verbose_name = _("Performance agreements (Perjanjian Kinerja)")

    def ready(self):
        from agreements import attention
        from agreements.selectors import verification_page
        from core import attention as registry
        from core import verification

        registry.register(attention.waiting_for_the_kepala)
        verification.register(verification_page)
