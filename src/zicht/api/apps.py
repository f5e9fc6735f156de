from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "zicht.api"

    def ready(self):
        from rest_framework import serializers

        from zicht.core.dates import plausible_date

        # Every date and moment the API takes meets the plausible-date rule, as on the
        # pages (``core.forms.StyledFormMixin``), whichever app's serializer declares it:
        # ``default_validators`` is the field class's own hook for this.
        for field in (serializers.DateField, serializers.DateTimeField):
            field.default_validators = [plausible_date]
