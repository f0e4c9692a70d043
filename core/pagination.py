"""Pagination that stays cheap on a national database: the rows are counted only up to a cap,
so a search that matches half a million rows costs no more to page through than one that
matches a thousand. Past the cap the page says "more than N" and asks for a narrower search."""

from functools import cached_property

from django.core.paginator import Paginator
from django.db import connections


class CappedPaginator(Paginator):
    cap = 1000

    @cached_property
    def count(self) -> int:
        # The ids in the list's own order, LIMIT cap + 1: the database plans for the first rows
        # (as it does for a page), walking the list's index and checking row by row, instead
        # of matching every row first.
        return len(self.object_list.values_list("pk", flat=True)[: self.cap + 1])

    @property
    def capped(self) -> bool:
        """More rows exist than were counted."""
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        count = min(self.count, self.cap)
        if count == 0 and not self.allow_empty_first_page:
            return 0
        hits = max(1, count - self.orphans)
        return -(-hits // self.per_page)


class AdminPaginator(Paginator):
    """For admin changelists of tables with hundreds of thousands of rows: an unfiltered list
    on PostgreSQL takes the planner's row estimate (kept fresh by ANALYZE) instead of counting
    every row; a filtered or searched list counts its rows up to a cap, in the list's own order
    (as `CappedPaginator`), so that a common word stops counting after the cap (500: five pages
    of 100, twenty of 25; a longer search is narrowed, not paged through)."""

    cap = 500

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor == "postgresql" and not queryset.query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > self.cap:
                return int(row[0])
        return len(queryset.values_list("pk", flat=True)[: self.cap + 1])


class NextOnlyPaginator(Paginator):
    """For a search that matches a great many rows (a common word on a national database):
    no count at all. Each page reads its rows and one more, which says whether a next page
    exists; the list says "many match, narrow the search"."""

    capped = True
    cap = None

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        return max(1, min(number, 10000))

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            return self.page(1)
        self._more = len(rows) > self.per_page
        self._seen = bottom + min(len(rows), self.per_page)
        return self._get_page(rows[: self.per_page], number, self)

    def get_page(self, number):
        return self.page(number)

    @property
    def count(self) -> int:
        return self._seen + (1 if self._more else 0)

    @property
    def num_pages(self) -> int:
        pages = -(-self._seen // self.per_page) if self._seen else 1
        return pages + (1 if self._more else 0)


class CountedPaginator(Paginator):
    """Pages rows whose number is already known (read along with something else), so that the
    paginator does not count them again."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @property
    def count(self) -> int:
        return self._count
