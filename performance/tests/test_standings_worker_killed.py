"""A worker killed while it computes a year's standings (SIGKILL: out of memory, a deploy) is
found out by its missing sign of life after the lease: the next sight of the ranking asks a
worker again, which computes every unit's standing; the ranking never stays "being computed".
Real worker processes on PostgreSQL, where several processes share the database."""

import os
import time

import pytest
from django.core.management import call_command
from django.db import connection

from indicators.tests.workflow.test_worker_killed import LEASE, _kill_when_heard_of, queue  # noqa: F401
from organizations.models import OrganizationUnit
from performance.models import StandingsJob, YearStanding
from performance.tests.test_ranking_in_the_worker import RANKING, YEAR, measured  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a worker process beside the tests shares a database server: PostgreSQL",
    ),
]


def test_a_standings_computing_whose_worker_was_killed_is_asked_again_after_the_lease(
    queue,  # noqa: F811
    client,
    superuser,
    measured,  # noqa: F811
):
    # Units enough that computing them takes the worker a while (batches of 500).
    pemda = measured.document.unit.parent
    OrganizationUnit.objects.bulk_create(
        OrganizationUnit(name=f"Unit Tambahan {n:04d}", parent=pemda) for n in range(6000)
    )
    units = OrganizationUnit.objects.count()
    client.force_login(superuser)
    assert "Peringkat sedang dihitung…" in client.get(RANKING).content.decode()
    first = StandingsJob.objects.get(year=YEAR)
    _kill_when_heard_of(queue, StandingsJob, year=YEAR)
    assert StandingsJob.objects.get(year=YEAR).finished_at is None  # killed in the middle
    assert "Peringkat sedang dihitung…" in client.get(RANKING).content.decode()  # within lease
    assert StandingsJob.objects.get(year=YEAR).pk == first.pk
    time.sleep(LEASE + 1)
    assert "Peringkat sedang dihitung…" in client.get(RANKING).content.decode()
    again = StandingsJob.objects.get(year=YEAR)
    assert again.pk != first.pk  # the dead one asked again
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert StandingsJob.objects.get(year=YEAR).finished_at is not None
    assert YearStanding.objects.filter(year=YEAR).count() == units
    page = client.get(RANKING).content.decode()
    assert "Peringkat sedang dihitung" not in page
    assert measured.document.unit.name in page
