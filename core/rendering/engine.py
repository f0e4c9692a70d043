"""HTML to PDF with WeasyPrint, with the print stylesheet and bundled fonts under `static/`.

WeasyPrint is imported lazily (`weasyprint()`): a machine without Pango still runs the rest of
the portal and gets a clear error (`PDFUnavailable`) when it prints. Nothing is fetched over
the network: the URL fetcher reads files under `static/` and refuses everything else.
"""

import atexit
import hashlib
import json
from pathlib import Path

from django.conf import settings

STATIC_DIR = Path(settings.BASE_DIR) / "static"
PRINT_STYLESHEET = STATIC_DIR / "print" / "iku.css"
# Everything the print stylesheet pulls in: a change in any of them changes every render.
PRINT_STYLESHEETS = (PRINT_STYLESHEET, STATIC_DIR / "print" / "formula.css")


class PDFUnavailable(RuntimeError):
    """WeasyPrint (or the Pango library under it) is not installed on this machine."""


def weasyprint():
    """The WeasyPrint module, or PDFUnavailable where it cannot run."""
    try:
        import weasyprint as module  # heavy, and needs Pango: only where something prints
    except (ImportError, OSError) as error:  # OSError: Pango missing
        raise PDFUnavailable(
            "WeasyPrint cannot run here (it needs Pango): " + str(error).splitlines()[0]
        ) from error
    return module


def stylesheets_digest() -> str:
    digest = hashlib.sha256()
    for path in PRINT_STYLESHEETS:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _static_only_fetcher(module):
    """A URL fetcher that reads files under static/ and refuses everything else."""
    root = STATIC_DIR.resolve()

    class StaticOnlyFetcher(module.urls.URLFetcher):
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


def layout(html: str):
    """WeasyPrint's laid-out document (pages and boxes), before it is written as PDF."""
    module = weasyprint()
    fetcher = _static_only_fetcher(module)
    if "css" not in _STYLESHEET_CACHE:
        font_config = module.text.fonts.FontConfiguration()
        _STYLESHEET_CACHE["fonts"] = font_config
        _STYLESHEET_CACHE["css"] = module.CSS(
            filename=str(PRINT_STYLESHEET), font_config=font_config, url_fetcher=fetcher
        )
    return module.HTML(string=html, base_url=str(STATIC_DIR) + "/", url_fetcher=fetcher).render(
        stylesheets=[_STYLESHEET_CACHE["css"]],
        font_config=_STYLESHEET_CACHE["fonts"],
    )


ARCHIVAL_VARIANT = "pdf/a-3b"


def archival_pdf(rendered, data: dict, *, name: str, description: str) -> bytes:
    """A laid-out document written as PDF/A-3b (for archives) with `data` attached as JSON,
    so that what the document says can be read back from the file alone."""
    module = weasyprint()
    content = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str)
    attachment = module.Attachment(
        string=content.encode(), name=name, description=description, relationship="Data"
    )
    return rendered.write_pdf(pdf_variant=ARCHIVAL_VARIANT, attachments=[attachment])


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint alone: final HTML in, PDF bytes out."""
    return layout(html).write_pdf()
