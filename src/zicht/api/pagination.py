"""Pages of at most ``max_limit`` rows: a client cannot ask the database for everything,
nor send a number it cannot hold (``?limit=9223372036854775808`` was a 500 on SQLite and
PostgreSQL alike)."""

from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    max_limit = 200
    #: Further than anyone pages; it also keeps the offset within a 64-bit integer.
    max_offset = 1_000_000

    def get_offset(self, request):
        return min(super().get_offset(request), self.max_offset)
