"""Clinic, mental health, transitional housing and basic-needs help."""
