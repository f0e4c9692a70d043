"""Frozen means frozen, in the database too (PostgreSQL only; a no-op on SQLite).

Triggers hold the rules of `indicators/frozen.py` for raw SQL and any other program:

- a document is inserted as a draft; a signed or superseded one is never deleted, and updated
  only to supersede it (status and updated_at) or to unlink the user who created it when that
  account is deleted (created_by is SET_NULL);
- a status change is a step of the approval flow that the document's latest transition records;
  a document becomes signed only with its signed version;
- no row of a signed or superseded document (tujuan, indikator tujuan, sasaran, IKU, target) is
  inserted, updated or deleted, and no row is moved into or out of such a document;
- signed versions are never updated or deleted; transitions are never updated, and deleted only
  with their document (checked at commit: the ORM deletes a draft's transitions just before the
  draft itself);
- history rows of the document models are never updated or deleted, but for unlinking a deleted
  user (history_user is SET_NULL).

TRUNCATE (the test runner's flush) fires none of these row triggers.
"""

from django.db import migrations

FROZEN = "('signed', 'superseded')"

# For each part of a document: SQL giving the document(s) that `{row}` belongs to.
PARTS = {
    "indicators_goal": ["{row}.document_id"],
    "indicators_goalindicator": [
        "(SELECT document_id FROM indicators_goal WHERE id = {row}.goal_id)",
    ],
    "indicators_strategictarget": [
        "{row}.document_id",
        "(SELECT document_id FROM indicators_goal WHERE id = {row}.goal_id)",
    ],
    "indicators_indicator": [
        "{row}.document_id",
        "(SELECT document_id FROM indicators_strategictarget WHERE id = {row}.strategic_target_id)",
    ],
    "indicators_yearlytarget": [
        "(SELECT document_id FROM indicators_indicator WHERE id = {row}.indicator_id)",
    ],
}

HISTORY_TABLES = [
    "indicators_historicalikudocument",
    "indicators_historicalgoal",
    "indicators_historicalgoalindicator",
    "indicators_historicalstrategictarget",
    "indicators_historicalindicator",
    "indicators_historicalyearlytarget",
]

DOCUMENT_SQL = f"""
CREATE FUNCTION iku_document_is_frozen(checked_id bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM indicators_ikudocument WHERE id = checked_id AND status IN {FROZEN}
    )
$$;

CREATE FUNCTION iku_guard_document() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_step record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'draft' THEN
            RAISE EXCEPTION 'IKU: a new document is a draft, not %', NEW.status
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END IF;

    IF OLD.status IN {FROZEN} THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'IKU: document % is signed and cannot be deleted', OLD.id
                USING ERRCODE = 'restrict_violation';
        END IF;
        IF NOT (
            (OLD.status = 'signed' AND NEW.status = 'superseded'
             AND to_jsonb(NEW) - 'status' - 'updated_at' = to_jsonb(OLD) - 'status' - 'updated_at')
            OR (OLD.created_by_id IS NOT NULL AND NEW.created_by_id IS NULL
                AND to_jsonb(NEW) - 'created_by_id' = to_jsonb(OLD) - 'created_by_id')
        ) THEN
            RAISE EXCEPTION 'IKU: document % is signed and cannot be changed', OLD.id
                USING ERRCODE = 'restrict_violation';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;

    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF (OLD.status, NEW.status) NOT IN (
            ('draft', 'submitted'), ('submitted', 'draft'),
            ('submitted', 'signed'), ('signed', 'superseded')
        ) THEN
            RAISE EXCEPTION 'IKU: % to % is no step of the approval flow', OLD.status, NEW.status
                USING ERRCODE = 'restrict_violation';
        END IF;
        SELECT from_status, to_status INTO last_step
            FROM indicators_documenttransition WHERE document_id = OLD.id
            ORDER BY id DESC LIMIT 1;
        IF NOT FOUND
           OR (last_step.from_status, last_step.to_status) <> (OLD.status, NEW.status) THEN
            RAISE EXCEPTION 'IKU: document %: no transition records % to %',
                OLD.id, OLD.status, NEW.status
                USING ERRCODE = 'restrict_violation';
        END IF;
        IF NEW.status = 'signed' AND NOT EXISTS (
            SELECT 1 FROM indicators_signedversion WHERE document_id = OLD.id
        ) THEN
            RAISE EXCEPTION 'IKU: document % has no signed version', OLD.id
                USING ERRCODE = 'restrict_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER iku_guard BEFORE INSERT OR UPDATE OR DELETE ON indicators_ikudocument
    FOR EACH ROW EXECUTE FUNCTION iku_guard_document();
"""

PART_SQL = """
CREATE FUNCTION iku_guard_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF {old_frozen} THEN
            RAISE EXCEPTION 'IKU: % % belongs to a signed document and cannot change',
                TG_TABLE_NAME, OLD.id
                USING ERRCODE = 'restrict_violation';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF {new_frozen} THEN
        RAISE EXCEPTION 'IKU: % % cannot be put into a signed document', TG_TABLE_NAME, NEW.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER iku_guard BEFORE INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION iku_guard_{table}();
"""

RECORDS_SQL = """
CREATE FUNCTION iku_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'IKU: % rows are records: never changed or removed', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER iku_append_only BEFORE UPDATE OR DELETE ON indicators_signedversion
    FOR EACH ROW EXECUTE FUNCTION iku_refuse_change();
CREATE TRIGGER iku_append_only BEFORE UPDATE ON indicators_documenttransition
    FOR EACH ROW EXECUTE FUNCTION iku_refuse_change();

CREATE FUNCTION iku_transition_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM indicators_ikudocument WHERE id = OLD.document_id) THEN
        RAISE EXCEPTION 'IKU: the status changes of document % go only with the document',
            OLD.document_id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER iku_transition_deleted_with_document
    AFTER DELETE ON indicators_documenttransition
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION iku_transition_deleted();

CREATE FUNCTION iku_guard_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Deleting a user account unlinks it from the history (on_delete=SET_NULL), nothing more.
    IF TG_OP = 'UPDATE' AND OLD.history_user_id IS NOT NULL AND NEW.history_user_id IS NULL
       AND to_jsonb(NEW) - 'history_user_id' = to_jsonb(OLD) - 'history_user_id' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'IKU: % rows are records: never changed or removed', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;
"""

HISTORY_SQL = """
CREATE TRIGGER iku_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION iku_guard_history();
"""


def _frozen_check(table, row):
    return " OR ".join(
        f"iku_document_is_frozen({document.format(row=row)})" for document in PARTS[table]
    )


def forward_sql():
    statements = [DOCUMENT_SQL]
    for table in PARTS:
        statements.append(
            PART_SQL.format(
                table=table,
                old_frozen=_frozen_check(table, "OLD"),
                new_frozen=_frozen_check(table, "NEW"),
            )
        )
    statements.append(RECORDS_SQL)
    statements.extend(HISTORY_SQL.format(table=table) for table in HISTORY_TABLES)
    return "\n".join(statements)


def reverse_sql():
    tables = ["indicators_ikudocument", *PARTS]
    statements = [f"DROP TRIGGER iku_guard ON {table};" for table in tables]
    statements += [f"DROP FUNCTION iku_guard_{table}();" for table in PARTS]
    statements += [
        "DROP FUNCTION iku_guard_document();",
        "DROP FUNCTION iku_document_is_frozen(bigint);",
        "DROP TRIGGER iku_append_only ON indicators_signedversion;",
        "DROP TRIGGER iku_append_only ON indicators_documenttransition;",
        "DROP TRIGGER iku_transition_deleted_with_document ON indicators_documenttransition;",
        "DROP FUNCTION iku_refuse_change();",
        "DROP FUNCTION iku_transition_deleted();",
    ]
    statements += [f"DROP TRIGGER iku_append_only ON {table};" for table in HISTORY_TABLES]
    statements.append("DROP FUNCTION iku_guard_history();")
    return "\n".join(statements)


def _on_postgresql(sql):
    """Run `sql` on PostgreSQL; SQLite has no such triggers (the model layer guards it)."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # params=None: the SQL is sent as it is (its % are RAISE placeholders).
            schema_editor.execute(sql(), params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_print_formats"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(forward_sql), _on_postgresql(reverse_sql)),
    ]
