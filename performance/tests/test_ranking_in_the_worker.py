"""The ranking's standings are computed by a worker, never in the request: the first sight of a
year's ranking answers at once, says the ranking is being computed and refreshes itself; the
worker keeps every unit's standing, and again a unit's whenever one of its figures is saved; the
page then reads one page of kept standings, in a number of queries that does not grow with the
number of units (docs/PERFORMANCE.md, "The ranking of units")."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, reset_queries
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from indicators.tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
    sign,
)
from organizations.tests.factories import UnitFactory
from performance import selectors
from performance.models import StandingsJob, YearStanding

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
NOW = timezone.localdate().year
YEAR = NOW - 3


def _run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())


@pytest.fixture
def measured(unit, staf, kepala):
    """The staf's unit (an OPD under a pemda) with a signed document of one IKU, target 80."""
    pemda = UnitFactory(name="Provinsi Contoh", parent=None)
    unit.parent = pemda
    unit.save()
    document = DocumentFactory(unit=unit, period_start=NOW - 4, period_end=NOW)
    sasaran = StrategicTargetFactory(document=document)
    indicator = IndicatorFactory(strategic_target=sasaran, name="Indeks kepuasan", formula="")
    YearlyTargetFactory(indicator=indicator, year=YEAR, value=Decimal(80))
    sign(document, staf=staf, kepala=kepala)
    return indicator


def _record(client, indicator, value: str, version: int = 0):
    url = reverse("performance:realisasi_edit", args=[indicator.pk, YEAR, 1])
    return client.post(url, {"version": version, "value": value})


RANKING = reverse("performance:ranking") + f"?tahun={YEAR}&tingkat=opd"


@pytest.mark.django_db(transaction=True)
def test_the_first_sight_answers_at_once_and_the_worker_computes_the_standings(
    client, superuser, measured, other_unit, settings
):
    settings.TASKS = DATABASE_QUEUE
    client.force_login(superuser)
    kept_before = YearStanding.objects.count()  # the signed unit's, kept when it was signed
    first = client.get(RANKING)
    page = first.content.decode()
    assert first.status_code == 200
    assert "Peringkat sedang dihitung…" in page
    assert '<meta http-equiv="refresh" content="5">' in page
    assert YearStanding.objects.count() == kept_before  # nothing computed in the request
    client.get(RANKING)  # opened again while the worker has not started
    assert StandingsJob.objects.count() == 1 and DBTaskResult.objects.count() == 1  # asked once
    _run_worker()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert StandingsJob.objects.get(year=YEAR).finished_at is not None
    assert YearStanding.objects.filter(year=YEAR).count() == 3  # every unit, every level
    page = client.get(RANKING).content.decode()
    assert "Peringkat sedang dihitung" not in page and "http-equiv" not in page
    assert measured.document.unit.name in page and other_unit.name not in page
    top = client.get(RANKING.replace("opd", "pemda")).content.decode()
    assert other_unit.name in top and "Provinsi Contoh" in top
    assert DBTaskResult.objects.count() == 1  # nothing more asked


@pytest.mark.django_db(transaction=True)
def test_a_saved_figure_has_its_unit_computed_again_by_the_worker(
    client, staf, superuser, unit, measured, settings
):
    settings.TASKS = DATABASE_QUEUE
    client.force_login(superuser)
    client.get(RANKING)
    _run_worker()
    assert YearStanding.objects.get(unit=unit, year=YEAR).average is None
    client.force_login(staf)
    _record(client, measured, "60")  # 75 %
    assert YearStanding.objects.get(unit=unit, year=YEAR).average is None  # not in the request
    _run_worker()
    kept = YearStanding.objects.get(unit=unit, year=YEAR)
    assert (kept.average, kept.shown, kept.filled, kept.total) == (Decimal(75), Decimal(75), 1, 1)
    assert kept.ranked and kept.complete and kept.completeness == 100
    client.force_login(superuser)
    row = client.get(RANKING).content.decode().split(unit.name, 1)[1].split("</tr>", 1)[0]
    assert "75,00 %" in row and "1/1 (100 %)" in row


def test_the_kept_standings_hold_what_the_ranking_orders_and_filters_by(
    client, superuser, staf, unit, measured, django_capture_on_commit_callbacks
):
    client.force_login(staf)
    _record(client, measured, "60")
    client.force_login(superuser)
    assert "Peringkat sedang dihitung…" in client.get(RANKING).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # a unit created, one renamed
        bidang = UnitFactory(name="Bidang Contoh", parent=unit)
        unit.name = "Dinas Koperasi"
        unit.save()
    kept = {
        s.unit_id: (s.level, s.unit_name, s.ranked, s.complete)
        for s in YearStanding.objects.filter(year=YEAR)
    }
    assert kept[unit.pk] == ("opd", "Dinas Koperasi", True, True)
    assert kept[unit.parent_id] == ("pemda", "Provinsi Contoh", False, False)
    assert kept[bidang.pk] == ("bidang", "Bidang Contoh", False, False)
    page = client.get(RANKING.replace("opd", "bidang")).content.decode()
    assert "Bidang Contoh" in page and "Peringkat sedang dihitung" not in page


def test_a_failed_computing_is_asked_again(client, superuser, measured, settings):
    settings.TASKS = DATABASE_QUEUE
    client.force_login(superuser)
    client.get(RANKING)
    job, asked = StandingsJob.objects.get(), DBTaskResult.objects.count()
    DBTaskResult.objects.update(status="FAILED")
    assert "Peringkat sedang dihitung…" in client.get(RANKING).content.decode()
    assert StandingsJob.objects.get().pk != job.pk and DBTaskResult.objects.count() == asked + 1


def test_the_ranking_reads_a_fixed_number_of_queries_however_many_units(
    client, superuser, staf, measured, django_assert_max_num_queries
):
    client.force_login(superuser)
    client.get(RANKING)  # computed after the response (the test's tasks run at once)
    reset_queries()  # the log keeps 9,000 queries: the fixtures' signing fills it
    with django_assert_max_num_queries(30) as few:
        client.get(RANKING)
    queries = len(few.captured_queries)
    pemda = measured.document.unit.parent
    for n in range(40):
        UnitFactory(name=f"Dinas Tambahan {n:02d}", parent=pemda)
    StandingsJob.objects.all().delete()
    client.get(RANKING)
    assert YearStanding.objects.filter(year=YEAR, level="opd").count() == 41
    assert StandingsJob.objects.get().counts == {"opd": 41, "pemda": 1}  # the admin's pages
    reset_queries()
    with django_assert_max_num_queries(queries):
        page = client.get(RANKING).content.decode()
    assert "Dinas Tambahan 39" in page


def test_ties_share_a_rank_across_pages(client, superuser, staf, kepala, unit, measured):
    """The rank comes from the database's window over every kept standing, not the page."""
    client.force_login(staf)
    _record(client, measured, "80")  # 100 %
    pemda = unit.parent
    for n in range(55):
        UnitFactory(name=f"Dinas {n:02d}", parent=pemda)
    client.force_login(superuser)
    client.get(RANKING)
    YearStanding.objects.filter(year=YEAR, level="opd").exclude(unit=unit).update(
        average=Decimal(90), shown=Decimal(90), ranked=True, complete=True, completeness=100
    )
    second = client.get(RANKING + "&page=2").content.decode()
    assert "<td>2</td>" in second and "<td>3</td>" not in second  # 55 units tied second
    assert "90,00 %" in second
    by_completeness = RANKING + "&urutan=kelengkapan"  # all complete: by name, ranks kept
    first = client.get(by_completeness).content.decode()
    assert "<td>2</td>" in first and "<td>1</td>" not in first
    assert "<td>1</td>" in client.get(by_completeness + "&page=2").content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner of PostgreSQL")
def test_a_page_of_the_ranking_is_read_off_its_index_without_sorting_every_unit(
    superuser, measured
):
    standings = selectors.kept_standings(user=superuser, year=YEAR)
    rows = standings.filter(level="opd").order_by(*selectors.ORDERS["capaian"])
    sql, params = rows[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        # A handful of rows: the planner may as well sort them, or read another index. What
        # is asked is that the order can be read off its index, with no Sort.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "standing_rank_order" in plan and "Sort" not in plan, plan
