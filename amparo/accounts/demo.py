"""The demo center loaded by ``make run``: offices, teams and one user in every role.

Demo accounts exist only outside production. Their authenticator keys are derived from
their email addresses so ``manage.py demo_codes`` can print a current code for them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Office, User
from .roles import Role, requires_two_factor
from .services import create_user

DEMO_DOMAIN = "amparo.example"
DEMO_PASSWORD = "amparo-demo-2026"


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: str
    language: str
    offices: tuple[str, ...]
    supervisor: bool = False


# Team names are names, shown as written in both languages, so they carry both.
TEAMS = ("Asilo y defensa contra la deportación (Asylum and removal defense)",
         "Niñez y familias (Children and families)")
ASYLUM_TEAM, FAMILY_TEAM = TEAMS
# (name, kind, part of, address and telephone printed on letters): fictitious (555 numbers).
OFFICES = [
    ("Los Angeles — Pico-Union", Office.Kind.OFFICE, None,
     ("1450 W Pico Blvd, Los Angeles, CA 90015", "(213) 555-0142")),
    ("Van Nuys", Office.Kind.OFFICE, None, ("14500 Sherman Way, Van Nuys, CA 91405", "(818) 555-0177")),
    (ASYLUM_TEAM, Office.Kind.TEAM, "Los Angeles — Pico-Union", None),
    (FAMILY_TEAM, Office.Kind.TEAM, "Los Angeles — Pico-Union", None),
]

USERS = [
    DemoUser(f"admin@{DEMO_DOMAIN}", "Ana Lucía Cruz", Role.ADMINISTRATOR, "en", ("Los Angeles — Pico-Union",), True),
    DemoUser(f"abogado@{DEMO_DOMAIN}", "Roberto Martínez Flores", Role.ATTORNEY, "es",
             ("Los Angeles — Pico-Union", ASYLUM_TEAM), True),
    DemoUser(f"paralegal@{DEMO_DOMAIN}", "Jennifer Nguyen", Role.PARALEGAL, "en",
             (ASYLUM_TEAM,)),
    DemoUser(f"casos@{DEMO_DOMAIN}", "Carmen Sofía Hernández", Role.CASE_MANAGER, "es",
             (FAMILY_TEAM,)),
    DemoUser(f"recepcion@{DEMO_DOMAIN}", "José Antonio Rivas", Role.INTAKE, "es", ("Los Angeles — Pico-Union",)),
    DemoUser(f"volunteer@{DEMO_DOMAIN}", "Emily Carter", Role.VOLUNTEER, "en", ("Van Nuys",)),
    DemoUser(f"archivo@{DEMO_DOMAIN}", "Mauricio Alfaro", Role.ARCHIVIST, "es", ("Los Angeles — Pico-Union",)),
    DemoUser(f"development@{DEMO_DOMAIN}", "Linda Park", Role.DEVELOPMENT, "en", ("Los Angeles — Pico-Union",)),
    DemoUser(f"clinica@{DEMO_DOMAIN}", "Marisol Guevara Andrade", Role.CLINICIAN, "es", ("Los Angeles — Pico-Union",)),
    DemoUser(f"refugio@{DEMO_DOMAIN}", "Óscar Mejía Portillo", Role.HOUSING, "es", ("Los Angeles — Pico-Union",)),
    DemoUser(f"maestra@{DEMO_DOMAIN}", "Patricia Lemus", Role.TEACHER, "es", ("Van Nuys",)),
    DemoUser(f"prestamos@{DEMO_DOMAIN}", "Julio César Ayala", Role.LOAN_OFFICER, "es", ("Los Angeles — Pico-Union",)),
    DemoUser(f"finance@{DEMO_DOMAIN}", "Grace Kim", Role.FINANCE, "en", ("Los Angeles — Pico-Union",)),
    DemoUser(f"organiza@{DEMO_DOMAIN}", "Beatriz Villalta", Role.ORGANIZER, "es", ("Los Angeles — Pico-Union",)),
    DemoUser(f"director@{DEMO_DOMAIN}", "Elena Sánchez Durán", Role.DIRECTOR, "es", ("Los Angeles — Pico-Union",)),
]


def demo_key(email: str) -> str:
    """The demo authenticator key (hex) of a demo account; never used for real accounts."""
    return hashlib.sha1(f"amparo-demo:{email}".encode()).hexdigest()  # noqa: S324 (not a secret)


def _refuse_in_production() -> None:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("Demo accounts are never created in production.")


@transaction.atomic
def load_demo_accounts() -> list[tuple[User, bool]]:
    """Create what is missing; return each demo user with whether it was created now."""
    _refuse_in_production()
    offices: dict[str, Office] = {}
    for name, kind, parent, contact in OFFICES:
        address, phone = contact or ("", "")
        office, _ = Office.objects.get_or_create(
            name=name, defaults={"kind": kind, "parent": offices.get(parent) if parent else None,
                                 "address": address, "phone": phone}
        )
        if contact and not (office.address or office.phone):  # a demo loaded before offices had them
            Office.objects.filter(pk=office.pk).update(address=address, phone=phone)
        offices[name] = office
    result = []
    for spec in USERS:
        user = User.objects.filter(email=spec.email).first()
        created = user is None
        if user is None:
            user = create_user(
                email=spec.email, full_name=spec.full_name, role=spec.role, password=DEMO_PASSWORD, by=None,
                offices=[offices[o] for o in spec.offices], language=spec.language, is_supervisor=spec.supervisor,
            )
        if requires_two_factor(user) and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="demo authenticator", key=demo_key(user.email), confirmed=True)
        result.append((user, created))
    return result


def demo_codes() -> list[tuple[str, str]]:
    """(email, current code) for each demo account with a demo authenticator."""
    _refuse_in_production()
    from django_otp.oath import totp

    codes = []
    devices = TOTPDevice.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}", confirmed=True)
    for device in devices.select_related("user"):
        if device.key == demo_key(device.user.email):
            code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
            codes.append((device.user.email, f"{code:0{device.digits}d}"))
    return codes
