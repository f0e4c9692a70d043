"""PostgreSQL: an adopted Rencana Aksi is a record, like a signed PK (migration 0003), for raw
SQL and other programs too (the model layer answers first, with a clear message): the plan's
row is neither changed nor removed, and none of its triwulan targets or activities is added,
changed or removed; their history rows are added, never changed or removed."""

from django.db import migrations

PARTS = ["agreements_quarterlytarget", "agreements_plannedactivity"]
HISTORY = [
    "agreements_historicalactionplan",
    "agreements_historicalquarterlytarget",
    "agreements_historicalplannedactivity",
]

GUARD_SQL = """
CREATE FUNCTION iku_action_plan_is_adopted(checked_id bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM agreements_actionplan WHERE id = checked_id AND status = 'adopted'
    )
$$;
ALTER FUNCTION iku_action_plan_is_adopted(bigint) SET search_path FROM CURRENT;

CREATE FUNCTION iku_guard_action_plan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'adopted' THEN
        -- Deleting a user account unlinks it from the plan (on_delete=SET_NULL), nothing more.
        IF TG_OP = 'UPDATE'
           AND to_jsonb(NEW) - 'created_by_id' - 'adopted_by_id'
               = to_jsonb(OLD) - 'created_by_id' - 'adopted_by_id'
           AND (NEW.created_by_id IS NULL OR NEW.created_by_id = OLD.created_by_id)
           AND (NEW.adopted_by_id IS NULL OR NEW.adopted_by_id = OLD.adopted_by_id) THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'IKU: Rencana Aksi % is adopted', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
ALTER FUNCTION iku_guard_action_plan() SET search_path FROM CURRENT;
CREATE TRIGGER iku_guard BEFORE UPDATE OR DELETE ON agreements_actionplan
    FOR EACH ROW EXECUTE FUNCTION iku_guard_action_plan();

CREATE FUNCTION iku_guard_action_plan_part() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND iku_action_plan_is_adopted(OLD.plan_id) THEN
        RAISE EXCEPTION 'IKU: % rows of an adopted Rencana Aksi', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND iku_action_plan_is_adopted(NEW.plan_id) THEN
        RAISE EXCEPTION 'IKU: % rows of an adopted Rencana Aksi', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
ALTER FUNCTION iku_guard_action_plan_part() SET search_path FROM CURRENT;
""" + "".join(
    f"""
CREATE TRIGGER iku_guard BEFORE INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION iku_guard_action_plan_part();
"""
    for table in PARTS
) + "".join(
    f"""
CREATE TRIGGER iku_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION iku_guard_history();
"""
    for table in HISTORY
)

UNGUARD_SQL = (
    "".join(f"DROP TRIGGER iku_guard ON {table};\n" for table in PARTS)
    + "".join(f"DROP TRIGGER iku_append_only ON {table};\n" for table in HISTORY)
    + """
DROP TRIGGER iku_guard ON agreements_actionplan;
DROP FUNCTION iku_guard_action_plan_part();
DROP FUNCTION iku_guard_action_plan();
DROP FUNCTION iku_action_plan_is_adopted(bigint);
"""
)


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":  # SQLite: the model layer guards
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("agreements", "0003_signing"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(GUARD_SQL), _on_postgresql(UNGUARD_SQL)),
    ]
