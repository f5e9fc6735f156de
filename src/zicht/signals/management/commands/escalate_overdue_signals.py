"""Escalate signals nobody picked up before their deadline to the team lead."""

from django.core.management.base import BaseCommand

from zicht.signals.escalation import signals_escalate_overdue


class Command(BaseCommand):
    help = "Escalate overdue signals to the coordinating team's team leads."

    def handle(self, *args, **options):
        self.stdout.write(f"{signals_escalate_overdue()} signal(s) escalated")
