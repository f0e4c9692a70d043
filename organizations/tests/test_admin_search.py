"""The admin's unit search: every word in one of the names (name, short name, government, seat
city), a quoted phrase as one word, as Django's own search reads them."""

from django.urls import reverse

from organizations.tests.factories import UnitFactory


def _found(client, q) -> set[str]:
    page = client.get(reverse("admin:organizations_organizationunit_changelist"), {"q": q})
    assert page.status_code == 200
    return {u.name for u in page.context["cl"].result_list}


def test_each_word_is_found_in_any_of_the_names_and_all_words_must_be(client, superuser):
    UnitFactory(name="Dinas Koperasi", government="Provinsi Jambi", seat_city="Jambi")
    UnitFactory(name="Dinas Pertanian", short_name="Distan Jambi", government="Provinsi Jambi")
    UnitFactory(name="Dinas Koperasi UKM", government="Provinsi Riau", seat_city="Pekanbaru")
    client.force_login(superuser)
    assert _found(client, "koperasi") == {"Dinas Koperasi", "Dinas Koperasi UKM"}
    assert _found(client, "distan") == {"Dinas Pertanian"}  # the short name
    assert _found(client, "pekanbaru") == {"Dinas Koperasi UKM"}  # the seat city
    assert _found(client, "koperasi jambi") == {"Dinas Koperasi"}  # both words
    assert _found(client, '"koperasi ukm"') == {"Dinas Koperasi UKM"}  # one phrase
    assert _found(client, "zzqqxx") == set()
    assert len(_found(client, "")) == 3


def test_a_word_most_names_hold_finds_the_same(client, superuser, monkeypatch):
    """A word held by more names than the count's cap is asked as Django asks it; the units
    found are the same."""
    from core.pagination import AdminPaginator

    UnitFactory(name="Dinas Koperasi", government="Provinsi Jambi", seat_city="Jambi")
    UnitFactory(name="Dinas Koperasi UKM", government="Provinsi Riau", seat_city="Pekanbaru")
    UnitFactory(name="Badan Pendapatan", government="Provinsi Riau")
    client.force_login(superuser)
    monkeypatch.setattr(AdminPaginator, "cap", 1)
    assert _found(client, "koperasi") == {"Dinas Koperasi", "Dinas Koperasi UKM"}
    assert _found(client, "koperasi riau") == {"Dinas Koperasi UKM"}
