"""On PostgreSQL, trigram (pg_trgm) GIN indexes for the names people search: units, documents
and IKU. Django's `icontains` there is `UPPER(col::text) LIKE UPPER(%s)`, so the indexes are on
that very expression. SQLite keeps plain icontains and gets nothing here."""

from django.db import migrations

INDEXES = [
    ("organizations_organizationunit", "name", "unit_name_trgm"),
    ("indicators_ikudocument", "title", "document_title_trgm"),
    ("indicators_indicator", "name", "indicator_name_trgm"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0012_list_indexes"),
        ("organizations", "0006_plausible_dates"),
    ]

    operations = [migrations.RunPython(create, drop)]
