"""Material aid: goods in, shipments out, boxes, and the state of a shipment (packed → shipped →
received, with the receiver's confirmation). Stock on hand is the sum of the moves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from amparo.core.audit import log_action
from amparo.core.i18n import language

from .models import AidDrive, Box, BoxItem, GoodsCategory, Shipment, StockMove

# ISO 3166-2:SV: the fourteen departments of El Salvador (codes as published in ISO 3166-2).
DEPARTMENTS = {
    "SV-AH": "Ahuachapán", "SV-CA": "Cabañas", "SV-CH": "Chalatenango", "SV-CU": "Cuscatlán",
    "SV-LI": "La Libertad", "SV-PA": "La Paz", "SV-UN": "La Unión", "SV-MO": "Morazán", "SV-SM": "San Miguel",
    "SV-SS": "San Salvador", "SV-SV": "San Vicente", "SV-SA": "Santa Ana", "SV-SO": "Sonsonate",
    "SV-US": "Usulután",
}


def create_drive(*, by: Any, name: str, starts: dt.date) -> AidDrive:
    with transaction.atomic():
        drive = AidDrive.objects.create(name=name, starts=starts)
        log_action(action="giving.aid.drive", actor=by, obj=drive)
    return drive


def receive_goods(*, by: Any, drive: AidDrive, on: dt.date, category: str, description: str, unit: str,
                  quantity: Any, weight_kg: Any = "0", expires_on: dt.date | None = None, point: Any = None
                  ) -> StockMove:
    quantity = Decimal(str(quantity))
    if quantity <= 0 or category not in GoodsCategory.values:
        raise ValidationError(_("Enter a category and a quantity of more than zero."))
    with transaction.atomic():
        move = StockMove.objects.create(drive=drive, point=point, on=on, category=category,
                                        description=description, unit=unit, quantity=quantity,
                                        weight_kg=Decimal(str(weight_kg)), expires_on=expires_on, created_by=by)
        log_action(action="giving.aid.receive", actor=by, obj=drive,
                   extra={"category": category, "quantity": str(quantity), "unit": unit})
    return move


def on_hand(drive: AidDrive) -> list[dict[str, Any]]:
    return list(drive.moves.values("category", "description", "unit")
                .annotate(quantity=Sum("quantity"), weight=Sum("weight_kg"))
                .filter(quantity__gt=0).order_by("category", "description"))


def pack_shipment(*, by: Any, drive: AidDrive, department: str, municipality: str, partner: str,
                  packed_on: dt.date, boxes: list[dict[str, Any]], carrier: str = "") -> Shipment:
    """``boxes``: ``[{"weight_kg": "12.5", "items": [{"category", "description", "quantity", "unit",
    "expires_on"}]}]``. Each item leaves the stock of the drive (refused if there is not enough)."""
    if department not in DEPARTMENTS:
        raise ValidationError({"department": _("Choose a department of El Salvador.")})
    if not municipality.strip() or not partner.strip() or not boxes:
        raise ValidationError(_("A shipment needs a municipality, a partner organization and at least one box."))
    with transaction.atomic():
        AidDrive.objects.select_for_update().get(pk=drive.pk)
        shipment = Shipment.objects.create(drive=drive, department=department, municipality=municipality.strip(),
                                           partner=partner.strip(), carrier=carrier, packed_on=packed_on,
                                           created_by=by)
        stock = {(r["category"], r["description"], r["unit"]): r["quantity"] for r in on_hand(drive)}
        for number, spec in enumerate(boxes, start=1):
            box = Box.objects.create(shipment=shipment, number=number, weight_kg=Decimal(str(spec["weight_kg"])))
            for item in spec["items"]:
                quantity = Decimal(str(item["quantity"]))
                key = (item["category"], item["description"], item["unit"])
                if stock.get(key, Decimal("0")) < quantity:
                    raise ValidationError(_("Not enough %(what)s in stock for box %(box)s.") % {
                        "what": item["description"], "box": number})
                stock[key] -= quantity
                BoxItem.objects.create(box=box, category=item["category"], description=item["description"],
                                       quantity=quantity, unit=item["unit"], expires_on=item.get("expires_on"))
                StockMove.objects.create(drive=drive, shipment=shipment, on=packed_on, category=item["category"],
                                         description=item["description"], unit=item["unit"], quantity=-quantity,
                                         created_by=by)
        log_action(action="giving.aid.pack", actor=by, obj=shipment, extra={"boxes": len(boxes)})
    return shipment


def ship(*, by: Any, shipment: Shipment, on: dt.date, carrier: str = "") -> Shipment:
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if locked.state != Shipment.State.PACKED:
            raise ValidationError(_("Only a packed shipment can be shipped."))
        locked.state, locked.shipped_on = Shipment.State.SHIPPED, on
        locked.carrier = carrier or locked.carrier
        locked.save(update_fields=["state", "shipped_on", "carrier"])
        log_action(action="giving.aid.ship", actor=by, obj=locked)
    return locked


def confirm_received(*, by: Any, shipment: Shipment, on: dt.date, received_by: str) -> Shipment:
    if not received_by.strip():
        raise ValidationError({"received_by": _("Enter who received the shipment.")})
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if locked.state != Shipment.State.SHIPPED:
            raise ValidationError(_("Only a shipped shipment can be received."))
        locked.state, locked.received_on, locked.received_by = Shipment.State.RECEIVED, on, received_by.strip()
        locked.save(update_fields=["state", "received_on", "received_by"])
        log_action(action="giving.aid.receive_confirm", actor=by, obj=locked)
    return locked


def manifest_context(shipment: Shipment) -> dict[str, Any]:
    boxes = list(shipment.boxes.prefetch_related("items"))
    total = sum((b.weight_kg for b in boxes), Decimal("0"))
    sections = []
    for code in ("es", "en"):
        with language(code):
            sections.append({
                "lang": code, "title": _("Packing manifest"), "destination": _("Destination"),
                "partner": _("Partner organization"), "carrier": _("Carrier"), "packed": _("Packed on"),
                "box": _("Box"), "weight": _("Weight (kg)"), "contents": _("Contents"), "total": _("Total weight (kg)"),
                "expires": _("Expires"),
                "boxes": [{"number": b.number, "weight": b.weight_kg, "items": [
                    {"category": str(GoodsCategory(i.category).label), "description": i.description,
                     "quantity": i.quantity, "unit": i.unit, "expires": i.expires_on} for i in b.items.all()]}
                    for b in boxes],
            })
    return {"shipment": shipment, "department": DEPARTMENTS.get(shipment.department, shipment.department),
            "total": total, "sections": sections}
