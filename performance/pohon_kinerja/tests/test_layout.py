"""The tidy tree layout: leaves side by side in order, parents centred over their children,
rows by depth, and no two boxes overlapping whatever the shape."""

import random

import pytest

from performance.pohon_kinerja.layout import Box, tidy_layout


def _overlap(a, b) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def test_leaves_in_order_and_a_parent_centred_over_its_children():
    tree = Box("a", 40, 0, [Box("b", 30, 1), Box("c", 50, 1, [Box("d", 20, 2), Box("e", 20, 2)])])
    layout = tidy_layout([tree], width=100, gap_x=10, gap_y=20)
    at = {k: (p.x, p.y) for k, p in layout.boxes.items()}
    assert at["b"] == (0, 60)  # the first leaf; row 1 starts below the tallest box of row 0
    assert at["d"] == (110, 60 + 50 + 20)  # row 1 is as tall as its tallest box (c: 50)
    assert at["e"] == (220, 130)
    assert at["c"] == (165, 60)  # centred over d and e
    assert at["a"] == ((0 + 165) / 2, 0)  # over b and c
    assert layout.width == 320
    assert layout.height == 130 + 20


def test_an_edge_bends_halfway_between_the_rows():
    layout = tidy_layout([Box("a", 40, 0, [Box("b", 30, 1)])], width=100, gap_x=10, gap_y=20)
    assert layout.edges == [((50, 40), (50, 50), (50, 50), (50, 60))]


def test_a_child_two_rows_down_and_roots_side_by_side():
    layout = tidy_layout(
        [Box("a", 10, 0), Box("g", 10, 1, [Box("x", 10, 2)])], width=10, gap_x=5, gap_y=5
    )
    assert layout.boxes["g"].y == layout.boxes["x"].y - 15
    assert layout.boxes["g"].x == layout.boxes["x"].x == 15


def test_a_child_not_deeper_than_its_parent_is_refused():
    with pytest.raises(ValueError):
        tidy_layout([Box("a", 10, 1, [Box("b", 10, 1)])], width=10, gap_x=5, gap_y=5)


def _random_forest(rng, count):
    made = 0

    def grow(depth):
        nonlocal made
        made += 1
        box = Box(f"n{made}", rng.randint(20, 120), depth)
        while depth < 3 and made < count and rng.random() < 0.7:
            box.children.append(grow(depth + rng.choice([1, 1, 2])))
        return box

    roots = []
    while made < count:
        roots.append(grow(rng.choice([0, 0, 1])))
    return roots


@pytest.mark.parametrize("seed", range(5))
def test_no_two_boxes_overlap_at_300_nodes(seed):
    rng = random.Random(seed)  # noqa: S311 (shapes, not secrets)
    layout = tidy_layout(_random_forest(rng, 300), width=170, gap_x=12, gap_y=30, margin=4)
    placed = list(layout.boxes.values())
    assert len(placed) >= 300
    rows = {}
    for box in placed:
        rows.setdefault(box.y, []).append(box)
    for row in rows.values():
        row.sort(key=lambda b: b.x)
        assert all(not _overlap(a, b) for a, b in zip(row, row[1:], strict=False))
    assert all(not _overlap(a, b) for a in placed for b in placed if a.key < b.key and a.y != b.y)
    assert all(b.x >= 0 and b.right <= layout.width and b.bottom <= layout.height for b in placed)
