"""System checks (``zicht check --deploy``) for what this app configures."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def metrics_token(app_configs, **kwargs):
    if settings.ZICHT_METRICS and len(settings.ZICHT_METRICS_TOKEN) < 32:
        return [Error("ZICHT_METRICS is on without a ZICHT_METRICS_TOKEN of at least 32 "
                      "characters.", id="zicht.E001")]
    return []
