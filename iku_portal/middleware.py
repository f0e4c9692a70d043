import errno
import logging
import signal
import threading
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.proxy import from_proxy
from core.validators import MEGABYTE
from indicators.signed_files import StoredFileProblem


class ForwardedHeadersMiddleware:
    """Forwarded headers (scheme, client address, host) are believed only from the TLS proxy
    (FORWARDED_ALLOW_IPS, the list gunicorn uses too): from anybody else they are removed, so
    that neither the HTTPS check nor the login throttle can be fooled past the proxy."""

    HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not from_proxy(request):
            for header in self.HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class RequestTooLong(Exception):
    """A request ran longer than REQUEST_TIMEOUT_SECONDS."""


def _too_long(signum, frame):
    raise RequestTooLong


class RequestTimeoutMiddleware:
    """Under gunicorn, a request that runs longer than REQUEST_TIMEOUT_SECONDS (a little less
    than GUNICORN_TIMEOUT) is stopped with a clear page in the portal's frame (503, by
    FailurePageMiddleware) and its writes undone, before gunicorn kills the worker and the user
    sees a bare error. Only where it can be done safely: gunicorn's sync worker runs a request
    in its main thread; the development server's threads are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.REQUEST_TIMEOUT_SECONDS
        if (
            not seconds
            or threading.current_thread() is not threading.main_thread()
            or not request.META.get("SERVER_SOFTWARE", "").startswith("gunicorn")
        ):
            return self.get_response(request)
        previous = signal.signal(signal.SIGALRM, _too_long)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return self.get_response(request)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Indonesian unless the user picked another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; many office PCs run
    an English browser, and the portal is meant to speak Indonesian to them.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RefuseNulMiddleware:
    """A NUL byte has no meaning in any URL or form of the portal, and PostgreSQL refuses it in
    text: answer 400 with a plain message before a view passes it to a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.path_info + "?" + request.META.get("QUERY_STRING", "")
        if "\x00" in raw or b"\x00" in unquote_to_bytes(raw):
            return HttpResponseBadRequest(
                _("The address contains a character that is not allowed."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class FailurePageMiddleware:
    """A failure of a part the portal needs gets a clear page in the portal's frame (503),
    never a bare server error: the database cannot be reached, the disk is full, or a signed
    document's stored file is missing or not as signed. Each request's writes run in a
    transaction (or the service's own), so nothing is left half-done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, StoredFileProblem):
            message = str(exception.message)
        elif isinstance(exception, RequestTooLong):
            message = _(
                "This page took too long to prepare and was stopped. Nothing was changed; "
                "please try again, or ask the administrator if it happens again."
            )
        elif isinstance(exception, OperationalError) and _is_busy(exception):
            message = _(
                "The database is busy right now. Nothing was changed; please try again in a moment."
            )
        elif isinstance(exception, (OperationalError, InterfaceError)):
            message = _(
                "The database cannot be reached right now. Nothing was changed; please try "
                "again in a moment."
            )
        elif isinstance(exception, OSError) and exception.errno == errno.ENOSPC:
            message = _(
                "The server's storage is full. Nothing was saved; please tell the "
                "administrator and try again later."
            )
        else:
            return None
        logging.getLogger("iku_portal").error("%s: %s", type(exception).__name__, exception)
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
        response["Retry-After"] = "60"
        return response


def _is_busy(error: OperationalError) -> bool:
    """Another writer holds the database (SQLite's lock, PostgreSQL's lock timeout): it is
    there, and busy, not unreachable."""
    text = str(error).lower()
    return "database is locked" in text or "lock timeout" in text or "could not obtain lock" in text


class AtomicWritesMiddleware:
    """A request that may write (POST, PUT, PATCH, DELETE) runs its view in one transaction,
    undone if the view fails, as Django's ATOMIC_REQUESTS would; a request that only reads
    (GET, HEAD, OPTIONS) takes none, so that it never holds a write lock (on SQLite, the one
    write lock of the database, which the task worker needs too). A view marked
    `transaction.non_atomic_requests` manages its own.

    Listed after FailurePageMiddleware: its process_exception is asked first and notes the
    failure, which undoes the transaction whatever page is then shown."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            atomic = request.__dict__.pop("_atomic_writes", None)
            if atomic is not None:
                if request.__dict__.pop("_view_failed", False):
                    transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return None
        if DEFAULT_DB_ALIAS in getattr(view_func, "_non_atomic_requests", set()):
            return None
        request._atomic_writes = transaction.atomic()
        request._atomic_writes.__enter__()
        return None

    def process_exception(self, request, exception):
        request._view_failed = True
        return None


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than MAX_REQUEST_BYTES (413) from its Content-Length, before
    a byte of it is read: an anonymous 150 MB upload costs the server nothing. (Django reads no
    more than Content-Length says; a body sent without one is not read at all.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            limit_mb = settings.MAX_REQUEST_BYTES // MEGABYTE
            response = HttpResponse(
                render_to_string("413.html", {"limit_mb": limit_mb}), status=413
            )
            if request.META.get("SERVER_SOFTWARE", "").startswith("gunicorn"):
                # The unread body must not be taken for the next request: gunicorn closes
                # the connection when told. (Hop-by-hop headers are the server's business:
                # the development server refuses them, and drains the body itself.)
                response["Connection"] = "close"
            return response
        return self.get_response(request)
