"""Limits on how often one address (or one account) may ask for something public: a fixed
window counted in Django's cache. The cache is the process's own memory unless CACHE_URL
names a shared one (Redis, or the database), which several app servers must then share: see
the README's table.
"""

import time

from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def allow(scope: str, ident: str, *, limit: int, window: int = 60) -> bool:
    """Count one more request of `ident` in `scope`; False once `limit` is passed within the
    current window of `window` seconds."""
    slot = int(time.time() // window)
    key = f"rate:{scope}:{ident}:{slot}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a fresh window
        cache.add(key, 1, timeout=window + 5)
        count = 1
    return count <= limit


def too_many(request, *, window: int = 60, per_account: bool = False):
    """The 429 page, in the portal's frame: wait, and try again. `per_account`: the limit is
    the account's (asked from anywhere), not the address's."""
    minutes = max(1, round(window / 60))
    wait = (
        ngettext("%(n)s hour", "%(n)s hours", minutes // 60) % {"n": minutes // 60}
        if minutes % 60 == 0
        else ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
    )
    if per_account:
        message = _(
            "Too many requests for this account in a short time. Please wait %(wait)s and try "
            "again."
        ) % {"wait": wait}
    else:
        message = _(
            "Too many requests from your address in a short time. Please wait %(wait)s and try "
            "again."
        ) % {"wait": wait}
    response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(window)
    return response
