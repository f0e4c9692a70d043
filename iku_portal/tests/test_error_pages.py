"""Error pages speak Indonesian in the portal's frame; an unreachable database or a full disk
gives a clear 503, not a bare server error."""

import errno
import time

from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from indicators.tests.factories import DocumentFactory
from indicators.workflow import services as workflow


def test_404_and_403_in_the_portal_frame(client, staf, unit):
    client.force_login(staf)
    missing = client.get("/dokumen/999999/")
    assert missing.status_code == 404
    assert "Halaman tidak ditemukan" in missing.content.decode()
    assert "IKU Portal" in missing.content.decode()
    document = DocumentFactory(unit=unit)
    workflow.document_submit(document=document, user=staf)
    forbidden = client.get(reverse("indicators:document_edit", args=[document.pk]))
    assert forbidden.status_code == 403
    assert "Tidak diizinkan" in forbidden.content.decode()


def test_500_page_is_indonesian_and_needs_no_database(db, monkeypatch, staf):
    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr("indicators.tree.views.document_search", broken)
    client = Client(raise_request_exception=False)
    client.force_login(staf)
    response = client.get(reverse("indicators:document_list"))
    assert response.status_code == 500
    assert "Terjadi kesalahan di server" in response.content.decode()


def test_an_unreachable_database_gives_a_clear_503(db, monkeypatch, client, staf):
    def down(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr("indicators.tree.views.document_search", down)
    client.force_login(staf)
    response = client.get(reverse("indicators:document_list"))
    assert response.status_code == 503
    assert "Basis data sedang tidak dapat dihubungi" in response.content.decode()


def test_a_full_disk_gives_a_clear_503(db, monkeypatch, client, staf):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("indicators.tree.views.document_search", full)
    client.force_login(staf)
    response = client.get(reverse("indicators:document_list"))
    assert response.status_code == 503
    assert "Ruang penyimpanan server penuh" in response.content.decode()


def test_a_busy_database_is_reported_as_busy_not_unreachable(db, monkeypatch, client, staf):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("indicators.tree.views.document_search", locked)
    client.force_login(staf)
    response = client.get(reverse("indicators:document_list"))
    page = response.content.decode()
    assert response.status_code == 503
    assert "Basis data sedang sibuk" in page and "tidak dapat dihubungi" not in page


def test_a_csrf_failure_and_a_bad_request_get_the_portals_indonesian_pages(db, staf):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staf)
    refused = client.post(reverse("indicators:document_create"), {})
    page = refused.content.decode()
    assert refused.status_code == 403
    assert "Formulir sudah kedaluwarsa" in page and "IKU Portal" in page
    bad = Client().get("/", HTTP_HOST="bukan.portal.example")
    assert bad.status_code == 400
    assert "Permintaan tidak dapat dipahami" in bad.content.decode()


def test_a_request_running_too_long_under_gunicorn_is_stopped_with_a_clear_page(
    db, monkeypatch, client, staf, settings
):
    settings.REQUEST_TIMEOUT_SECONDS = 0.3

    def slow(*args, **kwargs):
        time.sleep(5)

    monkeypatch.setattr("indicators.tree.views.document_search", slow)
    client.force_login(staf)
    started = time.monotonic()
    response = client.get(reverse("indicators:document_list"), SERVER_SOFTWARE="gunicorn/27.0.1")
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    assert "terlalu lama" in response.content.decode()
