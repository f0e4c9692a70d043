"""Test-only middleware (settings_test): the commit at the end of a request, as the test suite
must stand in for it.

Each test runs inside one transaction that is rolled back at its end, so what a request asks
to run when its transaction commits (`transaction.on_commit`: the tasks it enqueues) would
never run. When a response reaches this middleware the request's own transaction
(iku_portal.middleware.AtomicWritesMiddleware) has ended: its callbacks run now, as they
would after a real commit. The callbacks of a block that rolled back were already discarded
by Django; tests that use real transactions (`transaction=True`) commit for real and leave
nothing here."""

from django.db import connections


class RunOnCommitAfterRequest:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for connection in connections.all(initialized_only=True):
            while connection.in_atomic_block and connection.run_on_commit:
                _savepoints, callback, _robust = connection.run_on_commit.pop(0)
                callback()
        return response
