"""`verify_storage` covers every stored kind: signed files, evidence, uploaded spreadsheets,
exports and renders; it reports missing, unused and partial files and can remove the unused."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from indicators.models import ExportJob, ImportBatch


def test_every_stored_kind_is_checked_and_the_unused_removed(
    settings, tmp_path, staf, unit, capsys
):
    settings.MEDIA_ROOT = str(tmp_path)
    batch = ImportBatch(user=staf, unit=unit, period_start=2025, period_end=2029, name="iku.xlsx")
    batch.file.save("upload.bin", ContentFile(b"data"), save=False)
    batch.save()
    default_storage.delete(batch.file.name)  # its file is gone
    job = ExportJob.objects.create(user=staf, unit=unit)
    job.file.save("dokumen.zip", ContentFile(b"PK"), save=True)
    default_storage.save("bukti/2025/9/lupa.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    default_storage.save("renders/1/abc.pdf", ContentFile(b"%PDF-1.7 cut off"))
    default_storage.save("exports/7/.part-xyz", ContentFile(b"half"))
    with pytest.raises(CommandError):
        call_command("verify_storage")
    out = capsys.readouterr().out
    assert f"MISSING  imports  {batch.file.name}" in out
    assert "UNUSED   bukti/2025/9/lupa.pdf" in out
    assert "PARTIAL  renders/1/abc.pdf" in out and "PARTIAL  exports/7/.part-xyz" in out
    assert job.file.name not in out  # a finished export in use is fine
    with pytest.raises(CommandError):  # still missing: an upload cannot be made up
        call_command("verify_storage", "--remove-unused")
    assert not default_storage.exists("bukti/2025/9/lupa.pdf")
    assert not default_storage.exists("renders/1/abc.pdf")
    assert default_storage.exists(job.file.name)
