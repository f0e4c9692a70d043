from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Installed only for its management commands (the task worker); it has no models."""

    name = "core"
    verbose_name = _("Core")
