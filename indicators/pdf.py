"""IKU documents as HTML (print templates) and as PDF (WeasyPrint).

WeasyPrint is imported lazily: a machine without Pango still runs the rest of the portal and
gets a clear error (`PDFUnavailable`) when it prints. Assets (the stylesheet, the bundled
fonts) are read from disk under `static/`; nothing is fetched over the network.
"""

import atexit
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from .models import IKUDocument
from .print_layout import print_context
from .selectors import document_print_data

STATIC_DIR = Path(settings.BASE_DIR) / "static"
PRINT_STYLESHEET = STATIC_DIR / "print" / "iku.css"
TEMPLATE = "print/iku_document.html"


class PDFUnavailable(RuntimeError):
    """WeasyPrint (or the Pango library under it) is not installed on this machine."""


def verification_block(code: str, url: str) -> dict:
    """What a signed PDF carries to be checked: the code, the URL, and the URL as a vector QR."""
    import segno

    svg = segno.make(url, error="m").svg_inline(scale=2, border=0, omitsize=False)
    return {"code": code, "url": url, "qr_svg": mark_safe(svg)}  # noqa: S308 - segno's own SVG


def document_html(
    document: IKUDocument, *, preview: bool = False, verification: dict | None = None
) -> str:
    """The print HTML. With `preview`, it links the stylesheet for the browser; with
    `verification`, it carries the QR code and the code of a signed version."""
    tree, functions = document_print_data(document=document)
    context = print_context(tree, functions)
    context["preview"] = preview
    context["verification"] = verification
    context["stylesheet_url"] = static("print/iku.css") if preview else None
    with translation.override("id"):
        return render_to_string(TEMPLATE, context)


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango missing
        raise PDFUnavailable(
            "WeasyPrint cannot run here (it needs Pango): " + str(error).splitlines()[0]
        ) from error
    return weasyprint


def _static_only_fetcher(weasyprint):
    """A URL fetcher that reads files under static/ and refuses everything else."""
    root = STATIC_DIR.resolve()

    class StaticOnlyFetcher(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file://"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if path.is_relative_to(root):
                    return super().fetch(url, headers)
            raise ValueError(f"Refused to fetch {url[:80]}")

    return StaticOnlyFetcher(allowed_protocols={"file"})


# The parsed stylesheet and its fonts are reused across renders (parsing them is not free);
# cleared at exit, before the interpreter tears down what their finalizers need.
_STYLESHEET_CACHE = {}
atexit.register(_STYLESHEET_CACHE.clear)


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint alone: final HTML in, PDF bytes out."""
    weasyprint = _weasyprint()
    fetcher = _static_only_fetcher(weasyprint)
    if "css" not in _STYLESHEET_CACHE:
        font_config = weasyprint.text.fonts.FontConfiguration()
        _STYLESHEET_CACHE["fonts"] = font_config
        _STYLESHEET_CACHE["css"] = weasyprint.CSS(
            filename=str(PRINT_STYLESHEET), font_config=font_config, url_fetcher=fetcher
        )
    return weasyprint.HTML(
        string=html, base_url=str(STATIC_DIR) + "/", url_fetcher=fetcher
    ).write_pdf(
        stylesheets=[_STYLESHEET_CACHE["css"]],
        font_config=_STYLESHEET_CACHE["fonts"],
    )


def document_pdf(document: IKUDocument) -> bytes:
    return html_to_pdf(document_html(document))


def document_filename(document: IKUDocument) -> str:
    """IKU-<unit>-<period>-rev<N>.pdf"""
    unit = slugify(document.unit.short_name or document.unit.name) or "unit"
    return f"IKU-{unit}-{document.period}-rev{document.revision}.pdf"
