"""Rendered PDFs and their page images, kept by a hash of what they print.

The preview shows the pages of the very PDF that would be printed or signed: the PDF is
rendered once per content (the key is the SHA-256 of its print HTML and stylesheets) and its
pages are drawn as PNG images by PDFium. The same content is never rendered twice; any change
gives a new key. A signed document's preview is drawn from its stored PDF, byte for byte what
was signed.

Files go through Django's storage API (`renders/<document id>/` in the default storage), written
only once complete: a reader never sees half a file. Renders are kept per document, so a page
image is served from its own document's folder without rendering anything again.
"""

import hashlib
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .pdf import (
    PRINT_STYLESHEET,
    STATIC_DIR,
    manual_html,
    manual_pdf,
    print_snapshot,
    snapshot_html,
    snapshot_pdf,
)
from .signed_files import read_signed

PREVIEW_DPI = 110
MAX_PREVIEW_PAGES = 300


def _stylesheets_digest() -> str:
    digest = hashlib.sha256()
    for path in (PRINT_STYLESHEET, STATIC_DIR / "print" / "formula.css"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Render:
    key: str
    page_count: int
    pdf: bytes


def _pdf_path(document_id: int, key: str) -> str:
    return f"renders/{document_id}/{key}.pdf"


def _page_path(document_id: int, key: str, number: int) -> str:
    return f"renders/{document_id}/{key}/{number}.png"


def store(path: str, content: bytes) -> None:
    """Save `content` under `path` in storage unless it is there (a PDF is read back only
    whole: `stored_pdf`)."""
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(content))


def _read(path: str) -> bytes | None:
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as stored:
        return stored.read()


def content_key(html: str) -> str:
    """The key of a render: the SHA-256 of its print HTML and the print stylesheets."""
    return hashlib.sha256((html + _stylesheets_digest()).encode()).hexdigest()


def render_key(snapshot: dict, *, manual: bool = False) -> str:
    return content_key(manual_html(snapshot) if manual else snapshot_html(snapshot))


def _is_whole_pdf(content: bytes | None) -> bool:
    return bool(content) and content.startswith(b"%PDF-") and b"%%EOF" in content[-1024:]


def stored_pdf(path: str) -> bytes | None:
    """The PDF stored under `path`, if it is there whole."""
    content = _read(path)
    return content if _is_whole_pdf(content) else None


def cached_pdf(document_id: int, key: str) -> bytes | None:
    return stored_pdf(_pdf_path(document_id, key))


def document_render(document, *, manual: bool = False) -> Render:
    """The PDF of a document (or of its Manual IKU, with `manual`) as it prints now, rendered
    if no render of this content exists. A signed document gives its stored PDF."""
    if document.is_frozen and hasattr(document, "signed_version"):
        version = document.signed_version
        stored, sha256 = (
            (version.manual_pdf, version.manual_sha256) if manual else (version.pdf, version.sha256)
        )
        if stored:
            key = f"signed-{sha256}"
            pdf = cached_pdf(document.pk, key)
            if pdf is None:
                pdf = read_signed(version, manual=manual)
                store(_pdf_path(document.pk, key), pdf)
            return Render(key, page_count(pdf), pdf)
    snapshot = print_snapshot(document)
    key = render_key(snapshot, manual=manual)
    pdf = cached_pdf(document.pk, key)
    if pdf is None:
        pdf = manual_pdf(snapshot) if manual else snapshot_pdf(snapshot)
        store(_pdf_path(document.pk, key), pdf)
    return Render(key, page_count(pdf), pdf)


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return min(len(document), MAX_PREVIEW_PAGES)
    finally:
        document.close()


def page_png(document_id: int, key: str, number: int) -> bytes | None:
    """Page `number` (1-based) of a cached render of the document as PNG, or None if the
    document has no such render or page."""
    cached = _read(_page_path(document_id, key, number))
    if cached:
        return cached
    pdf = cached_pdf(document_id, key)
    if pdf is None:
        return None
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        if not 1 <= number <= min(len(document), MAX_PREVIEW_PAGES):
            return None
        image = document[number - 1].render(scale=PREVIEW_DPI / 72).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=True)
    finally:
        document.close()
    png = buffer.getvalue()
    store(_page_path(document_id, key, number), png)
    return png


def ready_render(document, *, manual: bool = False) -> tuple[Render | None, str]:
    """(the render if it exists already, else None; the key of the content as it prints now).
    Never renders: the cost is building the print HTML, not laying it out."""
    if document.is_frozen and hasattr(document, "signed_version"):
        return document_render(document, manual=manual), ""  # from the stored file
    key = render_key(print_snapshot(document), manual=manual)
    pdf = cached_pdf(document.pk, key)
    return (Render(key, page_count(pdf), pdf) if pdf is not None else None), key
