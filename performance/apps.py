from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "performance"
    verbose_name = _("Performance measurement")

    def ready(self):
        # Imported here: models and what uses them can be imported only once apps are ready.
        from django.db.models.signals import post_save

        from agreements.models import ActionPlan, AgreementSignedVersion
        from core import attention
        from indicators.models import IKUDocument, SignedVersion
        from indicators.tree import warnings
        from organizations.models import OrganizationUnit
        from performance import signals

        post_save.connect(signals.document_signed, sender=SignedVersion, dispatch_uid="standings")
        post_save.connect(signals.unit_saved, sender=OrganizationUnit, dispatch_uid="standings")
        # agreements may not import performance: the ranking hears its signatures and adoptions.
        post_save.connect(
            signals.agreement_signed, sender=AgreementSignedVersion, dispatch_uid="standings"
        )
        post_save.connect(signals.action_plan_adopted, sender=ActionPlan, dispatch_uid="standings")
        post_save.connect(
            signals.document_status_changed, sender=IKUDocument, dispatch_uid="revision_signed"
        )
        attention.register(signals.waiting_for_approval)
        attention.register(signals.returned_for_correction)
        warnings.register(signals.realisasi_before_deleting)
