"""Files on local disk are whole or absent: written under a temporary name beside their place,
flushed to disk, then given their name in one step (a hard link, which also never overwrites a
file of that name). A full disk, a killed process or a power cut in the middle leaves no
half-written file under the real name, and the temporary one is removed on any failure.
(Object storage, by FILE_STORAGE, stores an object whole by itself.)"""

import contextlib
import os
import tempfile

from django.core.files.storage import FileSystemStorage


def write_chunk(file, chunk) -> None:
    """One chunk to disk (a seam the tests of a full disk use)."""
    file.write(chunk)


class WholeFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as file:
                for chunk in content.chunks():
                    write_chunk(file, chunk if isinstance(chunk, bytes) else chunk.encode())
                file.flush()
                os.fsync(file.fileno())
            while True:
                try:
                    os.link(temporary, full_path)
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
                else:
                    break
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        return os.path.relpath(full_path, self.location).replace("\\", "/")
