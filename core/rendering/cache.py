"""Rendered PDFs and their page images, kept in storage by a hash of what they print.

The key of a render is the SHA-256 of its print HTML and the print stylesheets: the same
content is never rendered twice, and any change gives a new key. Each kind of render keeps its
files in a folder of its own (`renders/<document id>/`, `reports/<unit id>/`), so that a page
image is served from its own owner's folder and a key of another owner finds nothing.

Files go through Django's storage API, written only once complete, and a PDF is read back only
when it is whole (`whole_pdf`).
"""

import hashlib
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.rendering.engine import stylesheets_digest

PREVIEW_DPI = 110
MAX_PREVIEW_PAGES = 300


@dataclass
class Render:
    key: str
    page_count: int
    pdf: bytes


def pdf_path(folder: str, key: str) -> str:
    return f"{folder}/{key}.pdf"


def page_path(folder: str, key: str, number: int) -> str:
    return f"{folder}/{key}/{number}.png"


def content_key(html: str) -> str:
    """The key of a render: the SHA-256 of its print HTML and the print stylesheets."""
    return hashlib.sha256((html + stylesheets_digest()).encode()).hexdigest()


def store(path: str, content: bytes) -> None:
    """Save `content` under `path` in storage unless it is there."""
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(content))


def read(path: str) -> bytes | None:
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as stored:
        return stored.read()


def is_whole_pdf(content: bytes | None) -> bool:
    return bool(content) and content.startswith(b"%PDF-") and b"%%EOF" in content[-1024:]


def whole_pdf(path: str) -> bytes | None:
    """The PDF stored under `path`, if it is there whole."""
    content = read(path)
    return content if is_whole_pdf(content) else None


def cached_render(folder: str, key: str) -> Render | None:
    """The render of `key` in `folder`, if it is stored whole."""
    pdf = whole_pdf(pdf_path(folder, key))
    return None if pdf is None else Render(key, page_count(pdf), pdf)


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium  # heavy: only where pages are counted or drawn

    document = pdfium.PdfDocument(pdf)
    try:
        return min(len(document), MAX_PREVIEW_PAGES)
    finally:
        document.close()


def page_png(folder: str, key: str, number: int) -> bytes | None:
    """Page `number` (1-based) of the render of `key` in `folder` as PNG, or None if there is
    no such render or page. Drawn once by PDFium, then kept beside the PDF."""
    cached = read(page_path(folder, key, number))
    if cached:
        return cached
    pdf = whole_pdf(pdf_path(folder, key))
    if pdf is None:
        return None
    png = draw_page(pdf, number)
    if png is not None:
        store(page_path(folder, key, number), png)
    return png


def draw_page(pdf: bytes, number: int) -> bytes | None:
    """Page `number` (1-based) of `pdf` as PNG, or None if it has no such page."""
    import pypdfium2 as pdfium  # heavy: only where pages are drawn

    document = pdfium.PdfDocument(pdf)
    try:
        if not 1 <= number <= min(len(document), MAX_PREVIEW_PAGES):
            return None
        image = document[number - 1].render(scale=PREVIEW_DPI / 72).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=True)
    finally:
        document.close()
    return buffer.getvalue()
