"""`Server-Timing` on every response when ARCHIVE_SERVER_TIMING is on: where a request's time went.

Browsers' developer tools show the header beside each request, and the HTTP benchmark reads it:
`db;dur=12.3;desc="7 queries", app;dur=45.6`, the time spent in the database and in the whole
view, in milliseconds. A streamed response (a CSV export) is timed until its first byte only.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection


class QueryTimer:
    """An execute wrapper that counts the queries it runs and adds up their time."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


def server_timing(get_response):
    if not settings.ARCHIVE_SERVER_TIMING:
        raise MiddlewareNotUsed

    def middleware(request):
        timer = QueryTimer()
        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            response = get_response(request)
        total = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = (
            f'db;dur={timer.seconds * 1000:.1f};desc="{timer.count} queries", app;dur={total:.1f}'
        )
        return response

    return middleware
