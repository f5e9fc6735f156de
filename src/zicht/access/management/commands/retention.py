from django.core.management.base import BaseCommand

from zicht.access.retention import retention_run


class Command(BaseCommand):
    help = ("Pseudonymise and remove households whose trajectories closed long enough ago, "
            "and access-log entries past their keeping period; prints what it removed.")

    def handle(self, *args, **options):
        report = retention_run()
        self.stdout.write(f"pseudonymised: {len(report.pseudonymised)} "
                          f"{' '.join(report.pseudonymised)}")
        self.stdout.write(f"removed: {len(report.removed)} {' '.join(report.removed)}")
        if report.not_removed:
            self.stdout.write(f"kept (still referenced): {' '.join(report.not_removed)}")
        self.stdout.write(f"access-log entries removed: {report.access_log_entries_removed}")
