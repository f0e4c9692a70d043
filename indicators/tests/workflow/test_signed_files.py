"""Files of signed documents: nothing left by a failed signing, a clear page for a missing or
altered file, and `verify_storage` to check them all."""

import errno
import hashlib
import os
import subprocess

import pytest
from django.core import files as core_files
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from core import storage
from indicators.frozen import StatusChangeError
from indicators.models import DocumentTransition, IKUDocument, ManualSigningJob, SignedVersion
from indicators.printing import sealing
from indicators.tests.factories import DocumentFactory, IndicatorFactory, StrategicTargetFactory
from indicators.workflow import services as workflow
from indicators.workflow import signing
from organizations.tests.factories import OfficialFactory


def _url(code):
    return f"https://iku.example/verifikasi/{code}/"


def _signed_files():
    def walk(folder):
        try:
            folders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return []
        found = [f"{folder}/{name}" for name in files]
        for sub in folders:
            found += walk(f"{folder}/{sub}")
        return found

    return walk("signed")


@pytest.fixture
def document(unit, staf):
    official = OfficialFactory(unit=unit)
    document = DocumentFactory(unit=unit, signatory=official)
    IndicatorFactory(strategic_target=StrategicTargetFactory(document=document))
    workflow.document_submit(document=document, user=staf)
    return document


def test_a_failed_signing_leaves_no_file_and_no_row(document, kepala, monkeypatch):
    before = set(_signed_files())

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(SignedVersion, "full_clean", fail)
    for _ in range(3):
        with pytest.raises(RuntimeError):
            signing.document_sign(document=document, user=kepala, verification_url=_url)
    assert set(_signed_files()) == before
    assert not SignedVersion.objects.filter(document=document).exists()
    document.refresh_from_db()
    assert document.status == IKUDocument.Status.SUBMITTED


@pytest.fixture
def signed(document, kepala):
    version = signing.document_sign(document=document, user=kepala, verification_url=_url)
    document.refresh_from_db()
    return version


def _pages(document, version):
    return [
        reverse("indicators:document_pdf", args=[document.pk]),
        reverse("indicators:manual_pdf", args=[document.pk]),
        reverse("indicators:document_preview", args=[document.pk]),
        reverse("indicators:verify_pdf", args=[version.code]),
        reverse("indicators:verify_manual_pdf", args=[version.code]),
    ]


@pytest.mark.parametrize("damage", ["missing", "altered"])
def test_a_missing_or_altered_file_gives_a_clear_page(client, staf, signed, document, damage):
    for name in (signed.pdf.name, signed.manual_pdf.name):
        default_storage.delete(name)
        if damage == "altered":
            default_storage.save(name, ContentFile(b"%PDF-1.7 something else %%EOF"))
    client.force_login(staf)
    for url in _pages(document, signed):
        response = client.get(url)
        assert response.status_code == 503, url
        page = response.content.decode()
        assert "IKU Portal" in page and "cadangan" in page, url
        assert ("hilang" if damage == "missing" else "berbeda") in page


def test_verify_storage_reports_missing_altered_and_unused_files(signed, capsys):
    call_command("verify_storage")
    assert "1 signed versions checked: 0 files missing or altered" in capsys.readouterr().out
    default_storage.delete(signed.pdf.name)
    default_storage.delete(signed.manual_pdf.name)
    default_storage.save(signed.manual_pdf.name, ContentFile(b"%PDF-1.7 tampered"))
    default_storage.save("signed/0/orphan.pdf", ContentFile(b"%PDF-1.7"))
    with pytest.raises(CommandError):
        call_command("verify_storage")
    out = capsys.readouterr().out
    assert f"MISSING  {signed.code}  {signed.pdf.name}" in out
    assert f"ALTERED  {signed.code}  {signed.manual_pdf.name}" in out
    assert "UNUSED   signed/0/orphan.pdf" in out


def test_dump_and_restore_into_an_empty_database_keeps_every_signature(
    transactional_db, tmp_path, client, signed, document, capsys
):
    """Backup and restore (README): the database dumped, emptied, loaded again, then every
    signed document verifies against its files."""
    dump = tmp_path / "backup.json"
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--exclude=contenttypes",
        "--exclude=auth.permission",
        "--exclude=sessions",
        output=str(dump),
        verbosity=0,
    )
    call_command("flush", "--noinput", verbosity=0)
    assert not SignedVersion.objects.exists()

    # Rows go back as they were, signed ones too: the database guards refuse a signed document
    # that appears from nowhere, so a restore loads with them off, as `pg_restore
    # --disable-triggers` does (a whole-database pg_restore creates them after the data).
    def replication_role(role):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET session_replication_role = {role}")

    replication_role("replica")
    try:
        call_command("loaddata", str(dump), verbosity=0)
    finally:
        replication_role("DEFAULT")

    restored = SignedVersion.objects.get(code=signed.code)
    assert restored.sha256 == signed.sha256 and restored.snapshot == signed.snapshot
    assert IKUDocument.objects.get(pk=document.pk).status == IKUDocument.Status.SIGNED
    capsys.readouterr()
    call_command("verify_storage")
    assert "1 signed versions checked: 0 files missing or altered" in capsys.readouterr().out
    page = client.get(reverse("indicators:verify", args=[signed.code]))
    assert page.status_code == 200 and signed.sha256 in page.content.decode()


def _pg(*command, **env):
    db = connection.settings_dict
    environment = {
        **os.environ,
        "PGHOST": db["HOST"] or "127.0.0.1",
        "PGPORT": str(db["PORT"] or 5432),
        "PGUSER": db["USER"],
        **env,
    }
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120)  # noqa: S603


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore")
def test_the_readmes_backup_and_restore_commands_keep_every_signature(
    transactional_db, tmp_path, document, kepala
):
    """pg_dump, then pg_restore into an empty database, whole and data-only (README)."""
    signed = signing.document_sign(document=document, user=kepala, verification_url=_url)
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "iku.dump"
    done = _pg("pg_dump", "--format=custom", f"--file={dump}", source)
    assert done.returncode == 0, done.stderr
    for name, steps in (
        (f"{source}_whole", [["pg_restore", "--no-owner", "--dbname={db}", str(dump)]]),
        (
            f"{source}_data",
            [
                ["pg_restore", "--no-owner", "--schema-only", "--dbname={db}", str(dump)],
                ["pg_restore", "--no-owner", "--data-only", "--disable-triggers",
                 "--dbname={db}", str(dump)],
            ],
        ),
    ):  # fmt: skip
        _pg("dropdb", "--if-exists", name)
        assert _pg("createdb", name).returncode == 0
        try:
            for step in steps:
                done = _pg(*[part.format(db=name) for part in step])
                assert done.returncode == 0, done.stderr
            row = _pg(
                "psql", "-tAc",
                "SELECT v.sha256, d.status FROM indicators_signedversion v JOIN "
                "indicators_ikudocument d ON d.id = v.document_id "
                f"WHERE v.code = '{signed.code}'",
                name,
            ).stdout.strip()  # fmt: skip
            assert row == f"{signed.sha256}|signed"
            # The guards are in force in the restored database: the signed document stays so.
            refused = _pg(
                "psql", "-v", "ON_ERROR_STOP=1", "-c",
                f"UPDATE indicators_ikudocument SET title = 'diubah' WHERE id = {document.pk}",
                name,
            )  # fmt: skip
            assert refused.returncode != 0 and "signed and cannot be changed" in refused.stderr
        finally:
            _pg("dropdb", "--if-exists", name)
    with signed.pdf.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == signed.sha256


def test_a_signed_document_is_superseded_only_by_the_signing_of_its_revision(
    document, kepala, staf
):
    signed = signing.document_sign(document=document, user=kepala, verification_url=_url)
    document.refresh_from_db()
    with transaction.atomic():
        DocumentTransition.objects.create(
            document=document, from_status="signed", to_status="superseded", user=kepala
        )  # recorded by hand, with no revision signed
    document.status = IKUDocument.Status.SUPERSEDED
    with pytest.raises(StatusChangeError), transaction.atomic():
        document.save(update_fields=["status", "updated_at"])
    if connection.vendor == "postgresql":
        with (
            pytest.raises(IntegrityError, match="superseded only by the signing"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                "UPDATE indicators_ikudocument SET status = 'superseded' WHERE id = %s",
                [document.pk],
            )
    assert IKUDocument.objects.get(pk=document.pk).status == IKUDocument.Status.SIGNED
    assert signed.code


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the guards are triggers there")
def test_the_guards_work_with_the_empty_search_path_a_restore_runs_with(db):
    """pg_restore empties the search path while it loads: the guards, called for every row of
    a draft's tujuan, sasaran and IKU, still find their own functions and tables."""
    indicator = IndicatorFactory(strategic_target=StrategicTargetFactory())
    with connection.cursor() as cursor:
        cursor.execute("SET search_path = ''")
        try:
            cursor.execute(
                "UPDATE public.indicators_indicator SET name = 'Diubah saat dipulihkan' "
                "WHERE id = %s",
                [indicator.pk],
            )
        finally:
            cursor.execute("RESET search_path")
    indicator.refresh_from_db()
    assert indicator.name == "Diubah saat dipulihkan"


def _everything(root) -> list[str]:
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


def test_a_full_disk_while_signing_leaves_no_file_and_signing_again_succeeds(
    settings, tmp_path, monkeypatch, document, kepala
):
    settings.MEDIA_ROOT = str(tmp_path)
    real, written = storage.write_chunk, []

    def one_chunk_then_full(file, chunk):  # the signed PDF begun, the disk then full
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(chunk)
        real(file, chunk)

    monkeypatch.setattr(storage, "write_chunk", one_chunk_then_full)
    monkeypatch.setattr(core_files.File, "DEFAULT_CHUNK_SIZE", 1024)  # the PDF in many chunks
    with pytest.raises(OSError, match="No space left"):
        signing.document_sign(document=document, user=kepala, verification_url=_url)
    assert _everything(tmp_path) == [] and not SignedVersion.objects.exists()
    monkeypatch.setattr(storage, "write_chunk", real)
    version = signing.document_sign(document=document, user=kepala, verification_url=_url)
    assert _everything(tmp_path) == sorted([version.pdf.name, version.manual_pdf.name])


def test_a_full_disk_while_the_manual_is_stored_leaves_the_document_signed_and_it_is_asked_again(
    settings, tmp_path, monkeypatch, document, kepala, client
):
    """The Manual IKU is signed after the document: a disk that fills meanwhile leaves the
    document signed with its PDF, no part of a Manual IKU, and the reason on the page; opening
    the Manual IKU again (the disk freed) signs and stores it."""
    settings.MEDIA_ROOT = str(tmp_path)
    real, full = storage.write_chunk, []

    def full_once_the_manual_is_laid_out(file, chunk):
        if full:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(file, chunk)

    lay_out = sealing.manual_pdf

    def manual_pdf_then_full(*args, **kwargs):
        pdf = lay_out(*args, **kwargs)
        full.append(True)
        return pdf

    monkeypatch.setattr(storage, "write_chunk", full_once_the_manual_is_laid_out)
    monkeypatch.setattr(sealing, "manual_pdf", manual_pdf_then_full)
    version = signing.document_sign(document=document, user=kepala, verification_url=_url)
    document.refresh_from_db()
    assert document.status == IKUDocument.Status.SIGNED
    assert _everything(tmp_path) == [version.pdf.name] and not version.manual_sha256
    assert "No space left" in ManualSigningJob.objects.get(version=version).error
    client.force_login(kepala)
    manual = reverse("indicators:manual_pdf", args=[document.pk])
    waiting = client.get(manual)  # says so, and asks again (the disk still full)
    assert waiting.status_code == 202
    assert "Manual IKU tidak selesai ditandatangani" in waiting.content.decode()
    full.clear()
    monkeypatch.setattr(sealing, "manual_pdf", lay_out)
    assert client.get(manual).status_code == 202  # the failure is shown once, then asked again
    stored = client.get(manual)
    version = SignedVersion.objects.get(pk=version.pk)
    assert stored.status_code == 200
    assert hashlib.sha256(stored.content).hexdigest() == version.manual_sha256
    signed = [name for name in _everything(tmp_path) if name.startswith("signed/")]
    assert signed == sorted([version.pdf.name, version.manual_pdf.name])
    assert not ManualSigningJob.objects.exists()
