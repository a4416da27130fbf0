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

from .models import AidDrive, Box, BoxItem, CollectionPoint, GoodsCategory, Shipment, StockMove

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


def add_point(*, by: Any, drive: AidDrive, name: str, address: str = "") -> CollectionPoint:
    if not name.strip():
        raise ValidationError({"name": _("Enter the name of the collection point.")})
    with transaction.atomic():
        point = CollectionPoint.objects.create(drive=drive, name=name.strip(), address=address.strip())
        log_action(action="giving.aid.point", actor=by, obj=drive, extra={"point": point.name})
    return point


def receive_goods(*, by: Any, drive: AidDrive, on: dt.date, category: str, description: str, unit: str,
                  quantity: Any, weight_kg: Any = "0", expires_on: dt.date | None = None, point: Any = None
                  ) -> StockMove:
    quantity = Decimal(str(quantity))
    if quantity <= 0 or category not in GoodsCategory.values:
        raise ValidationError(_("Enter a category and a quantity of more than zero."))
    if point is not None and point.drive_id != drive.pk:
        raise ValidationError({"point": _("Choose a collection point of this drive.")})
    with transaction.atomic():
        move = StockMove.objects.create(drive=drive, point=point, on=on, category=category,
                                        description=description, unit=unit, quantity=quantity,
                                        weight_kg=Decimal(str(weight_kg)), expires_on=expires_on, created_by=by)
        log_action(action="giving.aid.receive", actor=by, obj=drive,
                   extra={"category": category, "quantity": str(quantity), "unit": unit})
    return move


def on_hand(drive: AidDrive) -> list[dict[str, Any]]:
    labels = dict(GoodsCategory.choices)
    rows = list(drive.moves.values("category", "description", "unit")
                .annotate(quantity=Sum("quantity"), weight=Sum("weight_kg"))
                .filter(quantity__gt=0).order_by("category", "description"))
    for row in rows:
        row["label"] = labels.get(row["category"], row["category"])
    return rows


def open_shipment(*, by: Any, drive: AidDrive, department: str, municipality: str, partner: str,
                  packed_on: dt.date, carrier: str = "") -> Shipment:
    """A shipment being packed, to a municipality of a department of El Salvador (ISO 3166-2:SV);
    boxes are added with ``add_box`` until it is shipped."""
    if department not in DEPARTMENTS:
        raise ValidationError({"department": _("Choose a department of El Salvador.")})
    if not municipality.strip() or not partner.strip():
        raise ValidationError(_("A shipment needs a municipality and a partner organization."))
    with transaction.atomic():
        shipment = Shipment.objects.create(drive=drive, department=department, municipality=municipality.strip(),
                                           partner=partner.strip(), carrier=carrier.strip(), packed_on=packed_on,
                                           created_by=by)
        log_action(action="giving.aid.shipment", actor=by, obj=shipment)
    return shipment


def _pack_box(*, by: Any, shipment: Shipment, number: int, spec: dict[str, Any],
              stock: dict[tuple[str, str, str], Decimal]) -> Box:
    if not spec.get("items"):
        raise ValidationError(_("Put at least one item in box %(box)s.") % {"box": number})
    weight = Decimal(str(spec.get("weight_kg") or "0"))
    if weight <= 0:
        raise ValidationError({"weight_kg": _("Enter the weight of the box.")})
    box = Box.objects.create(shipment=shipment, number=number, weight_kg=weight)
    for item in spec["items"]:
        quantity = Decimal(str(item["quantity"]))
        key = (item["category"], item["description"], item["unit"])
        if quantity <= 0 or stock.get(key, Decimal("0")) < quantity:
            raise ValidationError(_("Not enough %(what)s in stock for box %(box)s.") % {
                "what": item["description"], "box": number})
        stock[key] -= quantity
        BoxItem.objects.create(box=box, category=item["category"], description=item["description"],
                               quantity=quantity, unit=item["unit"], expires_on=item.get("expires_on"))
        StockMove.objects.create(drive=shipment.drive, shipment=shipment, on=shipment.packed_on,
                                 category=item["category"], description=item["description"], unit=item["unit"],
                                 quantity=-quantity, created_by=by)
    return box


def add_box(*, by: Any, shipment: Shipment, weight_kg: Any, items: list[dict[str, Any]]) -> Box:
    """One more box in a shipment still being packed: ``items`` as in ``pack_shipment``. Each item
    leaves the drive's stock (refused, nothing packed, if there is not enough)."""
    with transaction.atomic():
        AidDrive.objects.select_for_update().get(pk=shipment.drive_id)  # one packer of a drive's stock at a time
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if locked.state != Shipment.State.PACKED:
            raise ValidationError(_("Boxes are added only while the shipment is being packed."))
        stock = {(r["category"], r["description"], r["unit"]): r["quantity"] for r in on_hand(locked.drive)}
        number = (locked.boxes.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        box = _pack_box(by=by, shipment=locked, number=number, spec={"weight_kg": weight_kg, "items": items},
                        stock=stock)
        log_action(action="giving.aid.box", actor=by, obj=locked, extra={"box": number, "items": len(items)})
    return box


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
            _pack_box(by=by, shipment=shipment, number=number, spec=spec, stock=stock)
        log_action(action="giving.aid.pack", actor=by, obj=shipment, extra={"boxes": len(boxes)})
    return shipment


def ship(*, by: Any, shipment: Shipment, on: dt.date, carrier: str = "") -> Shipment:
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if locked.state != Shipment.State.PACKED:
            raise ValidationError(_("Only a packed shipment can be shipped."))
        if not locked.boxes.exists():
            raise ValidationError(_("Pack at least one box before shipping."))
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
