import pytest
from django.core.exceptions import ValidationError

from organizations.models import Membership, OrganizationUnit, letter_label
from organizations.tests.factories import FunctionFactory, MembershipFactory, UnitFactory


@pytest.mark.parametrize(
    ("index", "letter"), [(0, "a"), (1, "b"), (6, "g"), (25, "z"), (26, "aa"), (27, "ab")]
)
def test_functions_are_lettered_like_the_documents(index, letter):
    assert letter_label(index) == letter


@pytest.mark.django_db
def test_functions_keep_their_order():
    unit = UnitFactory()
    FunctionFactory(unit=unit, order=2, text="kedua")
    FunctionFactory(unit=unit, order=1, text="pertama")
    FunctionFactory(unit=unit, order=3, text="ketiga")
    assert [f.text for f in unit.functions.all()] == ["pertama", "kedua", "ketiga"]


@pytest.mark.django_db
def test_sub_units_belong_to_their_dinas():
    dinas = UnitFactory(name="Dinas A")
    bidang = UnitFactory(name="Bidang Kelembagaan", parent=dinas, kind=OrganizationUnit.Kind.BIDANG)
    assert list(dinas.children.all()) == [bidang]
    assert str(bidang) == "Bidang Kelembagaan"


@pytest.mark.django_db
def test_one_role_per_user_and_unit():
    membership = MembershipFactory()
    duplicate = Membership(user=membership.user, unit=membership.unit, role="kepala")
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "Pengguna ini sudah memiliki peran di unit ini." in caught.value.messages
