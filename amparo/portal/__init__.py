"""The client portal: Spanish first, phone first, safe for people in danger."""
