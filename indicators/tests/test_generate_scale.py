"""manage.py generate_scale builds a consistent national-style database in bulk."""

import io

from django.core.management import call_command
from django.urls import reverse

from indicators.models import IKUDocument, Indicator, SignedVersion, YearlyTarget
from organizations.models import Membership, OrganizationUnit


def test_generate_scale_builds_units_documents_and_signed_versions(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("generate_scale", units=40, indicators=3, stdout=out)
    assert "40 units under 2 pemda" in out.getvalue()
    assert OrganizationUnit.objects.filter(kind="dinas").count() == 40
    assert Membership.objects.count() == 80
    assert IKUDocument.objects.filter(status="signed").count() == 40  # 36 + 4 revisions
    assert IKUDocument.objects.filter(status="superseded").count() == 4
    assert Indicator.objects.count() == 44 * 3
    assert YearlyTarget.objects.count() == 44 * 3 * 5
    code = SignedVersion.objects.values_list("code", flat=True).first()
    page = client.get(reverse("indicators:verify", args=[code]))
    assert page.status_code == 200


def test_generate_scale_builds_a_linked_province_for_the_pohon_kinerja(db, settings, tmp_path):
    """--cascade: a province, its dinas and their 5 bidang, each with a signed document of 5
    sasaran linked to the level above (the last of one unit in ten to nothing); the alignment
    counts its gaps."""
    from django.contrib.auth import get_user_model

    from indicators.cascading.selectors import alignment_for_units
    from indicators.models import StrategicTarget

    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("generate_scale", units=2, indicators=1, cascade=3, stdout=out)
    assert "a province of 3 dinas × 5 bidang: 87 sasaran linked upward" in out.getvalue()
    province = OrganizationUnit.objects.get(kind="pemprov")
    assert province.children.count() == 3
    assert OrganizationUnit.objects.filter(parent__parent=province).count() == 15
    documents = IKUDocument.objects.filter(unit__government=province.government)
    assert documents.count() == 19 and set(documents.values_list("status", flat=True)) == {"signed"}
    bidang_target = StrategicTarget.objects.filter(
        document__unit__parent__parent=province, order=2
    ).first()
    assert bidang_target.supports.document.unit == bidang_target.document.unit.parent
    assert bidang_target.supports.supports.document.unit == province
    admin = get_user_model().objects.create(username="a", is_superuser=True)
    dinas = province.children.order_by("id").first()
    top, first = alignment_for_units(units=[province, dinas], user=admin, year=2023)
    assert top.counts == (0, 1, 0)  # the province's last sasaran: supported by no dinas
    assert first.counts == (1, 1, 0)  # its own last supports nothing; nobody supports it
    second = province.children.order_by("id")[1]
    assert alignment_for_units(units=[second], user=admin, year=2023)[0].counts == (0, 1, 0)
    # Counting only (the pemda view) finds the same counts, the bidang below read in aggregate.
    units = [province, *province.children.order_by("id")]
    detailed = alignment_for_units(units=units, user=admin, year=2023)
    counted = alignment_for_units(units=units, user=admin, year=2023, detail=False)
    assert [a.counts for a in counted] == [a.counts for a in detailed]
    assert [a.counts for a in counted] == [(0, 1, 0), (1, 1, 0), (0, 1, 0), (0, 1, 0)]
