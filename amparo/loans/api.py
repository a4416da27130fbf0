"""Loans under /api/v1/ (mounted in amparo/api.py); every endpoint goes through the gate."""

from ninja import Router

router = Router(tags=["loans"])
