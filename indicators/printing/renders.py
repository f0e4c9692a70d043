"""A document's PDF (and its Manual IKU) kept by a hash of what it prints.

The preview shows the pages of the very PDF that would be printed or signed: the PDF is
rendered once per content (`core.rendering.cache`) and its pages are drawn as PNG images. The
same content is never rendered twice; any change gives a new key. A signed document's preview
is drawn from its stored PDF, byte for byte what was signed. A document's renders are kept in
its own folder (`renders/<document id>/`).
"""

import hashlib

from django.core.files.storage import default_storage

from core.rendering import cache
from core.rendering.cache import Render
from indicators.models import SignedVersion
from indicators.printing.pdf import (
    manual_html,
    manual_pdf,
    print_snapshot,
    snapshot_html,
    snapshot_pdf,
)
from indicators.signed_files import read_signed


def folder(document_id: int) -> str:
    return f"renders/{document_id}"


def render_key(snapshot: dict, *, manual: bool = False) -> str:
    return cache.content_key(manual_html(snapshot) if manual else snapshot_html(snapshot))


def cached_render(document_id: int, key: str) -> Render | None:
    return cache.cached_render(folder(document_id), key)


def signed_render(document, *, manual: bool) -> Render | None:
    """The stored signed file, through the render cache (its pages are drawn from it)."""
    version = getattr(document, "signed_version", None) if document.is_frozen else None
    if version is None:
        return None
    stored, sha256 = (
        (version.manual_pdf, version.manual_sha256) if manual else (version.pdf, version.sha256)
    )
    if not stored:
        return None
    key = f"signed-{sha256}"
    ready = cached_render(document.pk, key)
    if ready is not None and hashlib.sha256(ready.pdf).hexdigest() == sha256:
        return ready
    # Missing, or not what was signed: from the stored signed file (checked), kept again.
    path = cache.pdf_path(folder(document.pk), key)
    pdf = read_signed(version, manual=manual)
    default_storage.delete(path)
    cache.store(path, pdf)
    return Render(key, cache.page_count(pdf), pdf)


def document_render(document, *, manual: bool = False) -> Render:
    """The PDF of a document (or of its Manual IKU, with `manual`) as it prints now, rendered
    if no render of this content exists. A signed document gives its stored PDF."""
    signed = signed_render(document, manual=manual)
    if signed is not None:
        return signed
    snapshot = print_snapshot(document)
    key = render_key(snapshot, manual=manual)
    ready = cached_render(document.pk, key)
    if ready is None:
        pdf = manual_pdf(snapshot) if manual else snapshot_pdf(snapshot)
        cache.store(cache.pdf_path(folder(document.pk), key), pdf)
        ready = Render(key, cache.page_count(pdf), pdf)
    return ready


def page_png(document_id: int, key: str, number: int) -> bytes | None:
    """Page `number` of a render of this document: a key of another document finds nothing.
    A page of a signed document is drawn from its PDF checked against the signed version's
    SHA-256 each time, never served from a kept image."""
    if not key.startswith("signed-"):
        return cache.page_png(folder(document_id), key, number)
    version = SignedVersion.objects.filter(document_id=document_id).first()
    if version is None or key not in (
        f"signed-{version.sha256}",
        f"signed-{version.manual_sha256}",
    ):
        return None
    manual = key == f"signed-{version.manual_sha256}"
    signed = signed_render(version.document, manual=manual)
    return None if signed is None else cache.draw_page(signed.pdf, number)
