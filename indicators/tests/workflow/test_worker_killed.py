"""A worker killed in the middle of its work (SIGKILL: out of memory, a deploy) is found out
by its missing sign of life after the lease: a signing is failed with the reason and can be
signed again, leaving no file behind; a render is asked again. Real worker processes on
PostgreSQL, where several processes share the database."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from indicators.models import IKUDocument, ManualSigningJob, RenderJob, SignedVersion, SigningJob
from indicators.tests.factories import DocumentFactory, IndicatorFactory
from indicators.workflow import services as workflow
from organizations.tests.factories import OfficialFactory

ROOT = Path(__file__).resolve().parents[3]
LEASE = 3

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a worker process beside the tests shares a database server: PostgreSQL",
    ),
]


@pytest.fixture
def queue(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = str(tmp_path)
    settings.TASK_LEASE_SECONDS = LEASE
    db = connection.settings_dict
    return {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DJANGO_SETTINGS_MODULE": "iku_portal.settings",
        "MEDIA_ROOT": str(tmp_path),
        "TASK_HEARTBEAT_SECONDS": "0.5",
    }


def _kill_when_heard_of(env, model, **lookup):
    """Start a worker, wait until it shows a sign of life on the job, and kill it (SIGKILL)."""
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
        + ["--interval", "0.2"],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 90
        while not model.objects.filter(heartbeat_at__isnull=False, **lookup).exists():
            assert time.monotonic() < deadline, "the worker never started the job"
            assert worker.poll() is None, "the worker ended by itself"
            time.sleep(0.05)
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()


def _document(unit, staf):
    document = DocumentFactory(unit=unit, signatory=OfficialFactory(unit=unit))
    for _n in range(30):
        IndicatorFactory(strategic_target__document=document)
    workflow.document_submit(document=document, user=staf)
    return document


def test_a_signing_whose_worker_was_killed_fails_after_the_lease_and_is_signed_again(
    queue, client, staf, kepala, unit, tmp_path
):
    document = _document(unit, staf)
    client.force_login(kepala)
    sign = reverse("indicators:document_transition", args=[document.pk, "tandatangani"])
    detail = reverse("indicators:document_detail", args=[document.pk])
    client.post(sign)
    _kill_when_heard_of(queue, SigningJob, document=document)
    assert "Sedang diproses" in client.get(detail).content.decode()  # within the lease
    time.sleep(LEASE + 1)
    page = client.get(detail).content.decode()
    assert "Pekerja yang menandatangani berhenti" in page
    document.refresh_from_db()
    assert document.status == IKUDocument.Status.SUBMITTED
    assert not SignedVersion.objects.exists()
    assert (
        not list((tmp_path / "signed").rglob("*.pdf")) if (tmp_path / "signed").exists() else True
    )
    client.post(sign)  # the second try
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    document.refresh_from_db()
    assert document.status == IKUDocument.Status.SIGNED
    assert SignedVersion.objects.filter(document=document).count() == 1
    held = {SignedVersion.objects.get().pdf.name, SignedVersion.objects.get().manual_pdf.name}
    on_disk = {str(p.relative_to(tmp_path)) for p in (tmp_path / "signed").rglob("*.pdf")}
    assert on_disk == held  # no orphan of the killed attempt


def test_a_manual_whose_worker_was_killed_is_asked_again_and_the_document_stays_signed(
    queue, client, staf, kepala, unit, tmp_path
):
    """Killed after the document's signature, while it signed the Manual IKU: the document is
    signed; past the lease, opening the Manual IKU asks a worker again, which stores it."""
    document = _document(unit, staf)
    client.force_login(kepala)
    client.post(reverse("indicators:document_transition", args=[document.pk, "tandatangani"]))
    _kill_when_heard_of(queue, ManualSigningJob, version__document=document)
    document.refresh_from_db()
    assert document.status == IKUDocument.Status.SIGNED
    version = SignedVersion.objects.get(document=document)
    assert version.pdf.name and not version.manual_sha256
    manual = reverse("indicators:manual_pdf", args=[document.pk])
    assert client.get(manual).status_code == 202  # still being signed, as far as anyone knows
    time.sleep(LEASE + 1)
    assert client.get(manual).status_code == 202  # the dead one is asked again
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    stored = client.get(manual)
    version = SignedVersion.objects.get(pk=version.pk)
    assert stored.status_code == 200
    assert hashlib.sha256(stored.content).hexdigest() == version.manual_sha256
    held = {version.pdf.name, version.manual_pdf.name}
    on_disk = {str(p.relative_to(tmp_path)) for p in (tmp_path / "signed").rglob("*.pdf")}
    assert on_disk == held
    assert not ManualSigningJob.objects.exists()


def test_a_render_whose_worker_was_killed_is_asked_again_after_the_lease(queue, client, staf, unit):
    document = _document(unit, staf)
    client.force_login(staf)
    pdf = reverse("indicators:document_pdf", args=[document.pk])
    assert client.get(pdf).status_code == 202
    _kill_when_heard_of(queue, RenderJob, document=document)
    assert client.get(pdf).status_code == 202  # still running, as far as anyone knows
    time.sleep(LEASE + 1)
    assert client.get(pdf).status_code == 202  # the dead render is asked again
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    ready = client.get(pdf)
    assert ready.status_code == 200 and ready.content.startswith(b"%PDF-")
