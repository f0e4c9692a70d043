"""Small HTTP helpers every app's views use: reading a query parameter, a download."""

from django.http import HttpResponse
from django.utils import timezone


def int_or_none(value) -> int | None:
    """A query parameter as an integer, None when absent or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def year_asked(request, default=None) -> int:
    """`?tahun=`: a plausible year asked for, else `default()` (a function: asked only when
    needed), else this year."""
    year = int_or_none(request.GET.get("tahun"))
    if year and 1900 < year < 2200:
        return year
    return default() if default else timezone.localdate().year


def querystring_without_page(request) -> str:
    """The request's query string without `page`, for the links of a paginated list."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def attachment(content: bytes, content_type: str, filename: str, *, inline=False) -> HttpResponse:
    """`content` served as a file named `filename` (downloaded, or shown with `inline`)."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
