
from django import forms
from django.utils.translation import gettext_lazy as _

from zicht.accounts.models import User
from zicht.core.forms import DateInput, StyledFormMixin
from zicht.directory.models import Organisation, OrganisationKind, Role
from zicht.trajectories.models import CloseReason


class SupporterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        teams = ", ".join(m.organisation.name for m in user.memberships.all())
        return f"{user.get_full_name()} ({teams})"


class InviteForm(StyledFormMixin, forms.Form):
    supporter_organisation = forms.ModelChoiceField(
        label=_("Team van de ondersteuner"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY_TEAM)
        .select_related("municipality"),
        help_text=_("Het team van de gemeente waar de cliënt gaat wonen."),
    )
    supporter = SupporterChoiceField(
        label=_("Ondersteuner (als bekend)"), required=False,
        queryset=User.objects.filter(memberships__role=Role.SUPPORTER,
                                     memberships__active=True).distinct()
        .prefetch_related("memberships__organisation").order_by("first_name"),
    )


class DepartureForm(StyledFormMixin, forms.Form):
    COORDINATOR_CHOICES = [
        ("shelter", _("De opvang, tijdens de eigen nazorg")),
        ("supporter", _("Het team van de ondersteuner")),
    ]
    departure_date = forms.DateField(label=_("Vertrekdatum"), widget=DateInput)
    shelter_aftercare_until = forms.DateField(
        label=_("Nazorg van de opvang tot en met"), widget=DateInput, required=False,
        help_text=_("Meestal 2 tot 6 maanden na vertrek. Leeg als de opvang geen nazorg biedt."),
    )
    street = forms.CharField(label=_("Straat en huisnummer"), max_length=200)
    postcode = forms.CharField(label=_("Postcode"), max_length=7)
    city = forms.CharField(label=_("Plaats"), max_length=100)
    address_is_secret = forms.BooleanField(label=_("Dit is een geheim adres"), required=False)
    coordinator = forms.ChoiceField(label=_("Regisseur na vertrek"), choices=COORDINATOR_CHOICES,
                                    widget=forms.RadioSelect)


class CoordinatorForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie van de nieuwe regisseur"),
        queryset=Organisation.objects.exclude(kind=OrganisationKind.VEILIG_THUIS),
    )
    professional = forms.ModelChoiceField(
        label=_("Regisseur (als bekend)"), required=False,
        queryset=User.objects.filter(memberships__active=True).distinct().order_by("first_name"),
    )
    note = forms.CharField(label=_("Toelichting voor de nieuwe regisseur"), required=False,
                           max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class HandoverAnswerForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Toelichting (bij afwijzen of intrekken)"), required=False,
                             max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(StyledFormMixin, forms.Form):
    reason_code = forms.ChoiceField(label=_("Reden van afsluiten"), choices=CloseReason.choices)
    reason = forms.CharField(label=_("Toelichting"), max_length=200, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Verplicht bij 'andere reden'."))
