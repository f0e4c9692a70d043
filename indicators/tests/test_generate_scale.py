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
