"""Classes and citizenship preparation: courses, attendance, certificates, civics practice."""
