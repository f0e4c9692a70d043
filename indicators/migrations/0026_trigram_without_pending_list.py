"""On PostgreSQL, the trigram indexes of 0013 without a pending list (`fastupdate = off`): with
one, new names wait in an unsorted list that every search reads whole until a vacuum merges it
(after a bulk load of 20,000 units, a search with no hit took 29 ms instead of well under one).
Names are written rarely and read by every search, so each write now updates the index itself.
The list already there is merged now. SQLite gets nothing here."""

from django.db import migrations

INDEXES = ["unit_name_trgm", "document_title_trgm", "indicator_name_trgm"]


def without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {name} SET (fastupdate = off)")
        schema_editor.execute(
            "SELECT gin_clean_pending_list(%s::regclass) WHERE to_regclass(%s) IS NOT NULL",
            [name, name],
        )


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {name} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("indicators", "0025_signing_job_secret")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list)]
