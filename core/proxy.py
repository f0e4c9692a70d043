"""Which address a request came from, for login throttling.

Behind a TLS proxy (BEHIND_TLS_PROXY) every request arrives from the proxy, and the client's
address is the last one the proxy appended to X-Forwarded-For; anything before it was sent by
the client and can be forged. Without a proxy, X-Forwarded-For is ignored entirely.
"""

from django.conf import settings


def client_ip(request) -> str:
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")
