"""Evidence files are untrusted input: the type is read from the content (never the name),
only PDF, images and office files are kept, each file and each period has a size limit, and
the stored name is cleaned."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from core.validators import MEGABYTE

# (content type, extension, test of the first bytes)
_SIGNATURES = [
    ("application/pdf", "pdf", lambda head: head.startswith(b"%PDF-")),
    ("image/png", "png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/jpeg", "jpg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ("application/vnd.ms-office", "doc", lambda head: head.startswith(b"\xd0\xcf\x11\xe0")),
]
_OFFICE_ZIPS = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}


def max_file_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_FILE_BYTES", 10 * MEGABYTE)


def max_period_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_PERIOD_BYTES", 50 * MEGABYTE)


def sniff(upload) -> tuple[str, str]:
    """(content type, extension) read from the file's content; ValidationError otherwise."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for content_type, extension, test in _SIGNATURES:
        if test(head):
            return content_type, extension
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(upload).namelist()
        except (zipfile.BadZipFile, OSError):
            names = []
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for prefix, kind in _OFFICE_ZIPS.items():
                if any(name.startswith(prefix) for name in names):
                    return kind
    raise ValidationError(
        _(
            "This file is not a PDF, an image (PNG, JPEG) or an office document (Word, Excel, "
            "PowerPoint). Its content was checked, not its name."
        )
    )


def clean_name(name: str, extension: str) -> str:
    """A safe stored name with the extension of the real type: 'Laporan TW I.pdf'."""
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0][:80]
    stem = get_valid_filename(stem.replace(" ", "_")) if stem.strip(". ") else "bukti"
    return f"{stem or 'bukti'}.{extension}"


def check_size(upload, period_total: int) -> None:
    if upload.size > max_file_bytes():
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": max_file_bytes() // MEGABYTE}
        )
    if period_total + upload.size > max_period_bytes():
        raise ValidationError(
            _("The evidence of this period would exceed %(mb)s MB.")
            % {"mb": max_period_bytes() // MEGABYTE}
        )
