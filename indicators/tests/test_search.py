"""The document search: by title, unit or IKU name, each document once, without a join and
DISTINCT; on PostgreSQL each search has its trigram index."""

import pytest
from django.db import connection
from django.urls import reverse

from indicators.selectors import document_list_for_user
from indicators.tests.factories import DocumentFactory, IndicatorFactory, StrategicTargetFactory


def test_a_document_with_two_matching_iku_is_listed_once(client, staf, unit):
    document = DocumentFactory(unit=unit, title="Rencana")
    target = StrategicTargetFactory(document=document)
    IndicatorFactory(strategic_target=target, name="Persentase koperasi sehat")
    IndicatorFactory(strategic_target=target, name="Jumlah koperasi sehat baru")
    DocumentFactory(unit=unit, title="Lain", period_start=2019, period_end=2023)
    found = list(document_list_for_user(user=staf, q="KOPERASI SEHAT"))
    assert found == [document]
    sql = str(document_list_for_user(user=staf, q="sehat").query).upper()
    assert "DISTINCT" not in sql and "EXISTS" in sql
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
            "unit_name_trgm",
        ]
        from indicators.models import Indicator

        query = Indicator.objects.filter(name__icontains="koperasi").only("id").query
        sql, params = query.sql_with_params()
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = " ".join(r[0] for r in cursor.fetchall())
    assert "indicator_name_trgm" in plan
