"""The stored files of signed versions (the PDF, the Manual IKU), read only when they are
whole and exactly what was signed.

A file that is missing, or whose SHA-256 differs from the one recorded at signing, raises
`StoredFileProblem`; the portal answers it with a clear page (iku_portal.middleware) and
`manage.py verify_storage` lists every such file.
"""

import contextlib
import datetime
import hashlib

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import SignedVersion

MISSING, ALTERED = "missing", "altered"


class StoredFileProblem(Exception):
    def __init__(self, version, name: str, problem: str):
        self.version, self.name, self.problem = version, name, problem
        super().__init__(f"{name}: {problem}")

    @property
    def message(self) -> str:
        if self.problem == MISSING:
            return _(
                "The stored file of this signed document is missing. The administrator must "
                "restore it from the backup; nothing was changed."
            )
        return _(
            "The stored file of this signed document differs from the one that was signed. "
            "The administrator must restore it from the backup; it is not served."
        )


def _fields(version, manual: bool):
    return (version.manual_pdf, version.manual_sha256) if manual else (version.pdf, version.sha256)


def read_signed(version, *, manual: bool = False) -> bytes:
    """The signed PDF (or Manual IKU) of `version`, checked against its recorded SHA-256."""
    field, expected = _fields(version, manual)
    name = field.name or ""
    try:
        with field.open("rb") as stored:
            content = stored.read()
    except (FileNotFoundError, OSError, ValueError) as error:
        raise StoredFileProblem(version, name, MISSING) from error
    if hashlib.sha256(content).hexdigest() != expected:
        raise StoredFileProblem(version, name, ALTERED)
    return content


def problems(version) -> list[StoredFileProblem]:
    """Every stored file of the version that is missing or not as signed."""
    found = []
    for manual in (False, True):
        field, _expected = _fields(version, manual)
        if manual and not field:
            continue  # signed before the Manual IKU was signed with the document
        try:
            read_signed(version, manual=manual)
        except StoredFileProblem as problem:
            found.append(problem)
    return found


def delete_quietly(names) -> None:
    """Remove files written by a signing that did not complete."""
    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


def remove_attempt_files(unit_id: int, code: str) -> list[str]:
    """Remove the files a signing attempt with `code` wrote, unless a signed version holds
    them: what a signing whose worker died (or was failed by hand) left, whatever their age."""
    if not code or SignedVersion.objects.filter(code=code).exists():
        return []
    removed = []
    for path in (f"signed/{unit_id}/{code}.pdf", f"signed/{unit_id}/{code}-manual.pdf"):
        with contextlib.suppress(OSError, NotImplementedError):
            if default_storage.exists(path):
                default_storage.delete(path)
                removed.append(path)
    return removed


def remove_unsigned_files(unit_id: int) -> list[str]:
    """Remove files under a unit's signed folder that no signed version holds: what a signing
    whose worker died left behind. Only files older than the lease, so that a signing that is
    just committing its rows keeps its own."""
    folder = f"signed/{unit_id}"
    try:
        _dirs, names = default_storage.listdir(folder)
    except (FileNotFoundError, OSError):
        return []
    held = set()
    for pdf, manual in SignedVersion.objects.filter(document__unit_id=unit_id).values_list(
        "pdf", "manual_pdf"
    ):
        held.update({pdf, manual})
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS)
    removed = []
    for name in names:
        path = f"{folder}/{name}"
        if path in held:
            continue
        with contextlib.suppress(OSError, NotImplementedError):
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed.append(path)
    return removed
