"""The linked documents of the cascading tests: a pemda, a dinas and a bidang (signed, linked),
a unit of another pemda, and their staf and kepala."""

from indicators.tests.cascading.conftest import cascade, tree_world  # noqa: F401
