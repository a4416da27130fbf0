"""Giving: donors, donations and receipts, grants, material aid."""
