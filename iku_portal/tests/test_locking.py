"""No lost update anywhere: every edit form refuses a save that started from an old version,
and a POST without the version field, and keeps the first person's save in the database."""

import re

import pytest
from django.urls import reverse

from indicators.tests.factories import (
    DocumentFactory,
    GoalFactory,
    IndicatorFactory,
    StrategicTargetFactory,
)
from indicators.tests.tree.test_editor import _settings
from organizations.tests.factories import FunctionFactory, OfficialFactory

CONFLICT = "Orang lain menyimpan data ini saat Anda sedang mengubahnya."


@pytest.fixture
def objects(unit):
    document = DocumentFactory(unit=unit, layout="ringkas")
    goal = GoalFactory(document=document, text="Tujuan lama")
    target = StrategicTargetFactory(document=document, goal=goal, text="Sasaran lama")
    return {
        "unit": unit,
        "function": FunctionFactory(unit=unit, order=1, text="Fungsi lama"),
        "official": OfficialFactory(unit=unit, name="Pejabat Lama", nip="196304211985031008"),
        "goal": goal,
        "target": target,
        "indicator": IndicatorFactory(strategic_target=target, name="IKU lama"),
    }


def _edits(o):
    """(url, data of a valid edit without its version, the object, field, value typed)."""
    indicator = {
        "strategic_target": o["target"].pk,
        "direction": "higher",
        "calculation_type": "non_kumulatif",
        "name": "IKU baru",
        "satuan": "%",
    }
    official = {"kind": "pejabat_negara", "name": "Pejabat Baru", "jabatan": "Gubernur"}
    return {
        "unit profile": (
            reverse("organizations:unit_profile", args=[o["unit"].pk]),
            {"name": o["unit"].name, "seat_city": "Jambi", "tugas": "Tugas baru"},
            o["unit"],
            "tugas",
            "Tugas baru",
        ),
        "fungsi": (
            reverse("organizations:function_edit", args=[o["function"].pk]),
            {"text": "Fungsi baru"},
            o["function"],
            "text",
            "Fungsi baru",
        ),
        "pejabat": (
            reverse("organizations:official_edit", args=[o["official"].pk]),
            official,
            o["official"],
            "name",
            "Pejabat Baru",
        ),
        "tujuan": (
            reverse("indicators:goal_edit", args=[o["goal"].pk]),
            {"text": "Tujuan baru", "indicator_lines": ""},
            o["goal"],
            "text",
            "Tujuan baru",
        ),
        "sasaran": (
            reverse("indicators:strategic_target_edit", args=[o["target"].pk]),
            {"goal": o["goal"].pk, "code": "", "text": "Sasaran baru"},
            o["target"],
            "text",
            "Sasaran baru",
        ),
        "iku": (
            reverse("indicators:indicator_edit", args=[o["indicator"].pk]),
            indicator,
            o["indicator"],
            "name",
            "IKU baru",
        ),
    }


KINDS = ["unit profile", "fungsi", "pejabat", "tujuan", "sasaran", "iku"]


@pytest.mark.parametrize("kind", [*KINDS, "dokumen"])
def test_a_post_without_the_version_never_overwrites(client, staf, objects, kind):
    if kind == "dokumen":
        document = objects["goal"].document
        data = _settings(document, title="Judul baru")
        del data["version"]
        url = reverse("indicators:document_edit", args=[document.pk])
        obj, field, typed = document, "title", "Judul baru"
    else:
        url, data, obj, field, typed = _edits(objects)[kind]
    before = getattr(obj, field)
    client.force_login(staf)
    response = client.post(url, data)
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, field) == before != typed


@pytest.mark.parametrize("kind", KINDS)
def test_two_people_edit_the_same_thing_and_the_later_save_is_refused(
    client, staf, kepala, objects, kind
):
    url, data, obj, field, _typed = _edits(objects)[kind]
    started_from = obj.version  # both opened the form at this version
    client.force_login(staf)
    first = client.post(url, {**data, field: "Disimpan oleh Ani", "version": started_from})
    assert first.status_code == 302
    client.force_login(kepala)
    late = client.post(url, {**data, field: "Diketik oleh Budi", "version": started_from})
    page = late.content.decode()
    assert late.status_code == 200 and CONFLICT in page
    assert "Disimpan oleh Ani" in page and "Diketik oleh Budi" in page  # both shown
    obj.refresh_from_db()
    assert getattr(obj, field) == "Disimpan oleh Ani"
    # Saving again from the page, knowingly, keeps Budi's text.
    version = int(re.search(r'name="version" value="(\d+)"', page).group(1))
    again = client.post(url, {**data, field: "Diketik oleh Budi", "version": version})
    assert again.status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == "Diketik oleh Budi"
