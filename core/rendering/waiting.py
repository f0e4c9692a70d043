"""The pages shown while a worker prepares a PDF, and when it cannot: used by every app whose
views serve a rendered file."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

WAITED = "tunggu"  # the query parameter of a waiting page's own refreshes


def pdf_unavailable(request) -> HttpResponse:
    """The 503 page, in the portal's frame, of a server that cannot print."""
    message = _("PDF printing is not available on this server (WeasyPrint is not installed).")
    return render(request, "503.html", {"message": message}, status=503)


def render_wait(
    request, waiting, *, subject: str, back_url: str, manual=False, download=False
) -> HttpResponse:
    """A PDF is being prepared by a worker: this page says so, shows how far it is, and
    reloads itself until the PDF is there (no script needed). For a PDF that is downloaded
    (an attachment), the page reloads itself as `?tunggu=1`, which the view answers, once
    the file is ready, with `render_ready` instead of the file: a download does not replace
    the page, which would otherwise stay on "being prepared"."""
    return render(
        request,
        "indicators/render_wait.html",
        {
            "waiting": waiting,
            "subject": subject,
            "back_url": back_url,
            "manual": manual,
            "refresh_url": f"{request.path}?{WAITED}=1" if download else request.path,
        },
        status=202,
    )


def waited_for_download(request) -> bool:
    """A waiting page's own refresh, for a file that is downloaded."""
    return request.GET.get(WAITED) == "1"


def render_ready(request, *, subject: str, back_url: str) -> HttpResponse:
    """The PDF a waiting page waited for is ready: a link downloads it."""
    return render(
        request,
        "indicators/render_ready.html",
        {"subject": subject, "back_url": back_url, "download_url": request.path},
    )
