"""Deployment checks (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def portal_base_url(app_configs, **kwargs):
    """Every signed PDF carries PORTAL_BASE_URL for good, as its QR code: it must be the
    portal's public HTTPS address, never the development default."""
    parts = urlsplit(settings.PORTAL_BASE_URL)
    if parts.scheme == "https" and parts.hostname not in {None, "localhost", "127.0.0.1", "::1"}:
        return []
    return [
        Warning(
            f"PORTAL_BASE_URL is {settings.PORTAL_BASE_URL!r}: signed PDFs would carry this "
            "address in their verification QR code for good.",
            hint="Set PORTAL_BASE_URL to the portal's public address, e.g. "
            "https://iku.example.go.id",
            id="iku.W001",
        )
    ]
