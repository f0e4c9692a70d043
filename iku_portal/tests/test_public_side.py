"""The public side and the login: throttling, oversized bodies, CSP without inline script,
password reset by e-mail (or not offered), and forwarded headers trusted only behind a proxy."""

import http.client
import io
import os
import re
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core import mail
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
from django.urls import reverse
from gunicorn.config import Config

from core.proxy import client_ip
from iku_portal.middleware import ForwardedHeadersMiddleware
from indicators.tests.factories import DocumentFactory, IndicatorFactory

BASE_DIR = Path(__file__).resolve().parents[2]


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_31st_login_after_30_wrong_passwords_is_refused_and_recorded(client, staf):
    staf.set_password("benar-sekali-2026")
    staf.save()
    for _attempt in range(30):
        _login(client, "staf", "salah")
    response = _login(client, "staf", "benar-sekali-2026")
    page = response.content.decode()
    assert response.status_code == 429
    assert "Terlalu banyak kata sandi salah" in page
    assert "_auth_user_id" not in client.session  # not logged in
    assert AccessAttempt.objects.get(username="staf").failures_since_start >= 10
    assert AccessFailureLog.objects.filter(username="staf").exists()


def test_a_few_wrong_passwords_do_not_lock_and_the_right_one_logs_in(client, staf):
    staf.set_password("benar-sekali-2026")
    staf.save()
    for _attempt in range(3):
        assert _login(client, "staf", "salah").status_code == 200
    assert _login(client, "staf", "benar-sekali-2026").status_code == 302
    assert client.session["_auth_user_id"] == str(staf.pk)


class _CountingInput(io.RawIOBase):
    """A request body stream that records whether anybody read from it."""

    def __init__(self):
        self.bytes_read = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        size = len(buffer)
        buffer[:size] = b"x" * size
        self.bytes_read += size
        return size


def test_an_oversized_upload_is_refused_before_it_is_read(db):
    environ = RequestFactory()._base_environ(
        PATH_INFO="/verifikasi/ABCDEFGH/",
        REQUEST_METHOD="POST",
        CONTENT_TYPE="multipart/form-data; boundary=XYZ",
        CONTENT_LENGTH=str(150 * 1024 * 1024),
    )
    body = _CountingInput()
    environ["wsgi.input"] = body
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    page = b"".join(response).decode()
    assert statuses == ["413 Content Too Large"] or statuses[0].startswith("413")
    assert "terlalu besar" in page.lower()
    assert body.bytes_read == 0


INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def _pages(world_urls):
    return [reverse("login"), reverse("password_reset"), *world_urls]


@pytest.fixture
def portal_urls(unit, staf, kepala):
    document = DocumentFactory(unit=unit)
    indicator = IndicatorFactory(strategic_target__document=document)
    return [
        reverse("indicators:dashboard"),
        reverse("indicators:document_list"),
        reverse("indicators:document_detail", args=[document.pk]),
        reverse("indicators:document_edit", args=[document.pk]),
        reverse("indicators:indicator_edit", args=[indicator.pk]),
        reverse("indicators:goal_create", args=[document.pk]),
        reverse("organizations:unit_profile", args=[unit.pk]),
        reverse("admin:index"),
        reverse("admin:indicators_ikudocument_change", args=[document.pk]),
    ]


def test_every_page_sends_a_csp_without_inline_script_and_has_none(client, superuser, portal_urls):
    client.force_login(superuser)
    for url in _pages(portal_urls):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", policy).group(1)
        assert script_src.strip() == "'self'", (url, policy)
        assert "frame-ancestors 'none'" in policy
        html = response.content.decode()
        for attributes in SCRIPT_TAG.findall(html):
            assert "src=" in attributes or "application/json" in attributes, (url, attributes)
        assert not INLINE_HANDLER.search(html), (url, INLINE_HANDLER.search(html).group(0))


def test_password_reset_sends_a_link_that_sets_a_new_password(client, staf, settings):
    settings.PASSWORD_RESET_OFFERED = True
    staf.email = "ani@dinas.example.go.id"
    staf.save()
    assert "Lupa kata sandi?" in client.get(reverse("login")).content.decode()
    response = client.post(reverse("password_reset"), {"email": staf.email}, follow=True)
    assert "Periksa e-mail Anda" in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [staf.email]
    assert "staf" in mail.outbox[0].body
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Pilih kata sandi baru" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "kata-sandi-baru-2026", "new_password2": "kata-sandi-baru-2026"},
        follow=True,
    )
    assert "Kata sandi diubah" in done.content.decode()
    assert _login(client, "staf", "kata-sandi-baru-2026").status_code == 302


def test_without_email_password_reset_is_not_offered(client, staf, settings):
    settings.PASSWORD_RESET_OFFERED = False
    assert "Lupa kata sandi?" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("password_reset")).status_code == 404
    assert client.post(reverse("password_reset"), {"email": "x@example.go.id"}).status_code == 404
    assert mail.outbox == []


def _gunicorn_settings(monkeypatch, behind_proxy):
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    if behind_proxy:
        monkeypatch.setenv("BEHIND_TLS_PROXY", "1")
    else:
        monkeypatch.delenv("BEHIND_TLS_PROXY", raising=False)
    namespace = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    config = Config()
    for name, value in namespace.items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_gunicorn_trusts_forwarded_headers_only_behind_a_tls_proxy(monkeypatch):
    alone = _gunicorn_settings(monkeypatch, behind_proxy=False)
    assert alone.forwarded_allow_ips == [] and alone.secure_scheme_headers == {}
    behind = _gunicorn_settings(monkeypatch, behind_proxy=True)
    assert behind.forwarded_allow_ips == ["127.0.0.1", "::1"]
    assert behind.secure_scheme_headers["X-FORWARDED-PROTO"] == "https"


def test_the_login_throttle_ignores_a_forged_forwarded_for_without_a_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7"
    )
    settings.BEHIND_TLS_PROXY = False
    assert client_ip(request) == "203.0.113.9"
    settings.BEHIND_TLS_PROXY = True
    settings.FORWARDED_ALLOW_IPS = ["203.0.113.9"]  # the request came from the proxy
    assert client_ip(request) == "198.51.100.7"  # the address the proxy itself appended
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.1"]  # from anybody else: their own address
    assert client_ip(request) == "203.0.113.9"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_the_development_server_answers_an_oversized_upload_with_the_413_page(tmp_path):
    """`make run` serves with the development server, which refuses hop-by-hop headers from
    the application: the 413 page must come through it, not a bare 500."""
    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MAX_REQUEST_BYTES": str(1024 * 1024),
        "DJANGO_SETTINGS_MODULE": "iku_portal.settings",
    }
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        body = b"x" * (2 * 1024 * 1024)
        connection.request(
            "POST",
            "/verifikasi/ABCD-EFGH-JKLM/",
            body=body,
            headers={"Content-Type": "application/octet-stream"},
        )
        response = connection.getresponse()
        page = response.read().decode()
        assert response.status == 413
        assert "terlalu besar" in page.lower() and "IKU Portal" in page
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_verification_page_is_limited_per_address(client, settings, db):
    settings.VERIFY_LOOKUPS_PER_MINUTE = 5
    url = reverse("indicators:verify", args=["ABCD-EFGH-JKLM"])
    assert [client.get(url).status_code for _ in range(5)] == [404] * 5  # unknown code
    refused = client.get(url)
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "Terlalu banyak permintaan dari alamat Anda" in refused.content.decode()
    assert "tunggu 1 menit" in refused.content.decode()
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 404  # another address


def test_password_reset_requests_are_limited_per_account_and_per_address(client, settings, db):
    settings.PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR = 2
    settings.PASSWORD_RESETS_PER_HOUR = 4
    url = reverse("password_reset")

    def ask(email, address="127.0.0.1"):
        return client.post(url, {"email": email}, REMOTE_ADDR=address).status_code

    assert [ask("kepala@dinas.go.id") for _ in range(2)] == [302, 302]
    assert ask("kepala@dinas.go.id", "10.0.0.7") == 429  # the account, from any address
    refused = client.post(url, {"email": "kepala@dinas.go.id"}, REMOTE_ADDR="10.0.0.8")
    page = refused.content.decode()
    assert "untuk akun ini" in page and "tunggu 1 jam" in page and "alamat Anda" not in page
    assert ask("staf@dinas.go.id") == 302
    assert ask("lain@dinas.go.id") == 302  # the fourth from this address
    assert ask("baru@dinas.go.id") == 429  # the fifth: the address is limited


def test_forwarded_headers_are_believed_only_from_the_proxy(client, settings, db):
    settings.BEHIND_TLS_PROXY = True
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.1"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.VERIFY_LOOKUPS_PER_MINUTE = 2
    url = reverse("indicators:verify", args=["ABCD-EFGH-JKLM"])
    # Past the proxy, a forged X-Forwarded-For changes nothing: the real address is limited.
    forged = [
        client.get(url, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        for n in range(3)
    ]
    assert [r.status_code for r in forged] == [404, 404, 429]
    # From the proxy, the address it appended counts.
    relayed = [
        client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        for n in range(3)
    ]
    assert [r.status_code for r in relayed] == [404, 404, 404]
    # The scheme too: "https" from anybody but the proxy is not believed.
    secure = []
    middleware = ForwardedHeadersMiddleware(lambda request: secure.append(request.is_secure()))
    for address in ("203.0.113.5", "10.0.0.1"):
        middleware(RequestFactory().get("/", REMOTE_ADDR=address, HTTP_X_FORWARDED_PROTO="https"))
    assert secure == [False, True]


def test_rotating_addresses_gives_no_unlimited_guesses_of_one_password(client, staf, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    staf.set_password("benar-sekali-2026")
    staf.save()
    for n in range(3):  # each from another address: below the limit per address
        wrong = client.post(
            reverse("login"), {"username": "staf", "password": "salah"}, REMOTE_ADDR=f"10.9.0.{n}"
        )
        assert wrong.status_code == 200
    blocked = client.post(
        reverse("login"),
        {"username": "staf", "password": "benar-sekali-2026"},
        REMOTE_ADDR="10.9.0.99",
    )
    assert blocked.status_code == 429 and "Login diblokir sementara" in blocked.content.decode()
    assert "_auth_user_id" not in client.session
