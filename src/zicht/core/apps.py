from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(sender, using, **kwargs):
    """The database cache's table (``CACHES``) comes with ``migrate``: nothing extra to run
    on a new installation. ``createcachetable`` leaves an existing table alone."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "zicht.core"

    def ready(self):
        post_migrate.connect(_create_cache_table, sender=self,
                             dispatch_uid="core.create_cache_table")
