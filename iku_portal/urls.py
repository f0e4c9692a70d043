import datetime

from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import render
from django.urls import include, path, reverse_lazy
from django.utils import timezone

from core.proxy import client_ip
from core.ratelimit import allow, too_many

admin.site.site_header = "IKU Portal"
admin.site.site_title = "IKU Portal"


def _offered(view):
    """Password reset exists only where e-mail can be sent (settings.PASSWORD_RESET_OFFERED):
    a page that says "sent" when nothing is sent would be a lie."""

    def wrapped(request, *args, **kwargs):
        if not settings.PASSWORD_RESET_OFFERED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _limited(view):
    """Password-reset requests limited per address and per account (the address typed), so
    that nobody can flood a mailbox or the mail server; the same answer for every account."""

    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            account = request.POST.get("email", "").strip().lower()[:254]
            hour = 3600
            per_address = settings.PASSWORD_RESETS_PER_HOUR
            per_account = settings.PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR
            if not allow("reset-address", client_ip(request), limit=per_address, window=hour):
                return too_many(request, window=hour)
            if account and not allow("reset-account", account, limit=per_account, window=hour):
                return too_many(request, window=hour, per_account=True)
        return view(request, *args, **kwargs)

    return wrapped


def _login(request, *args, **kwargs):
    """The login page, with a limit per account from every address together (besides
    django-axes' limit per account and address): after LOGIN_FAILURES_PER_ACCOUNT wrong
    passwords within LOGIN_ACCOUNT_WINDOW_MINUTES, the account waits out the window, whoever
    asks, so that rotating addresses gives no unlimited guesses."""
    username = request.POST.get("username", "").strip()[:150] if request.method == "POST" else ""
    if username:
        window = settings.LOGIN_ACCOUNT_WINDOW_MINUTES
        since = timezone.now() - datetime.timedelta(minutes=window)
        failures = AccessFailureLog.objects.filter(username=username, attempt_time__gte=since)
        if failures.count() >= settings.LOGIN_FAILURES_PER_ACCOUNT:
            response = render(
                request,
                "registration/locked_out.html",
                {"login_cooloff_minutes": window},
                status=429,
            )
            response["Retry-After"] = str(window * 60)
            return response
    return auth_views.LoginView.as_view()(request, *args, **kwargs)


reset = [
    path(
        "password_reset/",
        _offered(
            _limited(
                auth_views.PasswordResetView.as_view(
                    email_template_name="registration/password_reset_email.txt",
                    subject_template_name="registration/password_reset_subject.txt",
                )
            )
        ),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        _offered(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        _offered(
            auth_views.PasswordResetConfirmView.as_view(
                success_url=reverse_lazy("password_reset_complete")
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        _offered(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include(reset)),
    path("accounts/login/", _login, name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("organizations.urls")),
    path("", include("indicators.urls")),
    path("", include("agreements.urls")),
    path("", include("performance.urls")),
]
