"""The document search: by title, unit or IKU name, each document once, without a join and
DISTINCT; on PostgreSQL each search has its trigram index."""

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.urls import reverse

from core.pagination import CappedPaginator, NextOnlyPaginator
from indicators.models import Indicator
from indicators.tests.factories import DocumentFactory, IndicatorFactory, StrategicTargetFactory
from indicators.tree import selectors
from indicators.tree.selectors import document_list_for_user
from organizations.models import OrganizationUnit


def test_a_document_with_two_matching_iku_is_listed_once(client, staf, unit):
    document = DocumentFactory(unit=unit, title="Rencana")
    target = StrategicTargetFactory(document=document)
    IndicatorFactory(strategic_target=target, name="Persentase koperasi sehat")
    IndicatorFactory(strategic_target=target, name="Jumlah koperasi sehat baru")
    DocumentFactory(unit=unit, title="Lain", period_start=2019, period_end=2023)
    found = list(document_list_for_user(user=staf, q="KOPERASI SEHAT"))
    assert found == [document]
    sql = str(document_list_for_user(user=staf, q="sehat").query).upper()
    assert "DISTINCT" not in sql and "JOIN" not in sql.split("WHERE")[1]
    client.force_login(staf)
    page = client.get(reverse("indicators:document_list") + "?q=sehat").content.decode()
    assert page.count(reverse("indicators:document_detail", args=[document.pk])) >= 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes: PostgreSQL")
def test_on_postgresql_the_searches_use_their_trigram_indexes(db, staf):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE %s ORDER BY indexname",
            ["%_trgm"],
        )
        assert [r[0] for r in cursor.fetchall()] == [
            "document_title_trgm",
            "indicator_name_trgm",
            "unit_government_trgm",
            "unit_name_trgm",
            "unit_seat_city_trgm",
            "unit_short_name_trgm",
        ]
        # No pending list: new names go into the index itself, never into an unsorted list
        # that every search would read whole until a vacuum (29 ms for a search with no hit
        # after a bulk load of 20,000 units).
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname LIKE %s ORDER BY relname",
            ["%_trgm"],
        )
        assert dict(cursor.fetchall()) == {
            name: ["fastupdate=off"]
            for name in (
                "document_title_trgm",
                "indicator_name_trgm",
                "unit_government_trgm",
                "unit_name_trgm",
                "unit_seat_city_trgm",
                "unit_short_name_trgm",
            )
        }

        query = Indicator.objects.filter(name__icontains="koperasi").order_by().only("id").query
        sql, params = query.sql_with_params()
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = " ".join(r[0] for r in cursor.fetchall())
    assert "indicator_name_trgm" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes: PostgreSQL")
def test_on_postgresql_the_admins_unit_search_reads_only_indexes(admin_client, unit):
    model_admin = site._registry[OrganizationUnit]
    found, _duplicates = model_admin.get_search_results(
        None, OrganizationUnit.objects.all(), "pertumbuhan"
    )
    sql, params = found.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = " ".join(r[0] for r in cursor.fetchall())
    assert "Seq Scan" not in plan and "unit_government_trgm" in plan, plan


def test_the_admins_document_search_finds_by_title_and_unit_name(admin_client, unit, monkeypatch):
    unit.name = "Dinas Pangan Kota Contoh"
    unit.save()
    by_unit = DocumentFactory(unit=unit, title="Rencana")
    by_title = DocumentFactory(title="IKU Ketahanan Pangan", period_start=2030, period_end=2034)
    other = DocumentFactory(title="Lain", period_start=2040, period_end=2044)
    url = reverse("admin:indicators_ikudocument_changelist") + "?q=pangan"
    change = lambda d: reverse("admin:indicators_ikudocument_change", args=[d.pk])  # noqa: E731
    for probe in (1000, 0):  # a rare word (ids from the probes), a common one (per row)
        monkeypatch.setattr(selectors, "SEARCH_PROBE", probe)
        page = admin_client.get(url).content.decode()
        assert change(by_unit) in page and change(by_title) in page
        assert change(other) not in page


def _documents(unit, count, word):
    for n in range(count):
        document = DocumentFactory(
            unit=unit, title=f"Dokumen {n}", period_start=2000 + n, period_end=2000 + n
        )
        IndicatorFactory(
            strategic_target=StrategicTargetFactory(document=document), name=f"IKU {word} {n}"
        )


def test_a_long_list_is_counted_only_up_to_its_cap(client, staf, unit, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    _documents(unit, 5, "pangan")
    client.force_login(staf)
    page = client.get(reverse("indicators:document_list")).content.decode()
    assert "Lebih dari 3 dokumen cocok" in page
    assert "Halaman 1 dari 1" not in page  # 3 counted, per page 25


def test_a_broad_search_pages_without_a_count(client, staf, unit, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_PROBE", 2)  # three IKU hold the word: broad
    _documents(unit, 3, "irigasi")
    monkeypatch.setattr("indicators.tree.views.NextOnlyPaginator.page", _small_pages(2))
    client.force_login(staf)
    url = reverse("indicators:document_list") + "?q=irigasi"
    first = client.get(url).content.decode()
    assert "Banyak dokumen cocok" in first and "Halaman 1" in first and "page=2" in first
    second = client.get(url + "&page=2").content.decode()
    assert "Halaman 2" in second and "page=3" not in second
    shown = [t for t in ("Dokumen 0", "Dokumen 1", "Dokumen 2") if t in first + second]
    assert len(shown) == 3


def _small_pages(per_page):
    """NextOnlyPaginator.page with a small page, so that three documents make two pages."""
    original = NextOnlyPaginator.page

    def page(self, number):
        self.per_page = per_page
        return original(self, number)

    return page
