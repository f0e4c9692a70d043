"""The pohon kinerja as printed: A3 landscape, one branch of the top unit (a sasaran of the top
unit, or a unit's group of "tidak selaras") per page, as many pages as it needs (branches side
by side on one page where they fit it, the whole tree where it can be), with the print
conventions of the other documents (the bundled font, "Halaman n dari m", the side margins of
`indicators.layouts`).

Each page's drawing is scaled to fit the page, never so far that its smallest text (8 pt
drawn) falls below 7 pt (`MIN_SCALE`). A branch too large for that is cut: a page with the
sasaran and its direct children (as many side by side as fit; the rest on the next page),
each child whose own branch does not fit there marked "continued on the following pages",
then a page or pages for each such child's branch, and so on down.

Laid out in the request and kept by content (`core.rendering.cache`), as the Rencana Aksi is:
a page per branch, a few seconds at most for the largest pemda.
"""

from dataclasses import replace

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.rendering import cache, engine
from indicators.cascading.performance_tree import Node, PerformanceTree
from indicators.layouts import MARGINS_MM
from performance.pohon_kinerja.drawing import (
    BOX_WIDTH,
    GAP_X,
    MARGIN,
    SMALL,
    Drawing,
    Fold,
    draw,
    svg_markup,
)

TEMPLATE = "print/pohon_kinerja.html"
PAGE_MM = (420.0, 297.0)  # A3 landscape
HEADING_MM = 16.0  # the page's title lines above the drawing
PT_PER_MM = 72 / 25.4
MIN_TEXT_PT = 7.0
MIN_SCALE = MIN_TEXT_PT / SMALL
MAX_SCALE = 1.5  # a small tree is drawn larger (its smallest text 12 pt), not left in a corner


def _area_pt() -> tuple[float, float]:
    top, right, bottom, left = MARGINS_MM["landscape"]
    width = (PAGE_MM[0] - left - right - 1) * PT_PER_MM
    height = (PAGE_MM[1] - top - bottom - HEADING_MM) * PT_PER_MM
    return width, height


def _scale(drawing: Drawing) -> float:
    width, height = _area_pt()
    return min(MAX_SCALE, width / drawing.width, height / drawing.height)


def _all_open(_node: Node) -> Fold:
    return Fold(True)


def _branch(node: Node, year: int) -> list[tuple[Drawing, Node, bool]]:
    """[(drawing, the node it starts from, a continuation)] of the branch under `node`, cut
    where it does not fit."""
    whole = draw([node], year, _all_open)
    if _scale(whole) >= MIN_SCALE:
        return [(whole, node, False)]
    width, _height = _area_pt()
    per_page = max(1, int((width / MIN_SCALE - 2 * MARGIN + GAP_X) // (BOX_WIDTH + GAP_X)))

    def fold_of(shown: Node) -> Fold:
        if shown.key == node.key:
            return Fold(True)
        below = shown.below
        return Fold(
            False,
            ngettext(
                "▸ continued: %(n)s strategic target below, on the following pages",
                "▸ continued: %(n)s strategic targets below, on the following pages",
                below,
            )
            % {"n": below},
        )

    pages = []
    for start in range(0, len(node.children), per_page):
        chunk = node.children[start : start + per_page]
        pages.append((draw([replace(node, children=chunk)], year, fold_of), node, start > 0))
    for child in node.children:
        if child.children:  # drawn folded above: its branch follows
            pages += _branch(child, year)
    return pages


def _label(node: Node) -> str:
    if node.group:
        return _("Not aligned (tidak selaras)") + f": {node.unit_name}"
    return f"{node.unit_name}: {node.text}"


def _drawings(tree: PerformanceTree) -> list[tuple[Drawing, str, bool]]:
    """[(drawing, what it shows, a continuation)]: the top's branches side by side on a page
    as long as they fit it at readable size (the whole tree on one page where it can be); a
    branch too large for a page of its own is cut (`_branch`)."""
    drawings, together = [], []

    def flush():
        if together:
            drawing = draw(together, tree.year, _all_open)
            whole = len(together) == len(tree.roots)
            label = _("Whole tree") if whole else "; ".join(_label(n) for n in together)
            drawings.append((drawing, label, False))
            together.clear()

    for root in tree.roots:
        if _scale(draw([*together, root], tree.year, _all_open)) >= MIN_SCALE:
            together.append(root)
            continue
        flush()
        if _scale(draw([root], tree.year, _all_open)) >= MIN_SCALE:
            together.append(root)
            continue
        drawings += [(d, _label(n), c) for d, n, c in _branch(root, tree.year)]
    flush()
    return drawings


def tree_pages(tree: PerformanceTree) -> list[dict]:
    """The pages: each a drawing, its scale, and the branch or branches it shows."""
    pages = []
    for drawing, branch, continued in _drawings(tree):
        scale = _scale(drawing)
        pages.append(
            {
                "drawing": drawing,
                "svg": svg_markup(
                    drawing,
                    width=f"{drawing.width * scale:.1f}pt",
                    height=f"{drawing.height * scale:.1f}pt",
                    links=False,
                    label=branch,
                ),
                "branch": branch,
                "continued": continued,
            }
        )
    return pages


def tree_html(tree: PerformanceTree) -> str:
    top, right, bottom, left = MARGINS_MM["landscape"]
    with translation.override("id"):
        pages = tree_pages(tree)
        return render_to_string(
            TEMPLATE,
            {
                "tree": tree,
                "pages": pages,
                "margins": f"{top}mm {right}mm {bottom}mm {left}mm",
                "title": _("Performance tree (pohon kinerja)"),
            },
        )


def tree_pdf(tree: PerformanceTree) -> bytes:
    """The PDF, kept by its content: the same tree is laid out once."""
    html = tree_html(tree)
    path = cache.pdf_path(f"pohon-kinerja/{tree.top.pk}", cache.content_key(html))
    pdf = cache.whole_pdf(path)
    if pdf is None:
        pdf = engine.html_to_pdf(html)
        cache.store(path, pdf)
    return pdf


def tree_filename(tree: PerformanceTree, extension: str) -> str:
    name = slugify(tree.top.short_name or tree.top.name)[:60] or "unit"
    return f"pohon-kinerja-{tree.year}-{name}.{extension}"
