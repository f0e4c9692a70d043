"""The national electronic signature service (TTE by BSrE, BSSN) as a signing backend.

Built to the service's published REST API (version 2, "sign/pdf"): the PDF goes to the service
with the signer's NIK and passphrase (asked at each signing, never kept in the clear), and
comes back signed (PAdES) by the signer's certificate issued by BSrE. Configured by the
environment: BSRE_URL (e.g. https://<host>/api/v2/sign/pdf on the agency's gateway),
BSRE_CLIENT_ID and BSRE_CLIENT_SECRET (HTTP Basic), PDF_SIGNING_BACKEND=bsre.

Tested against a local stand-in server that follows that API (indicators/tests/workflow/
test_bsre.py); it has NOT been tried against the real service, whose access is granted per
agency. Errors come back as Indonesian messages (BsreError), never as a half-signed file.
"""

import base64
import json
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.translation import gettext as _


class BsreError(Exception):
    """The service refused or could not be reached; the message says why, in Indonesian."""


# The service's own error codes (as published), and what the signer is told.
_KNOWN = {
    2011: "nik",
    2021: "nik",
    2031: "passphrase",
    2051: "certificate",
}


def sign_pdf(pdf: bytes, *, nik: str, passphrase: str, reason: str, location: str) -> bytes:
    """`pdf` signed by the service for the signer `nik` (invisible signature: the printed
    signature block stays as the portal laid it out)."""
    body = json.dumps(
        {
            "nik": nik,
            "passphrase": passphrase,
            "signatureProperties": [
                {"tampilan": "INVISIBLE", "reason": reason, "location": location}
            ],
            "file": [base64.b64encode(pdf).decode()],
        }
    ).encode()
    credentials = base64.b64encode(
        f"{settings.BSRE_CLIENT_ID}:{settings.BSRE_CLIENT_SECRET}".encode()
    ).decode()
    request = urllib.request.Request(  # noqa: S310 - the configured service's address
        settings.BSRE_URL,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Basic {credentials}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.BSRE_TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise BsreError(_refusal(error)) from None
    except (urllib.error.URLError, TimeoutError, OSError, ValueError):
        raise BsreError(
            _("The national signing service (BSrE) did not answer. Nothing was signed; try again.")
        ) from None
    try:
        signed = base64.b64decode(answer["file"][0])
    except (KeyError, IndexError, TypeError, ValueError):
        raise BsreError(
            _("The national signing service (BSrE) sent back no signed file.")
        ) from None
    if not signed.startswith(b"%PDF-"):
        raise BsreError(_("The national signing service (BSrE) sent back no signed file."))
    return signed


def _refusal(error: urllib.error.HTTPError) -> str:
    try:
        detail = json.loads(error.read())
    except ValueError:
        detail = {}
    kind = _KNOWN.get(detail.get("status_code"))
    if error.code == 401:
        return _("The portal's access to the national signing service (BSrE) was refused.")
    if kind == "passphrase":
        return _("The BSrE passphrase is wrong. Nothing was signed.")
    if kind == "nik":
        return _("BSrE has no certificate for this NIK. Nothing was signed.")
    if kind == "certificate":
        return _("The signer's BSrE certificate is not active. Nothing was signed.")
    return _("The national signing service (BSrE) refused: %(error)s") % {
        "error": str(detail.get("error") or error.code)[:200]
    }
