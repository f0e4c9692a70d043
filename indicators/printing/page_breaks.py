"""Page breaks of the printed IKU table, found and mended in the document's one layout.

A tujuan, sasaran (or any cell that spans rows) that goes on over a page break repeats its text
at the top of the next page, marked "(lanjutan)" where it is a tujuan or sasaran. WeasyPrint
lays out a cell that spans rows over a page break on the first page only: the next page has an
empty space in its column, with the column's borders drawn. So the document is laid out once;
the rows that open a page are read from that layout; the cells that go on there are laid out on
their own, in their columns (a few cells: cheap), and put into the empty spaces, with the line
that closes a cell at the foot of the page before.

That gives the very pages a second layout with the cells split at the page starts would give,
as long as the repeated cell fits beside the rows it stands for on its page and the cell it
continues fits on the page before (the rows are then as tall either way). Where it does not
(a long sasaran beside one short row), `continue_cells` says so and the caller lays the
document out again with the cells split, as before.
"""

from dataclasses import dataclass, field, replace

from django.template.loader import render_to_string
from django.utils import translation

from core.rendering import engine
from indicators.printing.print_layout import table_rows

CONTINUED_TEMPLATE = "print/continued_cells.html"
# Lengths from two layouts of the same text agree to far less than this (points).
TOLERANCE = 0.01


def _tables(box):
    """(table box, its ancestors from `box` down) of the tables under `box`, in document
    order."""
    table_box = engine.weasyprint().formatting_structure.boxes.TableBox
    stack = [(box, ())]
    while stack:
        box, ancestors = stack.pop()
        if isinstance(box, table_box):
            yield box, ancestors
            continue
        below = (*ancestors, box)
        stack.extend((child, below) for child in reversed(getattr(box, "children", [])))


@dataclass
class _Page:
    box: object = None  # the page's box
    table: object | None = None  # the IKU table's box on this page
    ancestors: tuple = ()  # the boxes holding the table, from the page's box down
    body: object | None = None  # the table's row group
    header_rows: int = 0
    rows: dict = field(default_factory=dict)  # {row index: row box}
    order: list = field(default_factory=list)  # the row indexes in order


def _pages(rendered) -> list[_Page]:
    pages = []
    for page in rendered.pages:
        found = _Page(box=page._page_box)
        for table, ancestors in _tables(page._page_box):
            if table.element is None or "iku" not in (table.element.get("class") or "").split():
                continue
            found.table, found.ancestors = table, ancestors
            for group in table.children:
                if group.is_header:
                    found.header_rows = len(group.children)
                    continue
                found.body = group
                for row in group.children:
                    index = row.element.get("data-row") if row.element is not None else None
                    if index is not None and int(index) not in found.rows:
                        found.rows[int(index)] = row
                        found.order.append(int(index))
        pages.append(found)
    return pages


def rows_per_page(rendered) -> list[list[int]]:
    """The table rows (their `data-row`) laid out on each page, in order."""
    return [page.order for page in _pages(rendered)]


def page_starts(rendered) -> frozenset[int]:
    """The first row that begins on each page after the first. (A row split over two pages,
    or holding the end of a cell that spans rows, shows on both; it does not begin there.)"""
    starts, previous = set(), []
    for rows in rows_per_page(rendered):
        fresh = [row for row in rows if row not in previous]
        if fresh and previous:
            starts.add(fresh[0])
        previous = rows or previous
    return frozenset(starts)


def tall_rows(rendered) -> frozenset[int]:
    """The rows taller than a quarter of the space between the page margins."""
    if not rendered.pages:
        return frozenset()
    quarter = rendered.pages[0]._page_box.height / 4
    heights = {}
    for page in _pages(rendered):
        for index, row in page.rows.items():
            heights[index] = heights.get(index, 0) + row.margin_height()
    return frozenset(index for index, height in heights.items() if height > quarter)


@dataclass
class _Continued:
    row: int  # the row that opens the page
    grid_x: int
    span: int  # rows of that page's part of the cell
    cell: object  # the print_layout.Cell


@dataclass
class _PrintRow:
    """A row of the continued-cells table: one cell, the rest of its columns empty."""

    items: list  # [(cell, None) | (None, [blank…])]


def _continued(snapshot, columns, starts, split) -> list[_Continued]:
    """The cells that a layout with the cells split at `starts` has and the single one has
    not: the cells that go on from the page before."""
    plain = table_rows(snapshot, columns, frozenset(), split)
    split_at_starts = table_rows(snapshot, columns, starts, split)
    found = []
    for start in sorted(starts):
        own = {id(cell.column) for cell in plain[start].cells}
        grid_x = 0
        for cell in split_at_starts[start].cells:
            if id(cell.column) not in own:
                found.append(_Continued(start, grid_x, cell.span, cell))
            grid_x += cell.column.span
        # Every column has a cell in a row that opens a page (see print_layout._fill_cells).
    return found


def _print_rows(continued: list[_Continued], columns) -> list[_PrintRow]:
    """One row per page start, holding the cells that go on there in their columns."""
    by_start = {}
    for item in continued:
        by_start.setdefault(item.row, {})[item.grid_x] = item.cell
    rows = []
    for cells in by_start.values():
        items = []
        grid_x = 0
        for column in columns:
            if grid_x in cells:
                items.append((replace(cells[grid_x], span=1), None))  # on its row alone
            else:
                items.append((None, [None] * column.span))
            grid_x += column.span
        rows.append(_PrintRow(items))
    return rows


def _laid_out_cells(rendered, continued) -> list | None:
    """(table, cell box) of each continued cell in their own layout, in the order of
    `continued`; None when a row of them is not whole on a page."""
    boxes = []
    for page in _pages(rendered):
        for row in (page.rows[index] for index in page.order):
            boxes.append((page.table, row))
    starts = list(dict.fromkeys(item.row for item in continued))
    if len(boxes) != len(starts):
        return None  # a row split over pages: shows twice
    rows = dict(zip(starts, boxes, strict=True))
    found = []
    for item in continued:
        table, row = rows[item.row]
        cell = next((c for c in row.children if c.grid_x == item.grid_x), None)
        if cell is None or int(row.element.get("data-row")) != starts.index(item.row):
            return None
        found.append((table, cell))
    return found


def _bottom(page: _Page, first: int, last: int) -> float:
    """The foot of the lowest of rows `first`…`last` on `page`."""
    return max(
        row.position_y + row.height for index, row in page.rows.items() if first <= index <= last
    )


def _natural_height(cell) -> float:
    """The height a cell needs for its content, from its top: its content, its own padding
    and its border (WeasyPrint pads a cell to the foot of its rows, and keeps that padding
    on a cell it tried on a page and then moved on)."""
    content_bottom = max(
        (child.position_y + child.margin_height() for child in cell.children),
        default=cell.content_box_y(),
    )
    padding = cell.style["padding_bottom"]
    padding = padding.value if padding.unit == "px" else cell.padding_top
    return content_bottom + padding + cell.border_bottom_width - cell.position_y


def _cut_cells(page: _Page):
    """(cell, its row) of the cells on `page` that span rows beyond it."""
    last = max(page.order)
    for index, row in page.rows.items():
        for cell in row.children:
            if index + cell.rowspan - 1 > last:
                yield cell, index


def continue_cells(rendered, snapshot, context: dict, starts, split) -> bool:
    """Put into `rendered` (laid out with no cell split) the cells that go on at each page
    start, as a layout with them split would print them. False where the two would differ
    (`rendered` is then not to be printed): the caller lays the document out again."""
    pages = _pages(rendered)
    if any(page.table is None and page.order for page in pages):
        return False
    columns = context["columns"]
    continued = _continued(snapshot, columns, starts, split)
    laid_out = []
    if continued:
        with translation.override("id"):
            html = render_to_string(
                CONTINUED_TEMPLATE,
                {
                    **context,
                    "page": {**context["page"], "page_numbers": False},  # not printed
                    "continued_rows": _print_rows(continued, columns),
                },
            )
        laid_out = _laid_out_cells(engine.layout(html), continued)
        if laid_out is None:
            return False
    opening_page = {}
    seen = set()
    for page in pages:
        fresh = [index for index in page.order if index not in seen]
        if fresh:
            opening_page[fresh[0]] = page
        seen.update(page.order)
    if any(item.row not in opening_page for item in continued):
        return False
    # A cell, repeated or cut, that is taller than its rows on its page makes its last row
    # there grow, as it would in a layout with the cells split, and what follows on the page
    # moves down: on each page, the repeated cells first (those ending higher first), then
    # the cut ones, which end on the last row.
    placements = sorted(
        zip(continued, laid_out, strict=True), key=lambda pair: pair[0].row + pair[0].span
    )
    stretched = []
    for item, (table, cell) in placements:
        page = opening_page[item.row]
        last = item.row + item.span - 1
        room = _bottom(page, item.row, last) - page.rows[item.row].position_y
        short = _natural_height(cell) - room
        if short > TOLERANCE:
            _stretch(page, last, short)
            stretched.append(page)
            room += short
        _place(item, page, page.rows[item.row], table, cell, room)
    for page in pages:
        if not page.order:
            continue
        last = max(page.order)
        for cell, index in list(_cut_cells(page)):
            short = _natural_height(cell) - (_bottom(page, index, last) - cell.position_y)
            if short > TOLERANCE:
                _stretch(page, last, short)
                stretched.append(page)
    return all(_fits(page) for page in stretched)


def _place(item: _Continued, page: _Page, row, laid_table, cell, room: float) -> None:
    """The laid-out continued `cell` moved into `row` of `page`, with the line above it that
    a cell beginning there has."""
    placed = cell.deepcopy()
    placed.translate(
        dx=page.table.column_positions[item.grid_x] - laid_table.column_positions[item.grid_x],
        dy=row.position_y - cell.position_y,
    )
    placed.padding_bottom += room - placed.border_height()
    placed.rowspan = item.span
    row.children = sorted([*row.children, placed], key=lambda child: child.grid_x)
    # The line between the row before and this one, in the columns of the cell: where the
    # first layout spanned them, the grid has none; take the line of a column that has one.
    _vertical, horizontal = page.table.collapsed_border_grid
    line = horizontal[page.header_rows + item.row]
    drawn = [border for border in line if border[1][1] > 0]
    if drawn:
        strongest = max(drawn, key=lambda border: border[0])
        for x in range(item.grid_x, item.grid_x + item.cell.column.span):
            line[x] = strongest


def _stretch(page: _Page, last: int, height: float) -> None:
    """Row `last` of `page` made `height` taller, and everything below it on the page moved
    down as far."""
    row = page.rows[last]
    row.height += height
    for index, other in page.rows.items():
        for cell in other.children:
            if index + cell.rowspan - 1 == last:
                cell.padding_bottom += height  # cells end at the foot of their last row
        if index != last and other.position_y > row.position_y:
            other.translate(dy=height)
    page.body.height += height
    page.table.height += height
    # The table's wrapper and the boxes holding it grow; what follows them moves down.
    inner = page.table
    for outer in reversed(page.ancestors):
        if outer is page.box:
            break
        outer.height += height
        after = False
        for child in outer.children:
            if after:
                child.translate(dy=height)
            after = after or child is inner
        inner = outer


def _fits(page: _Page) -> bool:
    """Whether what the page holds (its rows, and what follows the table on it) ends above
    its bottom margin."""
    lowest = max(row.position_y + row.height for row in page.rows.values())
    inner = page.table
    for outer in reversed(page.ancestors):
        if outer is page.box:
            break
        after = False
        for child in outer.children:
            if after:
                lowest = max(lowest, child.position_y + child.margin_height())
            after = after or child is inner
        inner = outer
    return lowest <= page.box.content_box_y() + page.box.height + TOLERANCE
