"""The database guards (0006) made restorable and stricter (PostgreSQL only):

- every guard function runs with the search path it was created under, so that pg_restore
  (which empties the search path) can call them, a data-only restore included;
- a signed document becomes superseded only by the signing of its revision: a direct change
  of status, even with a transition recorded by hand, is refused.
"""

from django.db import migrations

FUNCTIONS = [
    "iku_document_is_frozen(bigint)",
    "iku_guard_document()",
    "iku_guard_indicators_goal()",
    "iku_guard_indicators_goalindicator()",
    "iku_guard_indicators_strategictarget()",
    "iku_guard_indicators_indicator()",
    "iku_guard_indicators_yearlytarget()",
    "iku_refuse_change()",
    "iku_transition_deleted()",
    "iku_guard_history()",
]

SUPERSEDING_SQL = """
CREATE FUNCTION iku_guard_superseding() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'signed' AND NEW.status = 'superseded' AND NOT EXISTS (
        SELECT 1 FROM indicators_ikudocument WHERE revises_id = OLD.id AND status = 'signed'
    ) THEN
        RAISE EXCEPTION 'IKU: document % is superseded only by the signing of its revision',
            OLD.id USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$;
ALTER FUNCTION iku_guard_superseding() SET search_path FROM CURRENT;
CREATE TRIGGER iku_guard_superseding BEFORE UPDATE ON indicators_ikudocument
    FOR EACH ROW EXECUTE FUNCTION iku_guard_superseding();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite has no such triggers: the model layer guards it
    for function in FUNCTIONS:
        schema_editor.execute(f"ALTER FUNCTION {function} SET search_path FROM CURRENT")
    schema_editor.execute(SUPERSEDING_SQL, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER iku_guard_superseding ON indicators_ikudocument")
    schema_editor.execute("DROP FUNCTION iku_guard_superseding()")
    for function in FUNCTIONS:
        schema_editor.execute(f"ALTER FUNCTION {function} RESET search_path")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0017_job_heartbeat"),
    ]

    operations = [migrations.RunPython(forward, backward)]
