"""Reordering items that carry an `order` field (fungsi, tujuan, sasaran, IKU)."""

from django.contrib import messages
from django.utils.translation import gettext as _


def move_in_order(siblings, item, direction: str) -> bool:
    """Swap `item` with its neighbour among `siblings` (a queryset) and renumber 1, 2, 3…;
    False when there is no neighbour that way (the first moved up, the last down).

    Only rows whose position changes are written.
    """
    ordered = list(siblings.order_by("order", "id"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, sibling in enumerate(ordered, start=1):
        if sibling.order != position:
            siblings.filter(pk=sibling.pk).update(order=position)
    return True


def tell_moved(request, moved: bool, direction: str) -> None:
    """The message after a move: done, or why nothing moved."""
    if moved:
        messages.success(request, _("Order changed."))
    elif direction == "up":
        messages.info(request, _("It is already the first; nothing was moved."))
    else:
        messages.info(request, _("It is already the last; nothing was moved."))
