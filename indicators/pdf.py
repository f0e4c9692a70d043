"""IKU documents as HTML (print templates) and as PDF (WeasyPrint).

WeasyPrint is imported lazily: a machine without Pango still runs the rest of the portal and
gets a clear error (`PDFUnavailable`) when it prints. Assets (the stylesheet, the bundled
fonts) are read from disk under `static/`; nothing is fetched over the network.
"""

import atexit
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from .models import IKUDocument, SignedVersion
from .print_layout import manual_context, manual_page_starts, print_context
from .snapshot import document_snapshot

STATIC_DIR = Path(settings.BASE_DIR) / "static"
PRINT_STYLESHEET = STATIC_DIR / "print" / "iku.css"
TEMPLATE = "print/iku_document.html"
MANUAL_TEMPLATE = "print/manual_iku.html"


class PDFUnavailable(RuntimeError):
    """WeasyPrint (or the Pango library under it) is not installed on this machine."""


def verification_block(code: str, url: str) -> dict:
    """What a signed PDF carries to be checked: the code, the URL, and the URL as a vector QR."""
    import segno

    svg = segno.make(url, error="m").svg_inline(scale=2, border=0, omitsize=False)
    return {"code": code, "url": url, "qr_svg": mark_safe(svg)}  # noqa: S308 - segno's own SVG


def print_snapshot(document: IKUDocument) -> dict:
    """What the document prints: the frozen snapshot of a signed version, the live content of
    anything else."""
    if document.is_frozen:
        version = SignedVersion.objects.filter(document=document).first()
        if version is not None:
            return version.snapshot
    return document_snapshot(document)


def snapshot_html(
    snapshot: dict,
    *,
    verification: dict | None = None,
    page_starts=frozenset(),
    split_rows=frozenset(),
) -> str:
    """The print HTML of a snapshot. With `verification`, it carries the QR code and the code
    of a signed version; `page_starts` are the rows that begin a page and `split_rows` those
    that may break across pages (see `snapshot_pdf`)."""
    context = print_context(snapshot, page_starts=page_starts, split_rows=split_rows)
    context["verification"] = verification
    with translation.override("id"):
        return render_to_string(TEMPLATE, context)


def manual_html(snapshot: dict, *, verification: dict | None = None, page_starts=None) -> str:
    """The print HTML of the Manual IKU of a snapshot (see `manual_pdf` for `page_starts`)."""
    context = manual_context(snapshot, page_starts)
    context["verification"] = verification
    with translation.override("id"):
        return render_to_string(MANUAL_TEMPLATE, context)


def _sheet_heights(rendered) -> tuple[dict[int, float], float, float]:
    """The height of each sheet laid out on pages of its own (infinite when it runs over a
    page), the height between the page margins, and where the first sheet begins."""
    heights, first_offset = {}, 0.0
    for page in rendered.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            number = element.get("data-sheet") if element is not None else None
            if getattr(box, "element_tag", None) == "section" and number:
                number = int(number)
                if number in heights:  # split over pages: it gets pages of its own
                    heights[number] = float("inf")
                else:
                    heights[number] = box.margin_height()
                    if number == 1:
                        first_offset = box.position_y - page._page_box.content_box_y()
                continue
            stack.extend(getattr(box, "children", []))
    capacity = rendered.pages[0]._page_box.height if rendered.pages else 0.0
    return heights, capacity, first_offset


def manual_pdf(snapshot: dict, *, verification: dict | None = None) -> bytes:
    """The Manual IKU as PDF: one IKU to a page, or two when they fit. The sheets are laid
    out each on a page of its own and measured, then paired where two fit on a page."""
    measured = _layout(manual_html(snapshot, verification=verification))
    heights, capacity, first_offset = _sheet_heights(measured)
    starts = manual_page_starts(heights, capacity=capacity, first_offset=first_offset)
    html = manual_html(snapshot, verification=verification, page_starts=starts)
    return _layout(html).write_pdf()


def document_html(document: IKUDocument, *, verification: dict | None = None) -> str:
    return snapshot_html(print_snapshot(document), verification=verification)


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


def _layout(html: str):
    """WeasyPrint's laid-out document (pages and boxes), before it is written as PDF."""
    weasyprint = _weasyprint()
    fetcher = _static_only_fetcher(weasyprint)
    if "css" not in _STYLESHEET_CACHE:
        font_config = weasyprint.text.fonts.FontConfiguration()
        _STYLESHEET_CACHE["fonts"] = font_config
        _STYLESHEET_CACHE["css"] = weasyprint.CSS(
            filename=str(PRINT_STYLESHEET), font_config=font_config, url_fetcher=fetcher
        )
    return weasyprint.HTML(string=html, base_url=str(STATIC_DIR) + "/", url_fetcher=fetcher).render(
        stylesheets=[_STYLESHEET_CACHE["css"]],
        font_config=_STYLESHEET_CACHE["fonts"],
    )


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint alone: final HTML in, PDF bytes out."""
    return _layout(html).write_pdf()


def _rows_per_page(rendered) -> list[list[int]]:
    """The table rows (their `data-row`) laid out on each page, in order."""
    pages = []
    for page in rendered.pages:
        rows, stack = [], [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            if getattr(box, "element_tag", None) == "tr" and element is not None:
                index = element.get("data-row")
                if index is not None and (not rows or rows[-1] != int(index)):
                    rows.append(int(index))
                continue
            stack.extend(reversed(getattr(box, "children", [])))
        pages.append(rows)
    return pages


def _page_starts(rendered) -> frozenset[int]:
    """The first row that begins on each page after the first. (A row split over two pages,
    or holding the end of a cell that spans rows, shows on both; it does not begin there.)"""
    starts, previous = set(), []
    for rows in _rows_per_page(rendered):
        fresh = [row for row in rows if row not in previous]
        if fresh and previous:
            starts.add(fresh[0])
        previous = rows or previous
    return frozenset(starts)


def _tall_rows(rendered) -> frozenset[int]:
    """The rows taller than a quarter of the space between the page margins."""
    if not rendered.pages:
        return frozenset()
    quarter = rendered.pages[0]._page_box.height / 4
    heights = {}
    for page in rendered.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            if getattr(box, "element_tag", None) == "tr" and element is not None:
                index = element.get("data-row")
                if index is not None:
                    heights[int(index)] = heights.get(int(index), 0) + box.margin_height()
                continue
            stack.extend(getattr(box, "children", []))
    return frozenset(index for index, height in heights.items() if height > quarter)


def snapshot_pdf(snapshot: dict, *, verification: dict | None = None) -> bytes:
    """The PDF of a snapshot.

    Page breaks a reader can follow: a row stays whole on its page, unless it is taller than
    a quarter of a page, which may split rather than leave that much of a page empty; and a
    tujuan or sasaran that goes on over a page break repeats its text on the next page,
    marked "(lanjutan)". So the table is laid out with every row whole and the tall rows are
    found (laid out again only if there are any); the rows that open a page are found, and it
    is laid out again with the spanning cells split there (again, in the rare case that the
    split moved a break)."""

    def layout(starts, split):
        html = snapshot_html(
            snapshot, verification=verification, page_starts=starts, split_rows=split
        )
        return _layout(html)

    rendered = layout(frozenset(), frozenset())
    split = _tall_rows(rendered)
    if split:
        rendered = layout(frozenset(), split)
    starts = frozenset()
    for _attempt in range(3):
        found = _page_starts(rendered)
        if found <= starts:
            break
        starts = starts | found
        rendered = layout(starts, split)
    return rendered.write_pdf()


def document_pdf(document: IKUDocument, *, verification: dict | None = None) -> bytes:
    return snapshot_pdf(print_snapshot(document), verification=verification)


def document_filename(document: IKUDocument, *, manual: bool = False) -> str:
    """IKU-<unit>-<period>-rev<N>.pdf, or Manual-IKU-….pdf"""
    unit = slugify(document.unit.short_name or document.unit.name) or "unit"
    prefix = "Manual-IKU" if manual else "IKU"
    return f"{prefix}-{unit}-{document.period}-rev{document.revision}.pdf"
