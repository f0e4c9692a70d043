"""Which address a request came from, for login throttling.

Behind a TLS proxy (BEHIND_TLS_PROXY) a request that arrives from the proxy (an address in
FORWARDED_ALLOW_IPS) comes from the last address the proxy appended to X-Forwarded-For;
anything before it was sent by the client and can be forged. A request from any other address
(someone who reached the app server past the proxy) comes from that address, whatever it
says. Without a proxy, X-Forwarded-For is ignored entirely.
"""

from django.conf import settings


def from_proxy(request) -> bool:
    """The request came from the TLS proxy itself (FORWARDED_ALLOW_IPS), not from anybody."""
    return settings.BEHIND_TLS_PROXY and request.META.get("REMOTE_ADDR", "") in set(
        settings.FORWARDED_ALLOW_IPS
    )


def client_ip(request) -> str:
    if from_proxy(request):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")
