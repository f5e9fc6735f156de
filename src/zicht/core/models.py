"""Append-only records: the access log, the correction trail, the address history.

The application adds rows and never changes or removes them; only retention
(``zicht.access.retention``) removes what has outlived its period, through
``remove_for_retention``.
"""

from django.db import models


def _refuse(model) -> PermissionError:
    return PermissionError(f"{model._meta.verbose_name} is append-only.")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise _refuse(self.model)

    def delete(self):
        raise _refuse(self.model)

    def remove_for_retention(self) -> int:
        """Remove these rows for retention, and for nothing else. Returns how many."""
        return self._raw_delete(self.db)


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise _refuse(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise _refuse(self)
