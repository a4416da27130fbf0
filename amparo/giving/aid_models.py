"""Material aid: drives, collection points, goods received and shipped (a ledger of movements),
shipments of boxes to communities in El Salvador (ISO 3166-2:SV) with the receiver's confirmation."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["AidDrive", "CollectionPoint", "GoodsCategory", "StockMove", "Shipment", "Box", "BoxItem"]


class GoodsCategory(models.TextChoices):
    CLOTHING = "clothing", _("Clothing")
    FOOD = "food", _("Food")
    MEDICINE = "medicine", _("Medicine")
    HYGIENE = "hygiene", _("Hygiene")
    WATER = "water", _("Water")
    TOOLS = "tools", _("Tools and shelter")
    OTHER = "other", _("Other goods")


class AidDrive(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("aid drive")
        verbose_name_plural = _("aid drives")
        ordering = ["-starts"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("giving:drive", args=[self.pk])


class CollectionPoint(models.Model):
    drive = models.ForeignKey(AidDrive, on_delete=models.PROTECT, related_name="points")
    name = models.CharField(_("name"), max_length=150)
    address = models.CharField(_("address"), max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name


class Shipment(models.Model):
    class State(models.TextChoices):
        PACKED = "packed", pgettext_lazy("shipment state", "Packed")
        SHIPPED = "shipped", pgettext_lazy("shipment state", "Shipped")
        RECEIVED = "received", pgettext_lazy("shipment state", "Received")

    drive = models.ForeignKey(AidDrive, on_delete=models.PROTECT, related_name="shipments")
    department = models.CharField(_("department"), max_length=6)  # ISO 3166-2:SV, e.g. SV-SS
    municipality = models.CharField(_("municipality"), max_length=100)
    partner = models.CharField(_("partner organization"), max_length=200)
    carrier = models.CharField(_("carrier"), max_length=150, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PACKED)
    packed_on = models.DateField(_("packed on"))
    shipped_on = models.DateField(_("shipped on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    received_by = models.CharField(_("received by"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["-packed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.municipality} ({self.department})"

    def get_absolute_url(self) -> str:
        return reverse("giving:shipment", args=[self.pk])


class Box(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="boxes")
    number = models.PositiveIntegerField(_("box"))
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["shipment", "number"], name="giving_box_number_unique")]

    def __str__(self) -> str:
        return f"{self.shipment_id}/{self.number}"


class BoxItem(models.Model):
    box = models.ForeignKey(Box, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(_("category"), max_length=10, choices=GoodsCategory.choices)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    def __str__(self) -> str:
        return self.description


class StockMove(models.Model):
    """Goods in (from a drive or collection point) or out (packed into a shipment). Stock on hand
    is the sum of moves; nothing is edited."""

    drive = models.ForeignKey(AidDrive, on_delete=models.PROTECT, related_name="moves")
    point = models.ForeignKey(CollectionPoint, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    shipment = models.ForeignKey(Shipment, null=True, blank=True, on_delete=models.PROTECT, related_name="moves")
    on = models.DateField(_("date"))
    category = models.CharField(_("category"), max_length=10, choices=GoodsCategory.choices)
    description = models.CharField(_("description"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)  # negative: out
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=10, decimal_places=2, default=Decimal("0"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return self.description
