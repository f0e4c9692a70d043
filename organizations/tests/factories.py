import factory
from django.contrib.auth import get_user_model

from organizations.models import Function, Membership, Official, OrganizationUnit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("secret-pass-123")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationUnit

    name = factory.Sequence(lambda n: f"Dinas Contoh {n} Provinsi Contoh")
    short_name = factory.Sequence(lambda n: f"Dinas {n}")
    kind = OrganizationUnit.Kind.DINAS
    government = "Provinsi Contoh"
    seat_city = "Kota Contoh"
    tugas = "Membantu Gubernur di bidang contoh"


class FunctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Function

    unit = factory.SubFactory(UnitFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Pelaksanaan fungsi {n}")


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"PEJABAT {n}, S.E.")
    nip = factory.Sequence(lambda n: f"1970010119950310{n % 100:02d}")
    golongan = "IV/a"
    jabatan = "Kepala Dinas"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Membership.Role.STAF
