"""What a registrant receives: a confirmation with a QR ticket and a calendar file, or an offer
of a freed seat. Written in the registrant's language; names no case or service."""

from __future__ import annotations

import datetime as dt
import io

import segno
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from amparo.core.i18n import language

from .models import Event, Registration


def ticket_png(registration: Registration) -> bytes:
    out = io.BytesIO()
    segno.make(registration.code, error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def ticket_svg(registration: Registration) -> str:
    out = io.BytesIO()
    segno.make(registration.code, error="m").save(out, kind="svg", scale=6, border=2, xmldecl=False, svgns=True)
    return out.getvalue().decode()


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def vevent(event: Event, *, now: dt.datetime | None = None) -> list[str]:
    site = settings.AMPARO_SITE_URL.split("//", 1)[-1].split("/", 1)[0]
    lines = ["BEGIN:VEVENT", f"UID:outreach-event-{event.pk}@{site}", f"DTSTAMP:{_stamp(now or timezone.now())}",
             f"DTSTART:{_stamp(event.starts_at)}", f"DTEND:{_stamp(event.ends_at)}",
             f"SUMMARY:{_ics_text(event.title)}"]
    if event.place or event.online_url:
        lines.append(f"LOCATION:{_ics_text(event.place or event.online_url)}")
    if event.description:
        lines.append(f"DESCRIPTION:{_ics_text(event.description)}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: list[Event], name: str) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Amparo//Outreach//ES", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_ics_text(name)}"]
    now = timezone.now()
    for event in events:
        lines.extend(vevent(event, now=now))
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _fold(line: str) -> str:
    out, raw = [], line.encode()
    while len(raw) > 75:
        cut = 75
        while (raw[cut] & 0xC0) == 0x80:
            cut -= 1
        out.append(raw[:cut].decode())
        raw = b" " + raw[cut:]
    out.append(raw.decode())
    return "\r\n".join(out)


def when_text(event: Event) -> str:
    start = timezone.localtime(event.starts_at)
    return f"{date_format(start, 'DATE_FORMAT')} {date_format(start, 'TIME_FORMAT')}"


def send_confirmation(registration_id: int) -> None:
    reg = Registration.objects.select_related("event").get(pk=registration_id)
    if not reg.email:
        return
    event = reg.event
    with language(reg.language):
        if reg.status == Registration.Status.WAITING:
            subject = _("You are on the waiting list: %(title)s") % {"title": event.title}
            body = _("Hello %(name)s,\n\nThe event is full, so you are on the waiting list for %(title)s "
                     "(%(when)s). If a seat is freed we will write to you, and you will have %(hours)s hours "
                     "to take it.\n\n%(center)s") % {
                "name": reg.given_names, "title": event.title, "when": when_text(event),
                "hours": event.offer_hours, "center": settings.AMPARO_CENTER_NAME}
        else:
            subject = _("Your seat: %(title)s") % {"title": event.title}
            body = _("Hello %(name)s,\n\nYou are registered for %(title)s on %(when)s at %(place)s.\n"
                     "Show the attached QR code at the door, or say your code: %(code)s.\n\n%(center)s") % {
                "name": reg.given_names, "title": event.title, "when": when_text(event),
                "place": event.place or event.online_url, "code": reg.code,
                "center": settings.AMPARO_CENTER_NAME}
    message = EmailMessage(subject, body, None, [reg.email])
    if reg.status != Registration.Status.WAITING:
        message.attach(f"ticket-{reg.code}.png", ticket_png(reg), "image/png")
    message.attach("event.ics", calendar([event], event.title), "text/calendar")
    message.send(fail_silently=False)


def send_offer(registration_id: int) -> None:
    reg = Registration.objects.select_related("event").get(pk=registration_id)
    if not reg.email or reg.offer_expires_at is None:
        return
    event = reg.event
    link = f"{settings.AMPARO_SITE_URL.rstrip('/')}/outreach/t/{reg.code}/"
    with language(reg.language):
        expires = timezone.localtime(reg.offer_expires_at)
        subject = _("A seat is free for you: %(title)s") % {"title": event.title}
        body = _("Hello %(name)s,\n\nA seat was freed for %(title)s (%(when)s). To take it, open this link "
                 "before %(expires)s:\n%(link)s\n\n%(center)s") % {
            "name": reg.given_names, "title": event.title, "when": when_text(event),
            "expires": f"{date_format(expires, 'DATE_FORMAT')} {date_format(expires, 'TIME_FORMAT')}",
            "link": link, "center": settings.AMPARO_CENTER_NAME}
    EmailMessage(subject, body, None, [reg.email]).send(fail_silently=False)
