"""Pages of material aid: drives and their collection points, goods received into stock, shipments
to communities in El Salvador (ISO 3166-2:SV department and municipality, partner, carrier), their
boxes packed from stock, and the steps packed → shipped → received with the receiver's name."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from amparo.core import paging
from amparo.core.permissions import can, get_visible_or_404, require, restrict

from . import aid
from .documents import manifest_pdf
from .forms import BoxForm, DriveForm, GoodsForm, PointForm, ShipmentForm
from .models import AidDrive, Shipment
from .views import PAGE, _errors, _form_errors


def drive_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "aid.view")
    form = DriveForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "aid.manage")
        if form.is_valid():
            messages.success(request, _("The aid drive was added."))
            return redirect(aid.create_drive(by=request.user, **form.cleaned_data))
    drives = restrict(AidDrive.objects.all(), request.user, "view")
    page = paging.get_page(Paginator(drives, PAGE), request.GET.get("page"))
    return render(request, "giving/drives.html", {"page": page, "form": form,
                                                  "can_manage": can(request.user, "create", AidDrive)})


def drive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "aid.view")
    drive = get_visible_or_404(request.user, AidDrive.objects.all(), pk=pk)
    today = timezone.localdate()
    points = drive.points.order_by("name")
    form = GoodsForm(initial={"on": today}, points=points)
    point_form = PointForm()
    shipment_form = ShipmentForm(initial={"packed_on": today})
    if request.method == "POST":
        require(request.user, "aid.manage")
        get_visible_or_404(request.user, AidDrive.objects.all(), pk=pk, action="change")
        step = request.POST.get("form")
        if step == "point":
            point_form = PointForm(request.POST)
            if point_form.is_valid():
                try:
                    aid.add_point(by=request.user, drive=drive, **point_form.cleaned_data)
                except ValidationError as exc:
                    _form_errors(point_form, exc)
                else:
                    messages.success(request, _("The collection point was added."))
                    return redirect(drive)
        elif step == "shipment":
            shipment_form = ShipmentForm(request.POST)
            if shipment_form.is_valid():
                try:
                    shipment = aid.open_shipment(by=request.user, drive=drive, **shipment_form.cleaned_data)
                except ValidationError as exc:
                    _form_errors(shipment_form, exc)
                else:
                    messages.success(request, _("The shipment was opened: add its boxes."))
                    return redirect(shipment)
        else:
            form = GoodsForm(request.POST, points=points)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    aid.receive_goods(by=request.user, drive=drive, **{**data, "weight_kg": data["weight_kg"] or 0})
                except ValidationError as exc:
                    _form_errors(form, exc)
                else:
                    messages.success(request, _("The goods were received into stock."))
                    return redirect(drive)
    return render(request, "giving/drive.html", {
        "form": form, "point_form": point_form, "shipment_form": shipment_form,
        "can_manage": can(request.user, "change", drive), "drive": drive, "stock": aid.on_hand(drive),
        "points": points, "shipments": drive.shipments.annotate(weight=Sum("boxes__weight_kg"))[:50]})


def shipment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "aid.view")
    shipment = get_visible_or_404(request.user, Shipment.objects.select_related("drive"), pk=pk)
    stock = aid.on_hand(shipment.drive)
    box_form = BoxForm(stock=stock)
    if request.method == "POST":
        require(request.user, "aid.manage")
        get_visible_or_404(request.user, Shipment.objects.all(), pk=pk, action="change")
        today = timezone.localdate()
        step = request.POST.get("step")
        try:
            if step == "box":
                box_form = BoxForm(request.POST, stock=stock)
                if box_form.is_valid():
                    aid.add_box(by=request.user, shipment=shipment, weight_kg=box_form.cleaned_data["weight_kg"],
                                items=box_form.cleaned_data["items"])
                    messages.success(request, _("The box was packed."))
                    return redirect(shipment)
            elif step == "ship":
                aid.ship(by=request.user, shipment=shipment, on=today, carrier=request.POST.get("carrier", ""))
                messages.success(request, _("The shipment is on its way."))
                return redirect(shipment)
            else:
                aid.confirm_received(by=request.user, shipment=shipment, on=today,
                                     received_by=request.POST.get("received_by", ""))
                messages.success(request, _("The receipt of the shipment was confirmed."))
                return redirect(shipment)
        except ValidationError as exc:
            if step == "box":
                _form_errors(box_form, exc)
            else:
                for message in _errors(exc):
                    messages.error(request, message)
                return redirect(shipment)
    context = aid.manifest_context(shipment)
    context.update({"can_manage": can(request.user, "change", shipment), "box_form": box_form})
    current = "es" if (get_language() or "en").startswith("es") else "en"
    context["section"] = next(s for s in context["sections"] if s["lang"] == current)
    return render(request, "giving/shipment.html", context)


def shipment_manifest(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "aid.view")
    shipment = get_visible_or_404(request.user, Shipment.objects.select_related("drive"), pk=pk)
    response = HttpResponse(manifest_pdf(shipment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="manifest-{shipment.pk}.pdf"'
    return response
