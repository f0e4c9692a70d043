"""Every URL pattern of the portal (the admin's too), given a NUL byte or other nonsense in its
parameters and in its query, answers a page or a clear refusal: never a server error. Run on
PostgreSQL by CI, where a NUL byte in a text query would otherwise raise."""

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

JUNK = ["\x00", "x\x00y", "%00", "'; DROP TABLE x;--", "9" * 30, "-1", "ä€𝄞"]
QUERIES = [
    "?q=%00&page=%00&next=%00&tahun=%00&status=%00&unit=%00&o=%00&p=x%00",
    "?q=%27%3B--&page=abc&next=//evil.example&tahun=99999999999999999999&status=zzz&unit=-1"
    "&o=x.y&p=99999999999999999999&e=1&_changelist_filters=%FF",
]
BODIES = [{"q": "\x00", "text": "a\x00b", "version": "\x00"}, {"text": "9" * 5000, "version": "-1"}]


def _patterns(resolver=None, namespace=""):
    """(name with namespace, parameter names, int parameter names) of every named pattern."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            pattern = entry.pattern
            converters = getattr(pattern, "converters", {})
            names = list(pattern.regex.groupindex)
            ints = {n for n, c in converters.items() if type(c).__name__ == "IntConverter"}
            yield f"{namespace}{entry.name}", names, ints


def _urls():
    urls = set()
    for name, params, ints in _patterns():
        for junk in JUNK:
            kwargs = {p: (1 if p in ints else junk) for p in params}
            try:
                urls.add(reverse(name, kwargs=kwargs))
            except NoReverseMatch:
                try:  # a parameter with a narrow pattern (a code, a direction): a valid one
                    urls.add(reverse(name, kwargs=dict.fromkeys(params, 1)))
                except NoReverseMatch:
                    continue
    return sorted(urls)


def test_the_walk_covers_the_portal():
    urls = _urls()
    assert len(urls) > 100
    assert any(u.startswith("/verifikasi/%00") for u in urls)
    assert any(u.startswith("/admin/indicators/") for u in urls)


@pytest.mark.parametrize("who", ["anonymous", "staf", "superuser"])
def test_no_url_answers_a_server_error_to_junk(client, request, who, db):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    errors = []
    for url in _urls():
        for query, body in zip(QUERIES, BODIES, strict=True):
            for method in ("get", "post"):
                response = getattr(client, method)(url + query, body)
                if response.status_code >= 500:
                    errors.append((method, url + query, response.status_code))
    assert errors == []
