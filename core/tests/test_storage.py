"""Files are whole or absent: a full disk in the middle of any write leaves no file, whole or
partial, under the name nor beside it, and the next attempt succeeds."""

import errno
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core import storage


@pytest.fixture
def full_disk_after(monkeypatch):
    """The disk fills up after `n` chunks have been written."""

    def arm(n: int):
        real, written = storage.write_chunk, []

        def write(file, chunk):
            if len(written) >= n:
                raise OSError(errno.ENOSPC, "No space left on device")
            written.append(len(chunk))
            real(file, chunk)

        monkeypatch.setattr(storage, "write_chunk", write)
        return lambda: monkeypatch.setattr(storage, "write_chunk", real)

    return arm


def _everything(root) -> list[str]:
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


@pytest.mark.parametrize(
    "folder", ["signed/1", "renders/1", "bukti/2026/1", "imports/1", "exports/1"]
)
def test_a_full_disk_leaves_no_partial_file_and_the_next_write_succeeds(
    settings, tmp_path, full_disk_after, folder
):
    settings.MEDIA_ROOT = str(tmp_path)
    content = b"%PDF-1.7\n" + b"x" * (3 * 64 * 1024) + b"\n%%EOF\n"  # several chunks
    heal = full_disk_after(1)
    with pytest.raises(OSError, match="No space left"):
        default_storage.save(f"{folder}/berkas.pdf", ContentFile(content))
    assert _everything(tmp_path) == []  # neither the name nor a temporary file
    heal()
    name = default_storage.save(f"{folder}/berkas.pdf", ContentFile(content))
    with default_storage.open(name, "rb") as stored:
        assert stored.read() == content
    assert _everything(tmp_path) == [f"{folder}/berkas.pdf"]
