"""The pohon kinerja drawn: each node a box of wrapped lines (unit, sasaran, capaian, IKU with
target and capaian, the capaian of the sasaran supporting it, its fold link), placed by the
tidy layout (`layout`), and written as SVG (`svg_markup`) for the page and the PDF alike. The
markup is written here rather than by a template: a tree of 300 nodes has thousands of
elements, which Django's template engine took most of the page's time to write.

Sizes are in points (1 SVG unit = 1 pt). Lines are wrapped with the metrics of the bundled
print font (Liberation Sans, metric-compatible with Arial, which the page falls back to), so
a line measured here fits its box in the PDF and in the browser.
"""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fontTools.ttLib import TTFont

from indicators.cascading.performance_tree import Node, PerformanceTree
from performance.pohon_kinerja.layout import Box, tidy_layout

BOX_WIDTH = 170.0
PADDING = 5.0
GAP_X = 14.0
GAP_Y = 30.0
MARGIN = 4.0
LINE_SPACING = 1.25
# Font sizes in points; the smallest is SMALL, which the PDF never scales below 7 pt.
UNIT, TEXT, SMALL = 8.0, 9.0, 8.0
FONTS = {False: "LiberationSans-Regular.ttf", True: "LiberationSans-Bold.ttf"}


@cache
def _metrics(bold: bool) -> tuple[dict[int, int], float, int]:
    """({code point: advance width}, units per em, the width of a missing glyph)."""
    font = TTFont(Path(settings.BASE_DIR) / "static" / "fonts" / FONTS[bold], lazy=True)
    advances = font["hmtx"].metrics
    widths = {code: advances[glyph][0] for code, glyph in font.getBestCmap().items()}
    return widths, font["head"].unitsPerEm, advances[".notdef"][0]


@cache
def _units(text: str, bold: bool) -> int:
    """The advance of `text` in font units (a word's, measured once per process)."""
    widths, _per_em, missing = _metrics(bold)
    return sum(widths.get(ord(char), missing) for char in text)


def text_width(text: str, size: float, bold: bool = False) -> float:
    return _units(text, bold) * size / _metrics(bold)[1]


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """`text` in lines no wider than `width`, broken between words (inside a word only when
    the word alone is wider). A line's width is the sum of its words' and spaces' advances
    (the fonts' metrics have no kerning here), each word measured once."""
    per_em = _metrics(bold)[1]
    limit = width * per_em / size  # in font units
    space = _units(" ", bold)
    lines: list[str] = []
    current, used = "", 0
    for word in text.split():
        advance = _units(word, bold)
        if current and used + space + advance <= limit:
            current, used = f"{current} {word}", used + space + advance
            continue
        if not current and advance <= limit:
            current, used = word, advance
            continue
        if current:
            lines.append(current)
        current, used = "", 0
        if advance <= limit:
            current, used = word, advance
            continue
        for char in word:
            step = _units(char, bold)
            if current and used + step > limit:
                lines.append(current)
                current, used = "", 0
            current, used = current + char, used + step
    if current:
        lines.append(current)
    return lines


@dataclass
class Line:
    text: str
    size: float
    bold: bool = False
    italic: bool = False
    css: str = ""  # a class of the SVG's stylesheet: unit, capaian, note, fold
    href: str = ""  # the fold link (on the page only)
    y: float = 0.0  # baseline, relative to the box's top, then on the drawing once placed
    x: float = 0.0
    fill: str = "#000"


# Colours as attributes, not a stylesheet: WeasyPrint's SVG and the browser's read them alike.
BOX_COLOURS = {  # kind of node: (fill, stroke, dash)
    "level-0": ("#dbe8f6", "#2b5d8f", ""),
    "level-1": ("#e3f1e0", "#3d7a35", ""),
    "level-2": ("#fbf3d9", "#8a6d1a", ""),
    "group": ("#fbe4e4", "#a23b3b", "4 2"),
}
LINE_COLOURS = {"unit": "#333", "warning": "#a23b3b", "capaian": "#0b4f2c", "fold": "#1f5fae"}


@dataclass
class DrawnNode:
    key: str
    css: str  # level-0, level-1, level-2, group
    lines: list[Line]
    height: float
    x: float = 0.0
    y: float = 0.0
    width: float = BOX_WIDTH

    @property
    def fill(self) -> str:
        return BOX_COLOURS[self.css][0]

    @property
    def stroke(self) -> str:
        return BOX_COLOURS[self.css][1]

    @property
    def dash(self) -> str:
        return BOX_COLOURS[self.css][2]


@dataclass
class Drawing:
    nodes: list[DrawnNode]
    edges: list[str]  # SVG path data
    width: float
    height: float
    hidden: int = 0  # nodes folded away


@dataclass
class Fold:
    """How a node with children shows them: open, and the text and link of its fold line."""

    is_open: bool
    text: str = ""
    href: str = ""


def _lines(texts, size, *, bold=False, italic=False, css="") -> list[Line]:
    inner = BOX_WIDTH - 2 * PADDING
    fill = LINE_COLOURS.get(css, "#000")
    return [Line(t, size, bold, italic, css, fill=fill) for t in wrap(texts, inner, size, bold)]


def node_lines(node: Node, year: int, fold: Fold | None) -> list[Line]:
    """What a node's box says, top to bottom."""
    lines: list[Line] = []
    if node.group:
        lines += _lines(_("Not aligned (tidak selaras)"), UNIT, bold=True, css="warning")
        lines += _lines(node.unit_name, UNIT, bold=True, css="unit")
        if node.upper_missing:  # nothing above to support in this tree
            text = _("%(unit)s has no signed document in force this year (or none you may read)")
        else:
            text = _("Supports no strategic target of %(unit)s")
        lines += _lines(text % {"unit": node.text}, TEXT)
    else:
        lines += _lines(node.unit_name, UNIT, bold=True, css="unit")
        lines += _lines(node.text, TEXT)
    if node.supports_text:
        lines += _lines(_("Supports: %(text)s") % {"text": node.supports_text}, SMALL, italic=True)
    if node.stale:
        lines += _lines(
            _("Linked to an older version above (perlu ditautkan ulang)"),
            SMALL,
            italic=True,
            css="warning",
        )
    if node.capaian_text:
        lines += _lines(
            ngettext(
                "Capaian: %(value)s (average of %(n)s IKU)",
                "Capaian: %(value)s (average of %(n)s IKU)",
                node.capaian_count,
            )
            % {"value": node.capaian_text, "n": node.capaian_count},
            SMALL,
            bold=True,
            css="capaian",
        )
    for indicator in node.indicators:
        jenis = f" ({indicator.cascading})" if indicator.cascading else ""
        lines += _lines(f"IKU{jenis}: {indicator.name}", SMALL)
        figures = [
            _("Target %(year)s: %(value)s") % {"year": year, "value": indicator.target_text or "–"}
        ]
        if indicator.capaian_text:
            figures.append(_("Capaian %(value)s") % {"value": indicator.capaian_text})
        lines += _lines(" · ".join(figures), SMALL, css="figure")
    if node.supporting:
        lines += _lines(_("Capaian of the strategic targets supporting it:"), SMALL, bold=True)
        for child, capaian in node.supporting:
            lines += _lines(f"• {child.unit_name}: {child.text}: {capaian}", SMALL)
    if fold and fold.text:
        for line in _lines(fold.text, SMALL, bold=True, css="fold"):
            line.href = fold.href
            lines.append(line)
    return lines


def _box(node: Node, year: int, fold: Fold | None) -> DrawnNode:
    lines = node_lines(node, year, fold)
    y = PADDING
    for line in lines:
        y += line.size * LINE_SPACING
        line.y = y - line.size * (LINE_SPACING - 1) - 1  # the baseline, above the descenders
    css = "group" if node.group else f"level-{min(node.level, 2)}"
    return DrawnNode(node.key, css, lines, y + PADDING)


@dataclass
class Shown:
    node: Node
    children: list["Shown"] = field(default_factory=list)


def draw(roots: list[Node], year: int, fold_of) -> Drawing:
    """Lay out the forest `roots`; `fold_of(node)` says whether a node with children is open
    and what its fold line says (None: no fold line)."""
    drawn: list[DrawnNode] = []
    hidden = 0

    def build(node: Node) -> Box:
        nonlocal hidden
        fold = fold_of(node) if node.children else None
        box_node = _box(node, year, fold)
        drawn.append(box_node)
        box = Box(node.key, box_node.height, node.depth)
        if fold is not None and not fold.is_open:
            hidden += node.below
            return box
        box.children = [build(child) for child in node.children]
        return box

    layout = tidy_layout(
        [build(root) for root in roots], width=BOX_WIDTH, gap_x=GAP_X, gap_y=GAP_Y, margin=MARGIN
    )
    for node in drawn:
        placed = layout.boxes[node.key]
        node.x, node.y, node.height = round(placed.x, 1), round(placed.y, 1), round(node.height, 1)
        for line in node.lines:
            line.x, line.y = round(node.x + PADDING, 1), round(node.y + line.y, 1)
    edges = [
        f"M{a[0]:.1f} {a[1]:.1f}V{b[1]:.1f}H{c[0]:.1f}V{d[1]:.1f}" for a, b, c, d in layout.edges
    ]
    return Drawing(drawn, edges, round(layout.width, 1), round(layout.height, 1), hidden)


def page_drawing(tree: PerformanceTree, opened: set[str] | None, fold_href) -> Drawing:
    """The tree as the page draws it: the nodes in `opened` show their children (None: all
    do); a node with children gets a link that opens or closes its branch (`fold_href(key,
    open)`)."""

    def fold_of(node: Node) -> Fold:
        is_open = opened is None or node.key in opened
        if is_open:
            return Fold(True, "▾ " + _("Close branch"), fold_href(node.key, False))
        below = node.below
        text = ngettext(
            "▸ %(n)s strategic target below · Open branch",
            "▸ %(n)s strategic targets below · Open branch",
            below,
        ) % {"n": below}
        return Fold(False, text, fold_href(node.key, True))

    return draw(tree.roots, tree.year, fold_of)


# The most boxes the page draws before anyone opens a branch: a pemda of 50 dinas has some
# 500 sasaran one level below its own, more than a page can show readably (or quickly).
FIRST_VIEW_BOXES = 120


def default_open(tree: PerformanceTree) -> set[str]:
    """The top and one level below (the nodes of the first row show their children), or, when
    that would draw more than FIRST_VIEW_BOXES boxes, the first row alone, each branch with its
    count and the link that opens it."""
    first = {root.key for root in tree.roots if root.depth == 0}
    boxes = len(tree.roots) + sum(len(root.children) for root in tree.roots if root.key in first)
    return first if boxes <= FIRST_VIEW_BOXES else set()


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def svg_markup(drawing: Drawing, *, width: str, height: str, links: bool, label: str) -> str:
    """The drawing as an SVG element (safe HTML): coordinates in points, never localised; the
    fold lines as links on the page (`links`), plain text in the PDF."""
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="pohon" '
        f'viewBox="0 0 {_number(drawing.width)} {_number(drawing.height)}" '
        f'width="{escape(width)}" height="{escape(height)}" '
        'font-family="IKU Sans, Liberation Sans, Arial, sans-serif" role="img" '
        f'aria-label="{escape(label)}">',
        '<g fill="none" stroke="#555" stroke-width="0.8">',
        *(f'<path d="{edge}"/>' for edge in drawing.edges),
        "</g>",
    ]
    for node in drawing.nodes:
        key = escape(node.key)
        out.append(f'<g id="{key}" data-key="{key}">' if links else f'<g data-key="{key}">')
        dash = f' stroke-dasharray="{node.dash}"' if node.dash else ""
        out.append(
            f'<rect x="{_number(node.x)}" y="{_number(node.y)}" width="{_number(node.width)}" '
            f'height="{_number(node.height)}" rx="3" fill="{node.fill}" stroke="{node.stroke}" '
            f'stroke-width="0.8"{dash}/>'
        )
        for line in node.lines:
            link = bool(line.href and links)
            style = (
                (' font-weight="bold"' if line.bold else "")
                + (' font-style="italic"' if line.italic else "")
                + (' text-decoration="underline"' if link else "")
            )
            text = (
                f'<text x="{_number(line.x)}" y="{_number(line.y)}" '
                f'font-size="{_number(line.size)}"{style} fill="{line.fill}">'
                f"{escape(line.text)}</text>"
            )
            out.append(f'<a href="{escape(line.href)}">{text}</a>' if link else text)
        out.append("</g>")
    out.append("</svg>")
    return mark_safe("\n".join(out))  # noqa: S308 - every text and attribute above is escaped
