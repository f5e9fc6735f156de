"""Two partial indexes on contact moments for the evaluation (issue 7).

The first reached contact after departure and the reached introduction during the stay
become one index-only probe per trajectory: on 50,000 households this took the regional
dashboard's slowest query from about a second to tens of milliseconds (see
bench/bench_dashboard.py). Kept in this app rather than on ``ContactMoment.Meta`` so that
the evaluation does not add a migration to the contacts app.
"""

from django.db import migrations

INDEXES = {
    "evaluation_contact_reached_follow_up": "follow_up",
    "evaluation_contact_reached_intro": "introduction",
}


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0002_questionnaires"), ("contacts", "0001_initial")]
    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON contacts_contactmoment "
            f"(trajectory_id, held_on) WHERE reached AND kind = '{kind}'",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, kind in INDEXES.items()
    ]
