"""A tidy tree layout, plain Python (no Django): x by leaf order, y by depth.

Every box has the same width. The leaves take consecutive slots from left to right, in the
order the tree lists them; a parent sits centred over its first and last child. A box's
depth is given (a child is deeper than its parent, not necessarily by one), and every depth
is a row as tall as its tallest box. So no two boxes overlap: the subtrees of siblings hold
disjoint runs of slots, and a parent lies within its children's run.

Edges go from the bottom middle of the parent to the top middle of the child, bending halfway
between the rows (an elbow), as pohon kinerja are drawn by hand.
"""

from dataclasses import dataclass, field


@dataclass
class Box:
    key: str
    height: float
    depth: int
    children: list["Box"] = field(default_factory=list)


@dataclass
class Placed:
    key: str
    x: float  # left edge
    y: float  # top edge
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass
class Layout:
    boxes: dict[str, Placed]
    edges: list[tuple[tuple[float, float], ...]]  # each an elbow: four points
    width: float
    height: float


def tidy_layout(
    roots: list[Box], *, width: float, gap_x: float, gap_y: float, margin: float = 0
) -> Layout:
    """Place the forest `roots` (listed left to right)."""
    row_height: dict[int, float] = {}

    def rows(box: Box):
        row_height[box.depth] = max(row_height.get(box.depth, 0), box.height)
        for child in box.children:
            if child.depth <= box.depth:
                raise ValueError(f"{child.key} is not deeper than its parent {box.key}")
            rows(child)

    for root in roots:
        rows(root)
    row_top, top = {}, margin
    for depth in sorted(row_height):
        row_top[depth] = top
        top += row_height[depth] + gap_y

    boxes: dict[str, Placed] = {}
    edges = []
    slot = [0]

    def place(box: Box) -> float:
        """The box's centre x, its subtree placed."""
        if box.children:
            centres = [place(child) for child in box.children]
            centre = (centres[0] + centres[-1]) / 2
        else:
            centre = margin + slot[0] * (width + gap_x) + width / 2
            slot[0] += 1
        boxes[box.key] = Placed(box.key, centre - width / 2, row_top[box.depth], width, box.height)
        return centre

    for root in roots:
        place(root)

    def connect(box: Box):
        parent = boxes[box.key]
        for child in box.children:
            placed = boxes[child.key]
            middle = placed.y - gap_y / 2
            start = (parent.x + width / 2, parent.bottom)
            end = (placed.x + width / 2, placed.y)
            edges.append((start, (start[0], middle), (end[0], middle), end))
            connect(child)

    for root in roots:
        connect(root)
    total_width = 2 * margin + max(slot[0] * (width + gap_x) - gap_x, 0)
    total_height = (top - gap_y + margin) if row_height else 2 * margin
    return Layout(boxes, edges, total_width, total_height)
