from __future__ import annotations

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from amparo.accounts.models import Office, User
from amparo.accounts.roles import Role

PASSWORD = "correct horse battery staple 7"


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Oficina {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@amparo.test")
    # A fixed name, never a random one: a random staff name once contained a test's marker word
    # ("Marisol") and showed it in the page header.
    full_name = factory.Sequence(lambda n: f"Colega Ñandú {n}")
    role = Role.VOLUNTEER
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def offices(self, create: bool, extracted: list[Office] | None, **kwargs: object) -> None:
        if create and extracted:
            self.offices.set(extracted)

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: object = None) -> None:
        if create:
            instance.save()


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "authenticator"
    confirmed = True
