"""What a receipt must say (IRS Publication 1771), in English and Spanish. Pure: facts in, texts out.

The thresholds and sources are dated data in ``data/acknowledgment.toml``; this module only reads
them. ``acknowledge(gift)`` returns the paragraphs of a receipt for one gift; ``correction(...)`` those
of a receipt that corrects (refunds or voids) a receipted gift. Both are produced in both languages
and stored on the receipt when it is issued, so a reprint says exactly what the original said.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "acknowledgment.toml"
ORGANIZATION = "Amparo"  # overridden by settings.AMPARO_ORGANIZATION_NAME when present


@dataclass(frozen=True)
class Rule:
    key: str
    effective: dt.date
    source: str
    verified: bool
    summary: str
    values: dict[str, Any]


@cache
def _load() -> tuple[str, tuple[Rule, ...]]:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    rules = []
    for item in raw["rules"]:
        values = {k: v for k, v in item.items() if k not in ("key", "effective", "source", "verified", "summary")}
        rules.append(Rule(item["key"], item["effective"], item["source"], bool(item["verified"]), item["summary"],
                          values))
    return raw["version"], tuple(rules)


def version() -> str:
    return _load()[0]


def rules(on: dt.date) -> dict[str, Rule]:
    """The rule of each key in force on ``on`` (the latest effective on or before that day)."""
    found: dict[str, Rule] = {}
    for rule in sorted(_load()[1], key=lambda r: r.effective):
        if rule.effective <= on:
            found[rule.key] = rule
    return found


def all_rules() -> tuple[Rule, ...]:
    return _load()[1]


@dataclass(frozen=True)
class Gift:
    organization: str
    donor: str
    received_on: dt.date
    amount: Decimal
    in_kind: bool = False
    description: str = ""  # of the goods given, for an in-kind gift
    goods_value: Decimal = Decimal("0")  # good-faith estimate of what the donor received
    goods_description: str = ""


@dataclass(frozen=True)
class Acknowledgment:
    en: list[str]
    es: list[str]
    deductible: Decimal
    written_required: bool  # a single gift of $250 or more
    disclosure_required: bool  # a quid pro quo payment over $75


def money(value: Decimal, language: str) -> str:
    text = f"{value.quantize(Decimal('0.01')):,.2f}"
    if language == "es":  # the Spanish of the US keeps the point for decimals (RAE allows both)
        return f"US${text}"
    return f"${text}"


MONTHS_ES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre")


def day(value: dt.date, language: str) -> str:
    if language == "es":
        return f"{value.day} de {MONTHS_ES[value.month - 1]} de {value.year}"
    return f"{value:%B} {value.day}, {value.year}"


def acknowledge(gift: Gift) -> Acknowledgment:
    force = rules(gift.received_on)
    written = Decimal(force["written_acknowledgment"].values["threshold"])
    disclosure = Decimal(force["quid_pro_quo_disclosure"].values["threshold"])
    given = gift.goods_value if gift.goods_value > 0 else Decimal("0")
    deductible = max(gift.amount - given, Decimal("0"))
    written_required = gift.amount >= written
    disclosure_required = given > 0 and gift.amount > disclosure
    en: list[str] = []
    es: list[str] = []
    if gift.in_kind:
        en.append(f"{gift.organization} thanks {gift.donor} for the gift received on {day(gift.received_on, 'en')} "
                  f"of: {gift.description}.")
        es.append(f"{gift.organization} agradece a {gift.donor} la donación recibida el {day(gift.received_on, 'es')} "
                  f"de: {gift.description}.")
        en.append("As the law requires, this receipt describes the goods but does not state their value; "
                  "the value for a tax return is for the donor to determine.")
        es.append("Como exige la ley, este recibo describe los bienes pero no indica su valor; "
                  "corresponde al donante determinar el valor para su declaración de impuestos.")
    else:
        en.append(f"{gift.organization} thanks {gift.donor} for the contribution of {money(gift.amount, 'en')} "
                  f"received on {day(gift.received_on, 'en')}.")
        es.append(f"{gift.organization} agradece a {gift.donor} la contribución de {money(gift.amount, 'es')} "
                  f"recibida el {day(gift.received_on, 'es')}.")
    if given > 0:
        what_en = gift.goods_description or "goods or services"
        what_es = gift.goods_description or "bienes o servicios"
        en.append(f"In return, the donor received {what_en} with a good-faith estimated value of "
                  f"{money(given, 'en')}.")
        es.append(f"A cambio, el donante recibió {what_es} con un valor estimado de buena fe de "
                  f"{money(given, 'es')}.")
        en.append("The amount of the contribution that is deductible for federal income tax purposes is limited "
                  "to the excess of the money (and the value of any property) contributed over the value of the "
                  f"goods or services provided: {money(deductible, 'en')}.")
        es.append("La parte de la contribución deducible del impuesto federal sobre la renta se limita a lo que "
                  "el dinero (y el valor de los bienes) aportado exceda el valor de los bienes o servicios "
                  f"recibidos: {money(deductible, 'es')}.")
    else:
        en.append("No goods or services were provided in exchange for this contribution.")
        es.append("No se entregaron bienes ni servicios a cambio de esta contribución.")
    return Acknowledgment(en, es, deductible, written_required, disclosure_required)


def correction(*, organization: str, donor: str, original_code: str, original_amount: Decimal,
               kind: str, on: dt.date, remaining: Decimal) -> tuple[list[str], list[str]]:
    """A receipt that corrects a receipted gift: refunded (money returned) or voided (entered in error)."""
    if kind == "refund":
        en = [f"{organization} returned to {donor} on {day(on, 'en')} the contribution acknowledged in receipt "
              f"{original_code} ({money(original_amount, 'en')})."]
        es = [f"{organization} devolvió a {donor} el {day(on, 'es')} la contribución reconocida en el recibo "
              f"{original_code} ({money(original_amount, 'es')})."]
    else:
        en = [f"Receipt {original_code} ({money(original_amount, 'en')}) to {donor} was issued in error and is "
              "void."]
        es = [f"El recibo {original_code} ({money(original_amount, 'es')}) a nombre de {donor} se emitió por error "
              "y queda anulado."]
    en.append(f"Receipt {original_code} no longer supports a deduction; the contribution that remains "
              f"acknowledged is {money(remaining, 'en')}.")
    es.append(f"El recibo {original_code} ya no respalda una deducción; la contribución que sigue reconocida "
              f"es de {money(remaining, 'es')}.")
    return en, es
