"""Verification codes, the ones printed beside the QR code of every signed document (an IKU
document's, a Perjanjian Kinerja's): how a code typed off paper is read, the limit on guessing
them, the page of a code that is nobody's, and where the public lookup sends a code.

The lookup lives in `indicators`; the PKs live in `agreements`, which depends on `indicators`,
never the reverse. An app whose documents carry codes the lookup does not know registers a
resolver (in its AppConfig.ready): a function of a normalised code giving the URL of that
code's verification page, or None when the code is not one of its own."""

from django.conf import settings
from django.shortcuts import render

from core.proxy import client_ip
from core.ratelimit import allow, too_many

_resolvers = []


def register(resolver) -> None:
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def page_of(code: str) -> str | None:
    """The verification page of a (normalised) code, by the first resolver that knows it."""
    for resolver in _resolvers:
        url = resolver(code)
        if url:
            return url
    return None


def normalized_code(code: str) -> str:
    """A code as typed off paper: 'abcd efgh jklm', 'ABCDEFGHJKLM' → 'ABCD-EFGH-JKLM'."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else code.upper()


def refused(request):
    """The 429 page once the address has asked for too many codes within the minute (the
    pages of every kind of document count together, so that codes cannot be guessed by the
    thousand); None while it may ask."""
    if allow("verify", client_ip(request), limit=settings.VERIFY_LOOKUPS_PER_MINUTE):
        return None
    return too_many(request)


def unknown(request, code: str):
    """The 404 page of a code that no signed document has, with a box to type another."""
    return render(request, "verify_unknown.html", {"code": code}, status=404)
