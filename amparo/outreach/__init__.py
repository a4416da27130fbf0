"""Outreach: charlas and events with check-in, registration drives, campaigns, volunteers."""
