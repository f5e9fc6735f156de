"""The demo's directory (two pilot regions of seed 002) and its personas' accounts."""

import hashlib
from base64 import b32encode
from dataclasses import dataclass
from importlib import import_module

from django.contrib.auth.hashers import make_password
from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice

from zicht.accounts.models import User
from zicht.directory.models import (
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Region,
    Role,
)

DEMO_PASSWORD = "zicht-demo-2026"  # noqa: S105 (public by design, printed by the demo)
DEMO_ADMIN = "beheerder"

# ---------------------------------------------------------------------------------------
# The demo directory (sociale kaart): two pilot regions of seed 002.
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalitySpec:
    name: str
    cbs_code: str
    region: str
    share: int  # households settling there: inhabitants in thousands, see below
    postcodes: tuple[int, int]  # range of the four digits, so addresses look local


# Alkmaar counts double (111 thousand inhabitants): the demo personas work there.
MUNICIPALITIES = (
    MunicipalitySpec("Alkmaar", "GM0361", "Noord-Holland Noord", 222, (1811, 1825)),
    MunicipalitySpec("Den Helder", "GM0400", "Noord-Holland Noord", 57, (1781, 1789)),
    MunicipalitySpec("Hoorn", "GM0405", "Noord-Holland Noord", 75, (1621, 1628)),
    MunicipalitySpec("Almere", "GM0034", "Flevoland", 222, (1312, 1363)),
    MunicipalitySpec("Lelystad", "GM0995", "Flevoland", 82, (8211, 8245)),
)
SPECS = {spec.cbs_code: spec for spec in MUNICIPALITIES}
SHELTERS = {"Noord-Holland Noord": "Opvang De Linde", "Flevoland": "Opvang Het Baken"}
SCHOOL = "OBS De Regenboog"
GP = "Huisartsenpraktijk De Mare"


# Data that migrations put in place, which ``flush`` removes with everything else (the
# demo wipes a server database that way, and so does every transactional test).
DEFAULT_DATA = [
    ("zicht.evaluation.migrations.0002_questionnaires", "create", "evaluation.Questionnaire"),
    ("zicht.plans.migrations.0002_default_instrument", "add_zrm", "plans.Instrument"),
    ("zicht.safety.migrations.0002_default_instrument", "load", "safety.RiskInstrument"),
    ("zicht.network.migrations.0003_selfscan_framework", "load", "network.SelfScanFramework"),
]


def restore_default_data() -> None:
    """Put the migrations' default data back the way the migrations did."""
    from django.apps import apps

    for module, function, model in DEFAULT_DATA:
        if not apps.get_model(model).objects.exists():
            getattr(import_module(module), function)(apps, None)


def team_name(municipality_name: str) -> str:
    return f"Sociaal Team {municipality_name}"


@dataclass
class Directory:
    municipalities: list[Municipality]
    teams: dict[int, Organisation]  # by municipality pk
    shelters: dict[int, Organisation]  # by region pk
    veilig_thuis: dict[int, Organisation]  # by region pk
    school: Organisation
    gp: Organisation

    def organisation(self, name: str) -> Organisation:
        everything = [*self.teams.values(), *self.shelters.values(),
                      *self.veilig_thuis.values(), self.school, self.gp]
        return next(org for org in everything if org.name == name)


def _organisation(name: str, kind: str, region: Region,
                  municipality: Municipality | None = None) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=name, kind=kind,
        defaults={"region": region, "municipality": municipality,
                  "email": f"{slugify(name)}@example.org"},
    )
    return organisation


def ensure_directory() -> Directory:
    """Regions, municipalities and organisations of the demo; safe to run again."""
    regions = {name: Region.objects.get_or_create(name=name)[0] for name in SHELTERS}
    municipalities, teams = [], {}
    for spec in MUNICIPALITIES:
        municipality, _ = Municipality.objects.get_or_create(
            cbs_code=spec.cbs_code, defaults={"name": spec.name, "region": regions[spec.region]}
        )
        municipalities.append(municipality)
        teams[municipality.pk] = _organisation(
            team_name(spec.name), OrganisationKind.MUNICIPALITY_TEAM, regions[spec.region],
            municipality,
        )
    north = regions["Noord-Holland Noord"]
    return Directory(
        municipalities=municipalities,
        teams=teams,
        shelters={r.pk: _organisation(SHELTERS[name], OrganisationKind.SHELTER, r)
                  for name, r in regions.items()},
        veilig_thuis={r.pk: _organisation(f"Veilig Thuis {name}", OrganisationKind.VEILIG_THUIS,
                                          r)
                      for name, r in regions.items()},
        school=_organisation(SCHOOL, OrganisationKind.SCHOOL, north),
        gp=_organisation(GP, OrganisationKind.GP, north),
    )


# ---------------------------------------------------------------------------------------
# Demo accounts: one per persona, with a known password and a known TOTP secret.
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str | None  # None: the functional administrator sees no client data
    doorzettingsmacht: bool = False


PERSONAS = (
    Persona("opvang", "Sanne", "de Wit", Role.SHELTER_WORKER, SHELTERS["Noord-Holland Noord"]),
    Persona("opvang.baken", "Ilse", "Kramer", Role.SHELTER_WORKER, SHELTERS["Flevoland"]),
    Persona("ondersteuner", "Omar", "El Amrani", Role.SUPPORTER, team_name("Alkmaar")),
    Persona("ondersteuner2", "Carla", "Visser", Role.SUPPORTER, team_name("Alkmaar")),
    Persona("ondersteuner.denhelder", "Jeroen", "Bakker", Role.SUPPORTER,
            team_name("Den Helder")),
    Persona("ondersteuner.hoorn", "Fleur", "Smit", Role.SUPPORTER, team_name("Hoorn")),
    Persona("ondersteuner.almere", "Rachid", "Bouzid", Role.SUPPORTER, team_name("Almere")),
    Persona("ondersteuner.lelystad", "Marloes", "de Boer", Role.SUPPORTER,
            team_name("Lelystad")),
    Persona("teamleider", "Annelies", "Mulder", Role.TEAM_LEAD, team_name("Alkmaar")),
    Persona("veiligthuis", "Priya", "Ramdin", Role.VEILIG_THUIS,
            "Veilig Thuis Noord-Holland Noord"),
    Persona("school", "Petra", "Hendriks", Role.PARTNER, SCHOOL),
    Persona("huisarts", "Daan", "Vermeulen", Role.PARTNER, GP),
    # Alkmaar's contact with doorzettingsmacht; the team lead sees the counts only.
    Persona("beleid", "Ruud", "van Dijk", Role.POLICY, team_name("Alkmaar"),
            doorzettingsmacht=True),
    # Issue 15: who onboards and resets. Alkmaar's team has its own admin and privacy
    # officer (the second pair of eyes on a reset); Alkmaar is the centrumgemeente, so its
    # regional admin onboards new organisations of Noord-Holland Noord.
    Persona("beheer.alkmaar", "Kees", "Jansen", Role.ADMIN, team_name("Alkmaar")),
    Persona("privacy.alkmaar", "Noor", "Yilmaz", Role.PRIVACY_OFFICER, team_name("Alkmaar")),
    Persona("regiobeheer", "Lotte", "Brouwer", Role.REGIONAL_ADMIN, team_name("Alkmaar")),
    Persona(DEMO_ADMIN, "Bea", "Heerder", Role.ADMIN, None),
)


def demo_totp_key(username: str) -> str:
    """The hex TOTP key of a demo account: derived from the name, so scripts can log in."""
    # Not a security use: demo secrets are public by design (printed by ``zicht demo``).
    return hashlib.sha1(f"zicht-demo-{username}".encode(), usedforsecurity=False).hexdigest()[:40]


@dataclass(frozen=True)
class DemoAccount:
    user: User
    role: str  # display label
    organisation: str
    device: TOTPDevice

    @property
    def totp_secret(self) -> str:
        """Base32, the form authenticator apps ask for."""
        return b32encode(bytes.fromhex(self.device.key)).decode()


def ensure_demo_accounts(directory: Directory) -> list[DemoAccount]:
    """Create or reset the demo accounts: same password, same TOTP secret every time."""
    # Hashed once and shared: hashing is slow by design and the password is public anyway.
    password = make_password(DEMO_PASSWORD)
    accounts = []
    for persona in PERSONAS:
        # Only the functional administrator (no organisation) gets Django's admin site; an
        # organisation's admin manages its memberships in Zicht itself.
        is_admin = persona.role == Role.ADMIN and persona.organisation is None
        user, _ = User.objects.update_or_create(
            username=persona.username,
            defaults={"first_name": persona.first_name, "last_name": persona.last_name,
                      "email": f"{persona.username}@example.org", "password": password,
                      "is_active": True, "is_staff": is_admin, "is_superuser": is_admin},
        )
        organisation = None
        if persona.organisation:
            organisation = directory.organisation(persona.organisation)
            Membership.objects.update_or_create(
                user=user, organisation=organisation, role=persona.role,
                defaults={"active": True, "doorzettingsmacht": persona.doorzettingsmacht},
            )
        # A fresh device also resets the replay counter and throttling of an earlier run.
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True,
                                           key=demo_totp_key(persona.username))
        role = Role(persona.role).label
        if persona.doorzettingsmacht:
            role = f"{role}, doorzettingsmacht"
        accounts.append(DemoAccount(user=user, role=role,
                                    organisation=organisation.name if organisation else "",
                                    device=device))
    return accounts




def table(header: tuple[str, ...], rows: list[tuple]) -> str:
    cells = [tuple(str(c) for c in row) for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def accounts_table(accounts: list[DemoAccount]) -> str:
    return table(
        ("gebruiker", "rol", "organisatie", "wachtwoord", "TOTP-geheim (base32)"),
        [(a.user.username, a.role, a.organisation or "-", DEMO_PASSWORD, a.totp_secret)
         for a in accounts],
    )
