"""Append-only records (the access log, the correction trail, the address history), and
the submissions that make a second tap harmless.

The application adds append-only rows and never changes or removes them; only retention
(``zicht.access.retention``) removes what has outlived its period, through
``remove_for_retention``.
"""

from django.db import models

from zicht.core.crypto import EncryptedTextField


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


class Submission(models.Model):
    """A form sent, or an API write with an ``Idempotency-Key``: a second identical one
    gets the first one's result instead of a second record (issue 18: a supporter on a
    phone with a bad connection taps twice). See ``core.idempotency``.

    ``key`` is a hash; an API response body is kept encrypted, and every row goes after a
    day (``core.tasks.submissions_prune``).
    """

    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    done = models.BooleanField(default=False)
    status = models.PositiveSmallIntegerField(null=True)
    location = models.CharField(max_length=1000, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = EncryptedTextField(blank=True)
