"""Volunteers: profiles and skills, shifts at events and drives, hours logged and approved, and
the value of volunteer time at the center's own dated rate."""
