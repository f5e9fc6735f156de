from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "zicht.contacts"

    def ready(self):
        from zicht.contacts.models import ContactMoment
        from zicht.core.events import household_pseudonymised

        def clear_notes(sender, household, **kwargs):
            # Retention: the notes and with whom they were held may name people.
            ContactMoment.objects.filter(trajectory__household=household).update(
                notes="", with_whom="")

        household_pseudonymised.connect(clear_notes, weak=False,
                                        dispatch_uid="contacts.clear_notes")
