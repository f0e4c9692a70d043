"""The pohon kinerja pages: the tree drawn on the server (SVG, folded by level, a branch opened
by `?buka=`), its PDF (A3 landscape) and its crosswalk (.xlsx). Every view fetches the top
unit through `indicators.lookup.unit_for_tree` (who may see a unit's pohon kinerja)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.http import attachment, year_asked
from core.rendering.engine import PDFUnavailable
from core.rendering.waiting import pdf_unavailable
from core.xlsx import xlsx_response
from indicators import rules
from indicators.cascading.panels import shown_year
from indicators.cascading.performance_tree import PerformanceTree, performance_tree
from indicators.lookup import unit_for_tree
from organizations import access
from performance.pohon_kinerja.capaian import add_figures
from performance.pohon_kinerja.crosswalk import crosswalk_xlsx
from performance.pohon_kinerja.drawing import default_open, page_drawing, svg_markup
from performance.pohon_kinerja.printing import tree_filename, tree_pdf

ALL = "semua"
PX_PER_PT = 4 / 3


def _tree(request, unit_pk, *, whole=True) -> PerformanceTree:
    """The tree asked for; `whole`: a copy with every IKU and its capaian (the PDF, the
    crosswalk), else the kept structure of its sasaran (the page copies what it draws)."""
    top = unit_for_tree(request, unit_pk)
    kept = performance_tree(
        top=top,
        user=request.user,
        year=year_asked(request, lambda: shown_year(top)),
        indicators=False,
    )
    if not whole:
        return kept
    tree = kept.own()
    add_figures(tree)
    return tree


def _shown(tree: PerformanceTree, opened: set[str] | None) -> list:
    """The nodes the page draws: the roots, and the children of every open node."""
    shown, stack = [], list(tree.roots)
    while stack:
        node = stack.pop()
        shown.append(node)
        if opened is None or node.key in opened:
            stack.extend(node.children)
    return shown


def _opened(request, tree: PerformanceTree) -> set[str] | None:
    """The nodes whose branch is open: `?buka=s1,s2,u3`, all with `?buka=semua`, and without
    `buka` the top and one level below."""
    if "buka" not in request.GET:
        return default_open(tree)
    asked = request.GET["buka"]
    return None if asked == ALL else {key for key in asked.split(",") if key}


@login_required
@require_GET
def tree_page(request, unit_pk):
    kept = _tree(request, unit_pk, whole=False)
    opened = _opened(request, kept)
    with_children = {node.key for node in kept.nodes() if node.children}
    # IKU read and measured as far as the tree is drawn: not for a folded branch's units.
    tree = kept.own(opened)
    add_figures(tree, nodes=_shown(tree, opened))

    def fold_href(key: str, open_it: bool) -> str:
        now = with_children if opened is None else opened
        keys = (now | {key}) if open_it else (now - {key})
        query = {"tahun": tree.year, "buka": ",".join(sorted(keys & with_children))}
        return f"?{urlencode(query)}#{key}"

    drawing = page_drawing(tree, opened, fold_href)
    return render(
        request,
        "performance/pohon_kinerja/tree.html",
        {
            "tree": tree,
            "drawing": drawing,
            "svg": svg_markup(
                drawing,
                width=f"{drawing.width * PX_PER_PT:.0f}",
                height=f"{drawing.height * PX_PER_PT:.0f}",
                links=True,
                label=tree.top.name,
            ),
            "all_open": opened is None,
            # A member of a unit below reads the tree from the top, not the top's pages.
            "may_view_unit": access.can_view_unit.test(request.user, tree.top),
            "may_view_alignment": rules.can_view_alignment.test(request.user, tree.top),
            "expand_all": urlencode({"tahun": tree.year, "buka": ALL}),
            "year_query": urlencode({"tahun": tree.year}),
        },
    )


@login_required
@require_GET
def tree_pdf_view(request, unit_pk):
    """The tree as printed, shown (or downloaded with ?unduh=1)."""
    tree = _tree(request, unit_pk)
    try:
        pdf = tree_pdf(tree)
    except PDFUnavailable:
        return pdf_unavailable(request)
    return attachment(
        pdf, "application/pdf", tree_filename(tree, "pdf"), inline="unduh" not in request.GET
    )


@login_required
@require_GET
def crosswalk_download(request, unit_pk):
    tree = _tree(request, unit_pk)
    return xlsx_response(
        crosswalk_xlsx(tree), tree_filename(tree, "xlsx").replace("pohon-kinerja", "crosswalk")
    )
