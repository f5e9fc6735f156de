"""The access log is append-only in the database too (PostgreSQL).

The application already refuses to update or delete entries (``AppendOnlyQuerySet``);
this trigger refuses it for anyone with database access, except the retention function,
which removes entries older than their keeping period inside a transaction that sets
``zicht.retention = 'on'`` (``SET LOCAL``).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_accesslogentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('zicht.retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'The access log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_accesslogentry_append_only ON audit_accesslogentry;
CREATE TRIGGER audit_accesslogentry_append_only
    BEFORE UPDATE OR DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_accesslogentry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_accesslogentry_append_only ON audit_accesslogentry;
DROP FUNCTION IF EXISTS audit_accesslogentry_append_only();
"""


def _run(schema_editor, sql: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        # Without parameters, so that the '%' of RAISE is not taken for a placeholder.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)


def forwards(apps, schema_editor):
    _run(schema_editor, CREATE)


def backwards(apps, schema_editor):
    _run(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
