import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.accounts.models import User
from zicht.directory.models import Membership, Municipality, Organisation, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["name"]

    name = "Noord-Holland Noord"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["cbs_code"]

    name = "Alkmaar"
    cbs_code = "GM0361"
    region = factory.SubFactory(RegionFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = "other"
    region = factory.SubFactory(RegionFactory)
    email = factory.Sequence(lambda n: f"team{n}@example.org")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    # Fixed names, so no professional is ever called like the clients the tests look for.
    first_name = factory.Sequence(lambda n: f"Medewerker{n}")
    last_name = "Test"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """Every professional has a TOTP device, unless built with ``totp=False``."""
        if create:
            self.save()
            if extracted is not False:
                TOTPDevice.objects.create(user=self, name="default", confirmed=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "supporter"
