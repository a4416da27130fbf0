"""Reference data of the programs in the admin (administrators), audited like all reference data:
services, providers and their hours and time off, rooms, shelter sites, rooms and beds, disasters."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from amparo.core.admin_site import AuditedModelAdmin

from .models import (
    Availability,
    AvailabilityException,
    Bed,
    DisasterEvent,
    HousingRoom,
    Provider,
    Room,
    Service,
    Site,
)


class NoDelete(AuditedModelAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # used by appointments and stays: deactivate or end instead


@admin.register(Service)
class ServiceAdmin(NoDelete):
    list_display = ("code", "name", "program", "minutes", "active")
    list_filter = ("program", "active")


class HoursInline(admin.TabularInline):
    model = Availability
    extra = 0


class TimeOffInline(admin.TabularInline):
    model = AvailabilityException
    extra = 0


@admin.register(Provider)
class ProviderAdmin(NoDelete):
    list_display = ("user", "licence", "languages", "active")
    raw_id_fields = ("user",)
    inlines = [HoursInline, TimeOffInline]


@admin.register(Room)
class RoomAdmin(NoDelete):
    list_display = ("name", "active")


@admin.register(Site)
class SiteAdmin(NoDelete):
    list_display = ("name", "address")


@admin.register(HousingRoom)
class HousingRoomAdmin(NoDelete):
    list_display = ("name", "site")


@admin.register(Bed)
class BedAdmin(NoDelete):
    list_display = ("label", "room", "accessible", "crib", "family_room", "available_from", "available_until")
    list_filter = ("room__site", "accessible", "crib", "family_room")


@admin.register(DisasterEvent)
class DisasterEventAdmin(NoDelete):
    list_display = ("name", "started_on", "active")
