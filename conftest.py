"""Shared fixtures: the same cast of users for every test (HealthChecks-style)."""

import pytest
from django.core.cache import cache

from organizations.models import Membership
from organizations.tests.factories import MembershipFactory, UnitFactory, UserFactory


@pytest.fixture
def unit(db):
    return UnitFactory()


@pytest.fixture
def other_unit(db):
    return UnitFactory()


@pytest.fixture
def staf(unit):
    return MembershipFactory(unit=unit, role=Membership.Role.STAF, user__username="staf").user


@pytest.fixture
def kepala(unit):
    return MembershipFactory(unit=unit, role=Membership.Role.KEPALA, user__username="kepala").user


@pytest.fixture
def outsider(other_unit):
    """Staff of another unit."""
    return MembershipFactory(
        unit=other_unit, role=Membership.Role.STAF, user__username="outsider"
    ).user


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the rate limits count from zero."""
    cache.clear()
    yield
    cache.clear()
