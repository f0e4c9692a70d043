"""The second factor a head confirms a signature with: a code from an authenticator app (TOTP,
RFC 6238, django-otp), enrolled once by scanning a QR code, and recovery codes for a lost
phone (each works once). Signing asks for it when SIGNING_SECOND_FACTOR is on."""

import base64

import segno
from django.conf import settings
from django.db import transaction
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.errors import WorkflowError

RECOVERY_CODES = 8
DEVICE_NAME = "authenticator"


def required() -> bool:
    return settings.SIGNING_SECOND_FACTOR


def enrolled(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (a new secret until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The enrollment QR code (the otpauth:// address an authenticator app scans)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)
    return mark_safe(svg)  # noqa: S308 - segno's own SVG


def manual_key(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when the QR code cannot be scanned:
    base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[n : n + 4] for n in range(0, len(key), 4))


@transaction.atomic
def confirm(user, token: str, current: str = "") -> list[str]:
    """Confirm the pending authenticator with a code it shows; the recovery codes, shown once.
    Any earlier authenticator and recovery codes are replaced, which takes a code of the
    current app (or a recovery code): a password alone never moves the signing factor."""
    if enrolled(user):
        _verified(user, current, what=_("the code of your current app, or a recovery code"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(_digits(token)):
        raise WorkflowError(_("That code is not right. Type the 6 digits the app shows now."))
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


def check(user, token: str) -> None:
    """A signature's second factor: a current code of the user's authenticator, or one of their
    recovery codes (used up). WorkflowError with what to do otherwise."""
    if not required():
        return
    if not enrolled(user):
        raise WorkflowError(
            _("Signing asks a code from an authenticator app: set up two-step verification first.")
        )
    token = (token or "").strip()
    if not token:
        raise WorkflowError(_("Type the code from your authenticator app to sign."))
    _verified(user, token)


def _verified(user, token: str, *, what: str = "") -> None:
    """A current code of the user's authenticator, or one of their recovery codes (used up);
    WorkflowError otherwise. Wrong codes slow further tries down."""
    token = (token or "").strip()
    if not token:
        raise WorkflowError(_("Type %(what)s.") % {"what": what})
    digits = _digits(token)
    if len(digits) == len(token.replace(" ", "")):  # the app's code (throttled when wrong)
        for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
            allowed, _reason = device.verify_is_allowed()
            if not allowed:
                raise WorkflowError(
                    _("Too many wrong codes: wait a few seconds, then type the app's new code.")
                )
            if device.verify_token(digits):
                return
    else:  # a recovery code, used up
        for device in StaticDevice.objects.devices_for_user(user, confirmed=True):
            allowed, _reason = device.verify_is_allowed()
            if not allowed:
                raise WorkflowError(
                    _("Too many wrong codes: wait a few seconds, then type the code again.")
                )
            if device.verify_token(token.replace(" ", "").lower()):
                return
    raise WorkflowError(
        _(
            "That code is not right, or was used already (an app's code works once: wait for "
            "its next one). Nothing was signed."
        )
    )


def _digits(token: str) -> str:
    return "".join(ch for ch in str(token) if ch.isdigit())
