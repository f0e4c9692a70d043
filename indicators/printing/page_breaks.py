"""Page breaks of the printed IKU table, found and mended in the document's one layout.

A tujuan, sasaran (or any cell that spans rows) that goes on over a page break repeats its text
at the top of the next page, marked "(lanjutan)" where it is a tujuan or sasaran. WeasyPrint
lays out a cell that spans rows over a page break on the first page only: the next page has an
empty space in its column, with the column's borders drawn. So the document is laid out once,
with every cell that spans rows also laid out as it prints where it goes on ("(lanjutan)"),
in its column, out of the flow (`print_layout.continuations`: a few cells, cheap); the rows
that open a page are read from that layout, the cells that go on there are put into the empty
spaces, with the line that closes a cell at the foot of the page before, and the rest of those
laid-out cells are taken out.

That gives the very pages a second layout with the cells split at the page starts would give:
where a repeated cell (or the cell it goes on from) is taller than the rows it stands beside on
its page, the last of those rows grows and what follows on the page moves down, as that layout
would do. Where that would push something past the page's foot, `continue_cells` says so and
the caller lays the document out again with the cells split, as before.
"""

from dataclasses import dataclass, field

from core.rendering import engine

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
            classes = _classes(table)
            if "iku" not in classes or "continued-cells" in classes:
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
    start: int  # the row where the cell it goes on from begins
    width: int  # its grid columns


def _continued(context: dict, starts) -> list[_Continued]:
    """The cells that go on at each page start: the cells of the table (laid out with none
    split) that begin above a page start and span rows beyond it."""
    grid_x, first_column = 0, {}
    for column in context["columns"]:
        first_column[id(column)] = grid_x
        grid_x += column.span
    ordered = sorted(starts)
    found = []
    for row in context["rows"]:
        for cell in row.cells:
            end = row.index + cell.span  # the row after the cell
            for start in ordered:
                if row.index < start < end:
                    following = next((later for later in ordered if later > start), end)
                    span = min(end, following) - start
                    found.append(
                        _Continued(
                            start,
                            first_column[id(cell.column)],
                            span,
                            row.index,
                            cell.column.span,
                        )
                    )
    return sorted(found, key=lambda item: (item.row, item.grid_x))


def _laid_out_continuations(rendered, context: dict) -> dict:
    """{(grid column, row the cell begins on): (table box, cell box)} of the cells laid out to
    go on over a page break (`print_layout.continuations`), those laid out whole."""
    found = {}
    for page in rendered.pages:
        for table, _ancestors in _tables(page._page_box):
            if "continued-cells" not in _classes(table):
                continue
            for group in table.children:
                for row in group.children:
                    index = row.element.get("data-continuation")
                    if index is None:
                        continue
                    begins = context["continuations"][int(index)].starts
                    for cell in row.children:
                        if cell.grid_x in begins:
                            key = (cell.grid_x, begins[cell.grid_x])
                            # Split over two pages: not whole anywhere.
                            found[key] = None if key in found else (table, cell)
    return {key: value for key, value in found.items() if value is not None}


def _take_out_continuations(rendered) -> None:
    """The laid-out continued cells taken out of the pages: nothing of them is drawn but the
    copies put where a page needs them."""
    for page in rendered.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            children = getattr(box, "children", None)
            if not children:
                continue
            kept = [child for child in children if "continuations" not in _classes(child)]
            if len(kept) != len(children):
                box.children = kept
            stack.extend(kept)


def _classes(box) -> list[str]:
    """The classes of the element that made `box`."""
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


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


def continue_cells(rendered, context: dict, starts) -> bool:
    """Put into `rendered` (laid out with no cell split, from `context`) the cells that go on
    at each page start, as a layout with them split would print them, and take the cells laid
    out for that out of the pages. False where the two would differ (`rendered` is then not
    to be printed): the caller lays the document out again."""
    candidates = _laid_out_continuations(rendered, context)
    _take_out_continuations(rendered)
    pages = _pages(rendered)
    if any(page.table is None and page.order for page in pages):
        return False
    continued = _continued(context, starts)
    try:
        laid_out = [candidates[(item.grid_x, item.start)] for item in continued]
    except KeyError:
        return False  # not laid out whole
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
        for x in range(item.grid_x, item.grid_x + item.width):
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
