"""IKU documents as HTML (print templates) and as PDF (WeasyPrint, through
`core.rendering.engine`), with the page-break handling of the printed table and the pairing
of Manual IKU sheets."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from core.http import attachment
from core.rendering import engine
from indicators.models import IKUDocument, SignedVersion
from indicators.printing import page_breaks
from indicators.printing.print_layout import manual_context, manual_page_starts, print_context
from indicators.printing.snapshot import document_snapshot

TEMPLATE = "print/iku_document.html"
MANUAL_TEMPLATE = "print/manual_iku.html"


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
    return _document_html(
        print_context(
            snapshot,
            page_starts=page_starts,
            split_rows=split_rows,
            continued_cells=not page_starts,
        ),
        verification,
    )


def _document_html(context: dict, verification: dict | None) -> str:
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


EMBEDDED_NAME = "iku.json"
EMBEDDED_DESCRIPTION = "Data dokumen IKU yang ditandatangani (unit, periode, tujuan, sasaran, IKU, target, penanda tangan)"  # noqa: E501


def _written(rendered, snapshot: dict, *, archival: bool) -> bytes:
    """The PDF bytes; `archival`: PDF/A-3b with the snapshot attached as JSON (signed copies)."""
    if not archival:
        return rendered.write_pdf()
    return engine.archival_pdf(
        rendered, snapshot, name=EMBEDDED_NAME, description=EMBEDDED_DESCRIPTION
    )


def manual_pdf(snapshot: dict, *, verification: dict | None = None, archival=False) -> bytes:
    """The Manual IKU as PDF: one IKU to a page, or two when they fit
    (`print_layout.manual_page_starts`). The sheets are laid out flowing, each kept whole on
    its page where it fits one, and measured: the pages the rule gives are usually those of
    that very layout (no three sheets fit on a page, none runs over a page). Where they are
    not, it is laid out again with the pages' first sheets named."""
    rendered = engine.layout(
        manual_html(snapshot, verification=verification, page_starts=frozenset())
    )
    heights, capacity, first_offset = _sheet_heights(rendered)
    starts = manual_page_starts(heights, capacity=capacity, first_offset=first_offset)
    opening = _sheets_opening_pages(rendered)
    # The last sheet may also begin a page to stay with the signature that follows it (it
    # keeps with it): the layout with the breaks named does the same.
    if not (starts <= opening and opening - starts <= {max(heights, default=0)}):
        html = manual_html(snapshot, verification=verification, page_starts=starts)
        rendered = engine.layout(html)
    return _written(rendered, snapshot, archival=archival)


def _sheets_opening_pages(rendered) -> frozenset[int]:
    """The sheets that begin at the top of a page after the first (the first sheet a page
    shows, when nothing of an earlier sheet is on it)."""
    starts, seen = set(), set()
    for number, page in enumerate(rendered.pages):
        shown, stack = [], [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            sheet = element.get("data-sheet") if element is not None else None
            if getattr(box, "element_tag", None) == "section" and sheet:
                shown.append(int(sheet))
                continue
            stack.extend(reversed(getattr(box, "children", [])))
        if number and shown and shown[0] not in seen:
            starts.add(shown[0])
        seen.update(shown)
    return frozenset(starts)


def document_html(document: IKUDocument, *, verification: dict | None = None) -> str:
    return snapshot_html(print_snapshot(document), verification=verification)


def snapshot_pdf(snapshot: dict, *, verification: dict | None = None, archival=False) -> bytes:
    """The PDF of a snapshot.

    Page breaks a reader can follow: a row stays whole on its page, unless it is taller than
    a quarter of a page, which may split rather than leave that much of a page empty; and a
    tujuan or sasaran that goes on over a page break repeats its text on the next page,
    marked "(lanjutan)". So the table is laid out once with every row whole (again with the
    tall rows free to split, in the rare case that one went on to the next page), and the
    cells that go on at the rows opening a page are put into that layout
    (`page_breaks.continue_cells`). Where they would not fit it, the document is laid out
    again with those cells split (again, in the rare case that the split moved a break)."""

    def layout(starts, split):
        context = print_context(
            snapshot, page_starts=starts, split_rows=split, continued_cells=not starts
        )
        return context, engine.layout(_document_html(context, verification))

    context, rendered = layout(frozenset(), frozenset())
    split = page_breaks.tall_rows(rendered)
    if split & page_breaks.page_starts(rendered):
        # A tall row kept whole went on to the next page: free to split, it begins where it
        # would have. (One that did not is where it is either way.)
        context, rendered = layout(frozenset(), split)
    starts = page_breaks.page_starts(rendered)
    if page_breaks.continue_cells(rendered, context, starts):
        return _written(rendered, snapshot, archival=archival)
    tried = frozenset()
    for _attempt in range(3):
        found = page_breaks.page_starts(rendered)
        if found <= tried:
            break
        tried = tried | found
        _context, rendered = layout(tried, split)
    return _written(rendered, snapshot, archival=archival)


def document_pdf(document: IKUDocument, *, verification: dict | None = None) -> bytes:
    return snapshot_pdf(print_snapshot(document), verification=verification)


def document_filename(document: IKUDocument, *, manual: bool = False) -> str:
    """IKU-<unit>-<period>-rev<N>.pdf, or Manual-IKU-….pdf"""
    unit = slugify(document.unit.short_name or document.unit.name) or "unit"
    prefix = "Manual-IKU" if manual else "IKU"
    return f"{prefix}-{unit}-{document.period}-rev{document.revision}.pdf"


def pdf_response(pdf: bytes, document: IKUDocument, download: bool, *, manual=False):
    """The PDF of `document` served under its file name, shown or downloaded."""
    filename = document_filename(document, manual=manual)
    return attachment(pdf, "application/pdf", filename, inline=not download)
