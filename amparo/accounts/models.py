"""Staff accounts (login by email), offices and teams, and API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import Role


class Office(models.Model):
    """An office of the center, or a team within it (the asylum team, the children's team)."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Office")
        TEAM = "team", _("Team")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OFFICE)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    class CalendarDetail(models.TextChoices):
        """How much the staff's calendar feeds say about this office's cases (a feed leaves the
        center: it sits on phones and in calendar providers' servers)."""

        TIME_ONLY = "time", _("Time only: “Deadline”, “Hearing” or “Task”, no case number")
        GENERIC = "generic", _("Generic label: “Deadline — case #123”")
        DEADLINE = "deadline", _("Generic label, and the deadline's name on cases that are not restricted")

    address = models.TextField(_("address"), blank=True,
                               help_text=_("Printed on letters to clients of this office."))
    phone = models.CharField(_("phone"), max_length=40, blank=True,
                             help_text=_("Printed on letters to clients of this office."))
    calendar_detail = models.CharField(
        _("calendar feed detail"), max_length=10, choices=CalendarDetail.choices, default=CalendarDetail.TIME_ONLY,
        help_text=_("What the staff's calendar feeds show of this office's deadlines, hearings and tasks. "
                    "A restricted case never shows more than the generic label."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("office or team")
        verbose_name_plural = _("offices and teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("role", Role.ADMINISTRATOR)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff or a volunteer. Accounts are deactivated, never deleted."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VOLUNTEER)
    is_supervisor = models.BooleanField(
        _("supervisor"), default=False,
        help_text=_("Supervisors see the restricted records of the offices and teams they belong to."),
    )
    offices = models.ManyToManyField(Office, verbose_name=_("offices and teams"), blank=True,
                                     related_name="members")
    language = models.CharField(
        _("language"), max_length=8, choices=[("en", _("English")), ("es", _("Spanish"))], default="en"
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_staff(self) -> bool:  # the Django admin's own check
        return self.is_active and self.role == Role.ADMINISTRATOR

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        # Administrators hold every model permission in the admin; each ModelAdmin still says
        # what may be done at all (the audit trail: nothing but reading).
        if self.is_active and self.role == Role.ADMINISTRATOR:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_active and self.role == Role.ADMINISTRATOR:
            return True
        return super().has_module_perms(app_label)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class APIToken(models.Model):
    """A personal API token. Only a keyed hash is stored; the token is shown once."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
