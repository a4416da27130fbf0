"""Campaigns for tests, made through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from amparo.campaigns import services
from amparo.campaigns.models import Campaign, Petition

DAY = dt.date(2026, 11, 2)


def campaign(by: Any, name: str = "Redesignación de TPS", **fields: Any) -> Campaign:
    return services.create_campaign(by=by, name=name, kind=fields.pop("kind", "petition"),
                                    starts_on=fields.pop("starts_on", DAY), **fields)


def petition(by: Any, target: int = 100, **fields: Any) -> Petition:
    return services.save_petition(by=by, campaign=fields.pop("campaign", None) or campaign(by),
                                  title_es="Pedimos la redesignación de TPS", title_en="We ask for TPS re-designation",
                                  text_es="Texto de la petición.", text_en="The petition's text.", target=target,
                                  **fields)
